"""「まだ必要ですか？」: a reminder on needs open for a long time.

A need that has been open (published, not closed or met, still shown) for
``REMINDER_DAYS`` days or more is named to its organisation's staff: is it
still needed? If not, they close it or mark it met, so the list stays
current. One reminder per need per period: the need's age in whole periods
is part of the outbox's dedupe key, so an hourly run sends it once, and a
need still open after another ``REMINDER_DAYS`` days is asked about again.
Each person gets it in their own language (cms.mail.render_email_for).
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cms import site_address
from cms.mail import queue_email, render_email_for
from cms.models import OutboundEmail

from .choices import Kind, Status
from .models import Listing
from .services import staff_of

REMINDER_DAYS = 60


def period_of(need, today):
    """Whole ``REMINDER_DAYS`` periods since the need was published (0: too new)."""
    return (today - timezone.localdate(need.published_at)).days // REMINDER_DAYS


def send_still_needed_reminders(now=None):
    now = now or timezone.now()
    today = timezone.localdate(now)
    cutoff = now - timedelta(days=REMINDER_DAYS)
    needs = (
        Listing.objects.shown()
        .filter(kind=Kind.NEED, status=Status.OPEN, published_at__lte=cutoff)
        .select_related("organisation")
    )
    sent = 0
    for need in needs:
        period = period_of(need, today)
        if period < 1:
            continue
        for user in staff_of(need.organisation):
            sent += _send(user, need, period)
    return sent


def _send(user, need, period):
    key = f"exchange:still-needed:{need.pk}:{period}:{user.pk}"
    if OutboundEmail.objects.filter(dedupe_key=key).exists():
        return 0

    def context():
        return {
            "user": user,
            "need": need,
            "days": REMINDER_DAYS * period,
            "url": site_address.absolute_url(reverse("exchange:detail", kwargs={"pk": need.pk})),
            "edit_url": site_address.absolute_url(reverse("exchange:edit", kwargs={"pk": need.pk})),
        }

    subject, body, html_body = render_email_for(user, "exchange/emails/still_needed", context)
    queue_email([user.email], subject, body, html_body=html_body, dedupe_key=key)
    return 1
