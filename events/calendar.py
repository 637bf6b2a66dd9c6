"""iCalendar (.ics) export of an event, so people can add it to their calendar.

The public file names the place but never the online link: that goes only
to registrants, in the file attached to their confirmation (``for_registrant``).
"""

from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from icalendar import Calendar, Event

from cms.site_address import site_host_and_port


def event_calendar(event, request=None, *, for_registrant=False):
    calendar = Calendar()
    calendar.add("prodid", "-//Tsunagari//tsunagari//JA")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")

    entry = Event()
    host = request.get_host() if request is not None else site_host_and_port()[0]
    entry.add("uid", f"event-{event.pk}@{host}")
    entry.add("dtstamp", event.last_published_at or timezone.now())
    entry.add("dtstart", event.start)
    entry.add("dtend", event.end)
    entry.add("summary", event.title)
    page_url = event.get_full_url(request)
    organiser = _("主催：%(organiser)s") % {"organiser": event.organiser}
    entry.add("description", f"{event.summary}\n\n{organiser}\n{page_url}")
    entry.add("url", page_url)
    location = pgettext("列挙の区切り", "、").join(
        p for p in (event.venue_name, event.venue_address) if p
    )
    if event.online_url:
        online = event.online_url if for_registrant else _("オンライン")
        location = f"{location} / {online}" if location else online
    if location:
        entry.add("location", location)
    calendar.add_component(entry)
    return calendar


def event_ics_response(event, request):
    response = HttpResponse(
        event_calendar(event, request).to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


# The feed holds coming events and those of the last few months.
FEED_PAST_DAYS = 90


def feed_response(index, request):
    """``/events/calendar.ics``: every public, live event below ``index``, for subscribing.

    Only what the public page shows: members-only pages (view restrictions)
    and drafts stay out, and no online link is written.
    """
    from events.models import EventPage

    calendar = Calendar()
    calendar.add("prodid", "-//Tsunagari//tsunagari//JA")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", index.title)
    since = timezone.now() - timezone.timedelta(days=FEED_PAST_DAYS)
    events = (
        EventPage.objects.live()
        .public()
        .child_of(index)
        .filter(end__gte=since)
        .order_by("start", "pk")
    )
    for event in events:
        for component in event_calendar(event, request).walk("VEVENT"):
            calendar.add_component(component)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    return response


def personal_events(user):
    """The events of ``user``'s personal feed: those they registered for (a seat
    held) and their subcommittees' meetings, each only while they may read it."""
    from events import owners
    from events.models import SEAT_HOLDING, EventPage

    if not user.is_active:
        return []
    since = timezone.now() - timezone.timedelta(days=FEED_PAST_DAYS)
    registered = EventPage.objects.filter(
        registrations__user=user, registrations__status__in=SEAT_HOLDING
    ).values("pk")
    candidates = (
        EventPage.objects.live()
        .filter(end__gte=since)
        .filter(
            models.Q(pk__in=registered)
            | models.Q(pk__in=owners.owner().event_ids_for(user), owned=True)
        )
        .distinct()
        .order_by("start", "pk")
    )
    return [event for event in candidates if can_view(user, event)]


def can_view(user, event):
    """May ``user`` read ``event``'s page (its view restrictions, its owner)? No request needed."""
    from wagtail.models import PageViewRestriction

    from cms.privacy import view_restrictions
    from events import owners

    for restriction in view_restrictions(event):
        if restriction.restriction_type == PageViewRestriction.LOGIN:
            continue
        if restriction.restriction_type == PageViewRestriction.GROUPS and (
            user.is_superuser or user.groups.filter(pk__in=restriction.groups.all()).exists()
        ):
            continue
        return False
    return not event.owned or owners.owner().can_view(user, event)


def personal_feed_response(user, request):
    """A member's own feed (``/events/calendar/<token>.ics``); never the online link."""
    calendar = Calendar()
    calendar.add("prodid", "-//Tsunagari//tsunagari//JA")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("つながりネット：わたしの予定"))
    for event in personal_events(user):
        for component in event_calendar(event, request).walk("VEVENT"):
            calendar.add_component(component)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="my-calendar.ics"'
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
