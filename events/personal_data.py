"""Events hold no member's personal data (privacy.registry): their venue and contact are public."""

from events.models import EventPage
from privacy import registry

registry.not_personal(
    EventPage,
    ["venue_name", "venue_address", "contact"],
    reason="a public event's venue and enquiry contact, published with the event",
)
