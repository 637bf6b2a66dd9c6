"""Personal data in support (privacy.registry): none.

A support window is an office's public entry (相談窓口): its name, who runs
it, its address and numbers are those of the office, published for residents
to call; no person is named or linked. The trouble vocabulary is words the
secretariat keeps.
"""

from privacy import registry
from support.models import Trouble, Window

registry.not_personal(Trouble, ["name"], reason="a trouble in the secretariat's vocabulary")
registry.not_personal(
    Window,
    ["name", "provider_name", "address"],
    reason="a public office's name, provider and address, published for residents to call",
)
