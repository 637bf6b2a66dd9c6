"""The daily e-mail of new strong matches, to the staff of both organisations.

Once a day (the first run after ``DIGEST_HOUR``, Asia/Tokyo), for each open
need, the matcher's suggestions scoring at least ``matching.STRONG`` are
recorded as ``Match`` rows (stage "suggested"). Each organisation hears of a
match once (``need_notified_at`` / ``offer_notified_at``): its staff who
have not turned the e-mail off (``DigestSetting``, default daily) get one
e-mail listing the new matches, in their own language, at most once in
``DIGEST_INTERVAL``. Only listings still shown (active members, not hidden,
open) are named, and recipients are members, who may read members-only
listings. A run that is repeated sends nothing twice (dedupe key per user
and day; the notified_at marks).
"""

from collections import defaultdict
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cms import site_address
from cms.mail import queue_email, render_email_for

from . import matching
from .choices import DigestChoice, Kind, Stage, Status
from .models import DigestSetting, Listing, Match
from .services import staff_of

DIGEST_HOUR = 7
DIGEST_INTERVAL = timedelta(hours=20)


def record_strong_matches(today=None):
    """Suggested matches of every open need scoring at least STRONG (new ones created)."""
    today = today or timezone.localdate()
    for need in Listing.objects.open_on(today).filter(kind=Kind.NEED):
        for suggestion in matching.suggest(need, limit=5, today=today):
            if suggestion.score < matching.STRONG:
                break
            Match.objects.get_or_create(
                need=need,
                offer=suggestion.listing,
                defaults={
                    "stage": Stage.SUGGESTED,
                    "score": suggestion.score,
                    "reasons": suggestion.reasons,
                },
            )


def _wants_digest(user):
    setting = DigestSetting.objects.filter(user=user).first()
    return setting is None or setting.choice == DigestChoice.DAILY


def send_daily_digests(now=None, force=False):
    now = now or timezone.now()
    if not force and timezone.localtime(now).hour < DIGEST_HOUR:
        return 0
    record_strong_matches(timezone.localdate(now))
    shown = Listing.objects.shown().filter(status=Status.OPEN)
    pending = defaultdict(list)  # organisation → [(match, own listing, other listing)]
    for match in Match.objects.filter(
        need_notified_at__isnull=True, need__in=shown, offer__in=shown
    ).select_related("need__organisation", "offer__organisation"):
        pending[match.need.organisation].append((match, "need", match.need, match.offer))
    for match in Match.objects.filter(
        offer_notified_at__isnull=True, need__in=shown, offer__in=shown
    ).select_related("need__organisation", "offer__organisation"):
        pending[match.offer.organisation].append((match, "offer", match.offer, match.need))
    sent = 0
    for organisation, items in pending.items():
        with transaction.atomic():
            for user in staff_of(organisation):
                sent += _send(user, items, now, force)
            for match, side, _own, _other in items:
                setattr(match, f"{side}_notified_at", now)
                match.save(update_fields=[f"{side}_notified_at", "updated_at"])
    return sent


def _send(user, items, now, force):
    if not _wants_digest(user):
        return 0
    setting, _created = DigestSetting.objects.get_or_create(user=user)
    if setting.last_sent_at and not force and now - setting.last_sent_at < DIGEST_INTERVAL:
        return 0

    def context():
        return {
            "user": user,
            "items": [
                {
                    "own": own,
                    "other": other,
                    "reasons": match.reasons,
                    "url": site_address.absolute_url(
                        reverse("exchange:detail", kwargs={"pk": other.pk})
                    ),
                }
                for match, _side, own, other in items
            ],
            "settings_url": site_address.absolute_url(reverse("exchange:settings")),
        }

    subject, body, html_body = render_email_for(user, "exchange/emails/digest", context)
    queue_email(
        [user.email],
        subject,
        body,
        html_body=html_body,
        dedupe_key=f"exchange:digest:{user.pk}:{timezone.localdate(now).isoformat()}",
    )
    setting.last_sent_at = now
    setting.save(update_fields=["last_sent_at"])
    return 1
