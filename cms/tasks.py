from celery import shared_task

from cms import mail


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
