"""Background work someone can see: the outbox's state, failed jobs, the beat's heartbeat.

- ``email_status`` / ``retry_email``: the admin's 送信メール (queued, sent,
  failed) and its retry.
- ``record_failure`` / ``retry_failure``: a job whose retries are used up
  (an index update, a machine translation…) is kept as a BackgroundFailure
  until the secretariat queues it again from 失敗した処理.
- ``beat`` / ``beat_age``: the beat writes its heartbeat every minute; /healthz
  and the worker read it (a job of the beat cannot notice the beat is down).
- ``check``: e-mails unsent for more than 15 minutes, or a heartbeat older
  than 5 minutes, are logged and mailed to ADMINS (at most once an hour each;
  straight through the mail server, not the outbox, which may be what is stuck).
"""

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.mail import mail_admins
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import BackgroundFailure, Heartbeat, OutboundEmail

logger = logging.getLogger(__name__)

STUCK_EMAIL_AFTER = datetime.timedelta(minutes=15)
BEAT_LATE_AFTER = datetime.timedelta(minutes=5)
ALERT_EVERY = 60 * 60  # seconds between two alerts of one kind
BEAT = "beat"

QUEUED, SENT, FAILED = "queued", "sent", "failed"
STATUS_LABELS = {QUEUED: _("送信待ち"), SENT: _("送信済み"), FAILED: _("送信失敗")}


# --- The outbox ---------------------------------------------------------------------


def email_status(email):
    if email.sent_at is not None:
        return SENT
    return FAILED if email.last_error else QUEUED


def emails_with_status(queryset, status):
    if status == SENT:
        return queryset.filter(sent_at__isnull=False)
    if status == FAILED:
        return queryset.filter(sent_at__isnull=True).exclude(last_error="")
    if status == QUEUED:
        return queryset.filter(sent_at__isnull=True, last_error="")
    return queryset


def retry_email(email):
    """Send an unsent e-mail again: its attempts start over, the relay keeps it too."""
    from .mail import enqueue_delivery

    if email.sent_at is not None:
        return False
    OutboundEmail.objects.filter(pk=email.pk, sent_at__isnull=True).update(attempts=0)
    enqueue_delivery(email.pk)
    return True


def stuck_emails(now=None):
    cutoff = (now or timezone.now()) - STUCK_EMAIL_AFTER
    return OutboundEmail.objects.filter(sent_at__isnull=True, created_at__lt=cutoff)


# --- Failed jobs --------------------------------------------------------------------


def record_failure(task, args=(), kwargs=None, error=""):
    """Keep a job that failed for good, for the admin's list and its retry."""
    return BackgroundFailure.objects.create(
        task=task, args=list(args or ()), kwargs=dict(kwargs or {}), error=str(error)[:500]
    )


def open_failures():
    return BackgroundFailure.objects.filter(retried_at__isnull=True)


def retry_failure(failure):
    """Queue the same job again and mark the failure as retried (a new failure is a new row)."""
    from .celery import app

    if failure.retried_at is not None:
        return False
    updated = BackgroundFailure.objects.filter(pk=failure.pk, retried_at__isnull=True).update(
        retried_at=timezone.now()
    )
    if updated:
        task = app.tasks.get(failure.task)
        if task is None:  # not known here: the worker may know it
            app.send_task(failure.task, args=failure.args, kwargs=failure.kwargs)
        else:  # runs in process on the embedded default (eager)
            task.apply_async(args=failure.args, kwargs=failure.kwargs)
    return bool(updated)


# --- The beat's heartbeat -----------------------------------------------------------


def beat(now=None):
    Heartbeat.objects.update_or_create(name=BEAT, defaults={"beat_at": now or timezone.now()})


def beat_age(now=None):
    """Seconds since the beat's last heartbeat, or None if it never beat."""
    heartbeat = Heartbeat.objects.filter(name=BEAT).first()
    if heartbeat is None:
        return None
    return ((now or timezone.now()) - heartbeat.beat_at).total_seconds()


def beat_problem(now=None):
    """A short text when the beat is late, else "" (nothing runs it on the embedded default)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return ""
    age = beat_age(now)
    if age is None:
        return "beat never ran"
    if age > BEAT_LATE_AFTER.total_seconds():
        return f"beat heartbeat {int(age)} s old"
    return ""


# --- Alerts -------------------------------------------------------------------------


def alert(kind, subject, message):
    """Log ``message`` as an error and mail it to ADMINS, at most once an hour per ``kind``."""
    logger.error("%s: %s", subject, message)
    try:
        first = cache.add(f"cms.background.alert:{kind}", "1", timeout=ALERT_EVERY)
    except Exception:  # noqa: BLE001 - the cache down must not silence the alert
        first = True
    if first:
        mail_admins(subject, message, fail_silently=True)
    return first


def check(now=None, *, beat_too=True):
    """Alert on stuck e-mails and (``beat_too``) a late beat; returns the problems found."""
    problems = []
    stuck = stuck_emails(now)
    count = stuck.count()
    if count:
        oldest = stuck.order_by("created_at").values_list("created_at", flat=True).first()
        problems.append("emails")
        alert(
            "emails",
            f"Tsunagari: {count} e-mails unsent for over 15 minutes",
            f"{count} e-mails in the outbox are unsent, "
            f"the oldest since {oldest:%Y-%m-%d %H:%M %Z}. "
            "Check the worker, the broker and the mail server (docs/operations.md).",
        )
    if beat_too and alert_late_beat(now):
        problems.append("beat")
    return problems


def alert_late_beat(now=None):
    """Alert when the beat's heartbeat is late (the worker's timer and ``check``)."""
    late = beat_problem(now)
    if late:
        alert(
            "beat",
            "Tsunagari: the Celery beat has stopped",
            f"The periodic jobs are not running ({late}). Start the beat service "
            "(docs/operations.md).",
        )
    return late
