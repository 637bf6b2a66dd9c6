"""E-mails to registrants, written to the outbox (cms.mail) inside the caller's transaction.

Each has a dedupe key, so a task or a click that runs twice sends once, and
each is rendered in the language the registrant used on the form. Only these
e-mails carry the online link.
"""

from cms.mail import queue_email, render_email
from cms.site_address import absolute_url
from events.calendar import event_calendar


def _page_path(event):
    return event.get_url_parts()[2]


def links(registration):
    event = registration.event
    base = _page_path(event)
    token = registration.token
    return {
        "event_url": absolute_url(base),
        "cancel_url": absolute_url(base + event.reverse_subpage("cancel", args=[token])),
        "offer_url": absolute_url(base + event.reverse_subpage("accept_offer", args=[token])),
    }


def _send(registration, template, key, *, ics=False):
    event = registration.event
    context = {"registration": registration, "event": event, **links(registration)}
    subject, body, html_body = render_email(
        f"events/emails/{template}", context, language=registration.language
    )
    attachments = []
    if ics:
        content = event_calendar(event, for_registrant=True).to_ical().decode()
        attachments.append((f"{event.slug}.ics", content, "text/calendar"))
    return queue_email(
        [registration.email],
        subject,
        body,
        html_body=html_body,
        dedupe_key=f"event-registration:{registration.pk}:{key}",
        attachments=attachments,
    )


def registered(registration):
    """Confirmed (with the details, the .ics and the cancel link) or on the waiting list."""
    if registration.status == "confirmed":
        return _send(registration, "registration_confirmed", "confirmed", ics=True)
    return _send(registration, "registration_waiting", "waiting")


def cancelled(registration):
    return _send(registration, "registration_cancelled", "cancelled")


def offered(registration):
    key = f"offered:{registration.offered_until:%Y%m%d%H%M}"
    return _send(registration, "seat_offered", key)


def offer_expired(registration):
    return _send(registration, "offer_expired", "offer-expired")


def reminder(registration):
    return _send(registration, "reminder", "reminder", ics=True)


def message(registration, *, subject, body, key):
    """The 事務局's own words, with the event's details and the cancel link below."""
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "message_subject": subject,
        "message_body": body,
        **links(registration),
    }
    rendered_subject, text, html_body = render_email(
        "events/emails/message", context, language=registration.language
    )
    return queue_email(
        [registration.email],
        rendered_subject,
        text,
        html_body=html_body,
        dedupe_key=f"event-message:{key}:{registration.pk}",
    )
