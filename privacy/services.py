"""Personal data rights: the member's export (開示), deletion (削除) and the retention purge.

- ``export_data(user)`` asks every section in ``privacy.registry`` for the
  person's rows; a section answers for its own person only, so nobody else's
  data can slip in;
- ``request_deletion`` records the member's request and tells them and the
  事務局; ``confirm_deletion`` (事務局 only) runs every registered eraser and
  then scrubs the account itself, in one transaction, and tells the person at
  the address they had;
- ``purge_expired`` runs every registered purger (the daily Celery job and
  ``manage.py purge_personal_data``).
"""

import logging
import uuid
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from cms.mail import queue_email, render_email, render_email_for, user_language
from privacy import registry
from privacy.models import DeletionRequest

logger = logging.getLogger(__name__)

ERASED_PREFIX = "erased-"


class DeletionBlocked(Exception):
    """Deletion cannot go ahead yet; ``messages`` says why (for the person)."""

    def __init__(self, messages):
        super().__init__("; ".join(str(message) for message in messages))
        self.messages = list(messages)


class DeletionNotPending(Exception):
    pass


def is_erased(user):
    """True for an account whose data was deleted (read from the user's own row)."""
    return bool(getattr(user, "username", "").startswith(ERASED_PREFIX))


def full_name(user):
    return " ".join(part for part in (user.last_name.strip(), user.first_name.strip()) if part)


# --- 開示: the export ------------------------------------------------------


def export_data(user):
    """Everything the site holds about ``user``: {"sections": [{key, title, rows}], ...}."""
    sections = []
    for section in registry.sections():
        rows = list(section.export(user))
        sections.append(
            {
                "key": section.key,
                "title": str(section.title),
                "labels": {key: str(label) for key, label in section.labels.items()},
                "rows": rows,
            }
        )
    return {
        "generated_at": timezone.now(),
        "user_id": user.pk,
        "sections": sections,
    }


def sessions_of(user):
    """The user's unexpired database sessions."""
    from django.contrib.sessions.models import Session

    key = str(user.pk)
    sessions = Session.objects.filter(expire_date__gt=timezone.now())
    return [session for session in sessions.iterator() if _session_user(session) == key]


def _session_user(session):
    try:
        return str(session.get_decoded().get(SESSION_KEY, ""))
    except Exception:  # noqa: BLE001 - a corrupt session belongs to nobody
        return ""


# --- 削除: requests and their confirmation ---------------------------------


def blocking_reasons(user):
    return [reason for check in registry.blockers() for reason in check(user)]


def pending_request(user):
    return DeletionRequest.objects.filter(user=user, status=DeletionRequest.Status.PENDING).first()


@transaction.atomic
def request_deletion(user, *, reason="", language=None):
    """Record the request (once) and tell the member and the 事務局. Raises DeletionBlocked."""
    existing = pending_request(user)
    if existing is not None:
        return existing
    blocked = blocking_reasons(user)
    if blocked:
        raise DeletionBlocked(blocked)
    deletion = DeletionRequest.objects.create(
        user=user,
        name=full_name(user),
        email=user.email,
        # The account's own language (cms.mail.user_language), else the page's.
        language=user_language(user, default=language or translation.get_language()),
        reason=reason,
    )
    if deletion.email:
        subject, body, html_body = render_email(
            "privacy/emails/deletion_requested",
            {"deletion": deletion},
            language=deletion.language,
        )
        queue_email(
            [deletion.email],
            subject,
            body,
            html_body=html_body,
            dedupe_key=f"privacy:deletion:{deletion.pk}:requested",
        )
    # Each reviewer in their own account's language.
    for reviewer in registry.reviewer_recipients():
        if not reviewer.email:
            continue
        subject, body, html_body = render_email_for(
            reviewer,
            "privacy/emails/deletion_review",
            lambda: {"deletion": deletion, "admin_url": admin_url()},
        )
        queue_email(
            [reviewer.email],
            subject,
            body,
            html_body=html_body,
            dedupe_key=f"privacy:deletion:{deletion.pk}:review:{reviewer.pk}",
        )
    logger.info("deletion requested", extra={"deletion_request_id": deletion.pk})
    return deletion


@transaction.atomic
def cancel_request(user):
    """The member withdraws their pending request. Returns True when there was one."""
    return bool(
        DeletionRequest.objects.filter(user=user, status=DeletionRequest.Status.PENDING).update(
            status=DeletionRequest.Status.CANCELLED,
            decided_at=timezone.now(),
            name="",
            email="",
            reason="",
        )
    )


@transaction.atomic
def confirm_deletion(deletion_id, *, by):
    """Delete or anonymise everything about the requester (事務局 only; the view checks).

    Raises DeletionNotPending when the request was already dealt with, and
    DeletionBlocked when it cannot go ahead yet (nothing is changed).
    """
    deletion = (
        DeletionRequest.objects.select_for_update()
        .filter(pk=deletion_id, status=DeletionRequest.Status.PENDING, user__isnull=False)
        .select_related("user")
        .first()
    )
    if deletion is None:
        raise DeletionNotPending
    user = deletion.user
    blocked = blocking_reasons(user)
    if blocked:
        raise DeletionBlocked(blocked)
    for erase in registry.erasers():
        erase(user)
    if deletion.email:
        subject, body, html_body = render_email(
            "privacy/emails/deletion_confirmed", {"deletion": deletion}, language=deletion.language
        )
        queue_email(
            [deletion.email],
            subject,
            body,
            html_body=html_body,
            dedupe_key=f"privacy:deletion:{deletion.pk}:confirmed",
        )
    deletion.status = DeletionRequest.Status.CONFIRMED
    deletion.decided_at = timezone.now()
    deletion.decided_by = by
    deletion.name = ""
    deletion.email = ""
    deletion.reason = ""
    deletion.save()
    logger.info(
        "deletion confirmed",
        extra={"deletion_request_id": deletion.pk, "user_id": user.pk, "by": by.pk},
    )
    return deletion


def scrub_account(user):
    """The account itself, last of the erasers: no name, no address, no way in."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    store = session_store()
    for session in sessions_of(user):
        # Through the engine, so a copy kept in the cache (cached_db) goes too.
        store(session.session_key).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.username = f"{ERASED_PREFIX}{uuid.uuid4().hex}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


def admin_url():
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return f"{base}{reverse('privacy_deletion_requests')}"


# --- The retention purge -------------------------------------------------


def purge_expired(*, now=None, dry_run=False):
    """Run every registered purger; {key: rows removed (or, with dry_run, to remove)}."""
    now = now or timezone.now()
    counts = {}
    for purger in registry.purgers():
        counts[purger.key] = purger.purge(now, dry_run=dry_run)
    if not dry_run:
        logger.info("personal data purged", extra={"counts": counts})
    return counts


def session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore
