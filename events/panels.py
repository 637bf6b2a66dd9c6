"""Events' panels: the next events on the home page, and a link to the events
index on the 404 page (see cms.panels)."""

from django.utils import timezone

from cms import i18n, panels, privacy
from events.models import EventPage


def upcoming_events(context):
    events = (
        privacy.public(EventPage.objects.live())
        .descendant_of(i18n.original_page(context["page"]))
        .filter(end__gte=timezone.now())
        .order_by("start")[:3]
    )
    return {"upcoming_events": i18n.pages_in_language(events)}


def register():
    panels.register(
        "home",
        "events",
        template="events/panels/upcoming_events.html",
        context=upcoming_events,
        order=20,
        shared=True,
        changes_with_time=True,  # an event that ends leaves the list
    )
    panels.register(
        "not_found",
        "events",
        template="includes/section_link.html",
        context={"section": "events"},
        order=20,
    )
