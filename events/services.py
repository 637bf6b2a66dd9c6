"""Registrations for events: seats, the waiting list, offers, cancellation, check-in.

Every change to who holds a seat happens in ``locked(event)``: a transaction
that first takes the event's write lock and then counts the seats again, as
pretix, Indico and Decidim do. On PostgreSQL the lock is the event row
(``SELECT … FOR UPDATE``); SQLite has no row locks, so the transaction's
first statement is a write to the event row, which takes SQLite's one write
lock at once (the immediate transaction) instead of failing on an upgrade
from a read lock later. Registrations made at the same moment are thus
counted one after the other: never more confirmed than seats, and the rest
on the waiting list in the order they arrived.

E-mails are written to the outbox in the same transaction (cms.mail), so a
rolled-back registration sends nothing and a task run twice sends once.
"""

import contextlib
import datetime
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, Count, F, Q, Sum, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from events.models import (
    CHECK_IN_CODE_LENGTH,
    SEAT_HOLDING,
    AttendanceMode,
    EventPage,
    Registration,
    RegistrationStatus,
)

COUNTED_AS_REGISTERED = [
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.ATTENDED,
    RegistrationStatus.NO_SHOW,
]

# How long a freed seat is kept for the first person on the waiting list.
OFFER_HOURS = 48
# Close to the event the offer is shorter: half the time left, at least this.
MIN_OFFER = datetime.timedelta(hours=2)
# No seat is offered this close to the start: nobody could act on it.
NO_OFFERS_BEFORE_START = datetime.timedelta(hours=3)
# Registrants' personal data is purged this long after the event (counts stay).
RETENTION_DAYS = 180


class RegistrationClosed(Exception):
    """Registration is not (or no longer) possible; ``reason`` says why."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


# Why the register button is gone (the event page says so).
OPEN, DEADLINE, FULL, ENDED, NOT_ON_SITE, MEMBERS_ONLY = (
    "open",
    "deadline",
    "full",
    "ended",
    "not_on_site",
    "members_only",
)


@contextlib.contextmanager
def locked(event):
    """A transaction holding ``event``'s write lock (see the module docstring)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            list(
                EventPage.objects.select_for_update(of=("self",))
                .filter(pk=event.pk)
                .values_list("pk", flat=True)
            )
        else:
            EventPage.objects.filter(pk=event.pk).update(capacity=F("capacity"))
        yield


def seats_taken(event, mode, **filters):
    return (
        Registration.objects.filter(
            event=event, mode=mode, status__in=SEAT_HOLDING, **filters
        ).aggregate(taken=Sum("party_size"))["taken"]
        or 0
    )


def held_for_referrals(event, mode):
    """Venue seats still held back for people a member organisation's 窓口 refers."""
    if mode != AttendanceMode.VENUE or not event.referral_seats:
        return 0
    return max(event.referral_seats - seats_taken(event, mode, referred=True), 0)


def seats_left(event, mode, referred=False):
    """Seats still free in ``mode`` (for a referral, the held seats too), or None: no limit."""
    capacity = event.capacity_for(mode)
    if capacity is None:
        return None
    held = 0 if referred else held_for_referrals(event, mode)
    return max(capacity - seats_taken(event, mode) - held, 0)


def may_refer(user):
    """Register someone on a referral seat: staff of member organisations (窓口), the 事務局."""
    from organisations.access import is_member, is_secretariat

    return is_member(user) or is_secretariat(user)


def deadline_passed(event, now=None):
    now = now or timezone.now()
    if event.registration_deadline is None:
        return now >= event.start
    return timezone.localtime(now).date() > event.registration_deadline or now >= event.start


def registration_state(event, user=None, now=None):
    """Whether one may register now, or why not: OPEN, DEADLINE, FULL (waiting list), ENDED…

    FULL still accepts registrations: they go on the waiting list.
    """
    now = now or timezone.now()
    if not event.registration_open:
        return NOT_ON_SITE
    if event.end < now:
        return ENDED
    if deadline_passed(event, now):
        return DEADLINE
    if (event.members_only or event.owned) and user is not None and not may_register(event, user):
        return MEMBERS_ONLY
    lefts = [seats_left(event, mode) for mode in event.attendance_modes]
    if all(left is not None and left <= 0 for left in lefts):
        return FULL
    return OPEN


def may_register(event, user):
    """Anyone for a public event; active members (and the secretariat) for a
    members-only one; for a subcommittee's meeting, whom its owner says."""
    if event.owned:
        from events import owners

        return owners.owner().can_register(user, event)
    if not event.members_only:
        return True
    from organisations.access import is_member, is_secretariat

    return is_member(user) or is_secretariat(user)


@dataclass
class Outcome:
    registration: Registration
    created: bool


def register(event, *, name, email, user=None, now=None, **fields):
    """Register one person (and their party); confirmed if seats are left, else waiting.

    A second registration with the same address for the same event returns
    the first one (``created`` False): a form sent twice registers once.
    """
    from events import notifications

    email = email.strip().lower()
    mode = fields.get("mode") or event.attendance_modes[0]
    party_size = fields.get("party_size") or 1
    with locked(event):
        now = now or timezone.now()  # the join time is when the lock was taken
        event.refresh_from_db(
            fields=[
                "registration_open",
                "registration_deadline",
                "capacity",
                "online_capacity",
                "referral_seats",
                "members_only",
                "owned",
                "start",
                "end",
            ]
        )
        existing = (
            Registration.objects.filter(event=event, email=email)
            .exclude(status=RegistrationStatus.CANCELLED)
            .first()
        )
        if existing is not None:
            return Outcome(existing, False)
        state = registration_state(event, user=user, now=now)
        if state not in (OPEN, FULL):
            raise RegistrationClosed(state)
        referred = bool(fields.get("referred"))
        left = seats_left(event, mode, referred=referred)
        waiting = Registration.objects.filter(
            event=event, mode=mode, status=RegistrationStatus.WAITING
        )
        # A referral waits only behind other referrals: the held seats are theirs.
        waiting_ahead = (waiting.filter(referred=True) if referred else waiting).exists()
        fits = left is None or (party_size <= left and not waiting_ahead)
        status = RegistrationStatus.CONFIRMED if fits else RegistrationStatus.WAITING
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event,
                    user=user if user is not None and user.is_authenticated else None,
                    name=name,
                    email=email,
                    status=status,
                    created_at=now,
                    **{**fields, "mode": mode, "party_size": party_size},
                )
        except IntegrityError:  # the same address, at the same moment, elsewhere
            return Outcome(
                Registration.objects.filter(event=event, email=email)
                .exclude(status=RegistrationStatus.CANCELLED)
                .get(),
                False,
            )
        notifications.registered(registration)
    return Outcome(registration, True)


def registration_for_token(event, token):
    return Registration.objects.filter(event=event, token=token).first() if token else None


def cancel(registration, now=None):
    """Cancel; harmless when already cancelled. A freed seat goes to the waiting list.

    Returns True when this call cancelled it.
    """
    from events import notifications

    now = now or timezone.now()
    event = registration.event
    with locked(event):
        registration.refresh_from_db()
        if registration.status not in (
            RegistrationStatus.CONFIRMED,
            RegistrationStatus.WAITING,
            RegistrationStatus.OFFERED,
        ):
            return False
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.offered_until = None
        registration.save(update_fields=["status", "cancelled_at", "offered_until"])
        notifications.cancelled(registration)
        offer_free_seats(event, now=now)
    return True


def offer_duration(event, now):
    left = event.start - now
    return max(min(datetime.timedelta(hours=OFFER_HOURS), left / 2), MIN_OFFER)


def offer_free_seats(event, now=None):
    """Offer free seats to the waiting list, first come first served (inside ``locked``).

    Expired offers are withdrawn first (the person is told) and their seat
    goes to the next in line. Returns the registrations offered a seat now.
    Running it twice changes nothing the second time.
    """
    from events import notifications

    now = now or timezone.now()
    for expired in Registration.objects.filter(
        event=event, status=RegistrationStatus.OFFERED, offered_until__lt=now
    ):
        expired.status = RegistrationStatus.CANCELLED
        expired.cancelled_at = now
        expired.save(update_fields=["status", "cancelled_at"])
        notifications.offer_expired(expired)
    offered = []
    if event.start - now < NO_OFFERS_BEFORE_START:
        return offered
    for mode in event.attendance_modes:
        waiting = Registration.objects.filter(
            event=event, mode=mode, status=RegistrationStatus.WAITING
        ).order_by("created_at", "pk")
        for registration in waiting:
            # Counted again for each: an offer holds its seat; a referral may take held ones.
            left = seats_left(event, mode, referred=registration.referred)
            if left is not None and registration.party_size > left:
                break  # the first in line keeps their place; nobody overtakes
            registration.status = RegistrationStatus.OFFERED
            registration.offered_until = now + offer_duration(event, now)
            registration.save(update_fields=["status", "offered_until"])
            notifications.offered(registration)
            offered.append(registration)
    return offered


def accept_offer(registration, now=None):
    """The offered seat becomes a confirmed one, if the offer still stands."""
    from events import notifications

    now = now or timezone.now()
    with locked(registration.event):
        registration.refresh_from_db()
        if registration.status == RegistrationStatus.CONFIRMED:
            return True
        if registration.status != RegistrationStatus.OFFERED or registration.offered_until < now:
            return False
        registration.status = RegistrationStatus.CONFIRMED
        registration.offered_until = None
        registration.save(update_fields=["status", "offered_until"])
        notifications.registered(registration)
    return True


def offer_freed_seats_everywhere(now=None):
    """Periodic: withdraw expired offers and offer free seats, for every coming event."""
    now = now or timezone.now()
    events = EventPage.objects.filter(
        Q(registrations__status=RegistrationStatus.WAITING)
        | Q(registrations__status=RegistrationStatus.OFFERED),
        end__gte=now,
    ).distinct()
    count = 0
    for event in events:
        with locked(event):
            count += len(offer_free_seats(event, now=now))
    return count


def send_reminders(now=None):
    """Periodic: the day-before reminder to every confirmed registrant, once each."""
    from events import notifications

    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + datetime.timedelta(days=1)
    due = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminded_at__isnull=True,
        event__start__date=tomorrow,
    ).select_related("event")
    sent = 0
    for registration in due:
        with transaction.atomic():
            updated = Registration.objects.filter(
                pk=registration.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if updated:
                notifications.reminder(registration)
                sent += 1
    return sent


def check_in(registration, attended=True, now=None):
    """Mark attended (or undo it). Returns the registration as saved."""
    now = now or timezone.now()
    with transaction.atomic():
        registration.refresh_from_db()
        if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.WAITING):
            return registration
        if attended:
            registration.status = RegistrationStatus.ATTENDED
            registration.checked_in_at = registration.checked_in_at or now
        else:
            registration.status = RegistrationStatus.CONFIRMED
            registration.checked_in_at = None
        registration.save(update_fields=["status", "checked_in_at"])
    return registration


# The secretariat may record check-ins this long after the end (a paper list).
NO_SHOW_AFTER = datetime.timedelta(days=1)


def mark_no_shows(now=None):
    """A day after an event where check-in was used: confirmed but never checked in = no-show.

    Events where nobody was checked in are left alone: without a check-in
    there is no telling who came. Safe to run again (only CONFIRMED changes).
    """
    now = now or timezone.now()
    checked = Registration.objects.filter(
        status=RegistrationStatus.ATTENDED, event__end__lt=now - NO_SHOW_AFTER
    ).values("event")
    return Registration.objects.filter(
        event__in=checked, status=RegistrationStatus.CONFIRMED
    ).update(status=RegistrationStatus.NO_SHOW)


def counts(registrations):
    """Registered / attended / no-show / cancelled / waiting among ``registrations``."""
    return registrations.aggregate(
        # An offer still open is not (yet) a registration: it holds a seat only.
        registered=Count("pk", filter=Q(status__in=COUNTED_AS_REGISTERED)),
        attended=Count("pk", filter=Q(status=RegistrationStatus.ATTENDED)),
        no_show=Count("pk", filter=Q(status=RegistrationStatus.NO_SHOW)),
        cancelled=Count("pk", filter=Q(status=RegistrationStatus.CANCELLED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
    )


def counts_for_event(event):
    return counts(Registration.objects.filter(event=event))


def fiscal_year_bounds(year):
    """Japanese fiscal year ``year`` (令和…年度): 1 April ``year`` to 31 March next year."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, 4, 1, tzinfo=tz)
    return start, datetime.datetime(year + 1, 4, 1, tzinfo=tz)


def counts_for_fiscal_year(year):
    """Counts over every event that started in fiscal year ``year`` (for the KPI report)."""
    start, end = fiscal_year_bounds(year)
    return counts(Registration.objects.filter(event__start__gte=start, event__start__lt=end))


PURGED_NAME = "（消去済み）"


def purge_registrations(now=None, dry_run=False):
    """Erase registrants' personal data RETENTION_DAYS after their event; keep the counts.

    The rows stay (status, mode, party size, dates), so the per-event and
    per-fiscal-year counts do not change; name, address, needs and answers go.
    """
    now = now or timezone.now()
    expired = Registration.objects.filter(
        event__end__lt=now - datetime.timedelta(days=RETENTION_DAYS)
    ).exclude(name=PURGED_NAME)
    if dry_run:
        return expired.count()
    return anonymise(expired)


def anonymise(registrations):
    """Erase the personal fields of ``registrations``; status, mode and size stay."""
    return registrations.update(
        user=None,
        name=PURGED_NAME,
        email="",
        organisation_name="",
        accessibility=[],
        accessibility_other="",
        interpretation_language="",
        answers={},
        token=Concat(Value("purged-"), Cast("pk", CharField())),
    )


def message_registrants(event, *, subject, body, statuses, key):
    """The 事務局's message to everyone registered (``statuses``), once per ``key``.

    ``key`` comes from the form (a nonce), so a form sent twice sends once.
    Returns the number of e-mails queued.
    """
    from events import notifications

    registrations = Registration.objects.filter(event=event, status__in=statuses).exclude(email="")
    with transaction.atomic():
        for registration in registrations:
            notifications.message(registration, subject=subject, body=body, key=key)
    return registrations.count()


def normalise_check_in_code(text):
    """What staff typed (full-width, lower case, with hyphens or spaces) as a code."""
    from cms.text import nfkc

    return "".join(ch for ch in nfkc(text or "").upper() if ch.isalnum())


def registration_for_code(event, text):
    code = normalise_check_in_code(text)
    if len(code) != CHECK_IN_CODE_LENGTH:
        return None
    return Registration.objects.filter(event=event, check_in_code=code).first()


def check_in_url(registration):
    """The staff check-in page showing this registration: what its QR code opens."""
    from django.urls import reverse
    from django.utils.http import urlencode

    from cms.site_address import absolute_url

    path = reverse("events_check_in", args=[registration.event_id])
    return absolute_url(f"{path}?{urlencode({'code': registration.check_in_code})}")


def check_in_qr_svg(registration):
    """The registrant's QR code (inline SVG) for the door: staff scan it with a phone."""
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext

    import segno

    qr = segno.make(check_in_url(registration), error="m")
    svg = qr.svg_inline(
        scale=4, title=gettext("受付用のQRコード"), dark="#000", light="#fff", border=2
    )
    return mark_safe(svg)  # noqa: S308 - segno's own SVG; the only text is the title above
