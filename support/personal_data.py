"""Personal data in support (privacy.registry): who proposed a window.

A support window is an office's public entry (相談窓口): its name, who runs
it, its address and numbers are those of the office, published for residents
to call; no person is named or linked. The trouble vocabulary is words the
secretariat keeps. A window proposal records the member who sent it
(``proposed_by``, emptied when the account goes: SET_NULL); the proposal
itself is the organisation's.
"""

from django.utils.translation import gettext_lazy as _

from privacy import registry
from support.models import (
    Trouble,
    Window,
    WindowCorrection,
    WindowProposal,
    WindowTranslation,
)

registry.register(WindowProposal, ["proposed_by"], purpose=_("相談窓口の提案者"))
registry.not_personal(
    WindowProposal,
    ["name", "phone"],
    reason="the proposed office's name and public number, as on a window",
)

registry.not_personal(Trouble, ["name"], reason="a trouble in the secretariat's vocabulary")
registry.not_personal(
    Window,
    ["name", "provider_name", "address"],
    reason="a public office's name, provider and address, published for residents to call",
)
registry.not_personal(
    WindowCorrection,
    ["details"],
    reason="a correction to a public office's entry, sent without an account; the form asks "
    "for no name or contact",
)
registry.not_personal(
    WindowTranslation, ["name"], reason="a public office's name, translated for residents"
)
