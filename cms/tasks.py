import logging

from celery import shared_task
from celery.signals import task_failure

from cms import mail

logger = logging.getLogger(__name__)


@shared_task(
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    max_retries=8,
)
def deliver_email(email_id):
    """Deliver one outbox e-mail (idempotent: a sent row is skipped)."""
    mail.deliver(email_id)


@shared_task(ignore_result=True)
def deliver_pending_emails():
    """The relay: deliver e-mails whose task was lost (broker down, worker killed)."""
    for email_id in mail.pending_ids():
        deliver_email.delay(email_id)


@shared_task(ignore_result=False)
def ping(token):
    """Answer ``token``: proof that a worker consumes from the broker and runs our code.

    Touches neither the database nor e-mail. Ops can run it against a live
    worker (``celery -A cms call cms.tasks.ping --args='["x"]'``); the test
    suite runs it on a real worker and the real Redis broker.
    """
    return {"pong": token}


@shared_task(ignore_result=True)
def beat_heartbeat():
    """Written every minute by the beat: /healthz and the worker read how old it is."""
    from cms import background

    background.beat()


@shared_task(ignore_result=True)
def check_background_work():
    """Alert ADMINS when e-mails sit unsent for over 15 minutes (cms/background.py).

    The beat's own lateness is checked by the worker and /healthz instead: a
    job the beat schedules does not run when the beat is down.
    """
    from cms import background

    background.check(beat_too=False)


# Tasks whose failure is shown elsewhere: the outbox lists its own e-mails.
NOT_RECORDED = {"cms.tasks.deliver_email", "cms.tasks.ping"}


@task_failure.connect(dispatch_uid="cms.tasks.record_failure")
def record_failure(sender=None, exception=None, args=None, kwargs=None, **extra):
    """A job failed for good (its retries used up): keep it for the admin's 失敗した処理."""
    from cms import background

    name = getattr(sender, "name", "")
    if not name or name in NOT_RECORDED:
        return
    try:
        background.record_failure(
            name, args or (), kwargs or {}, f"{exception.__class__.__name__}: {exception}"
        )
    except Exception:
        logger.exception("could not record the failure of %s", name)
