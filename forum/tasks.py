"""Celery tasks of the forum (ids only; each one idempotent)."""

from celery import shared_task

from forum import notifications


@shared_task(
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    max_retries=8,
)
def process_post_event(event_id):
    """E-mail members (or coordinators) about one published (or held) post."""
    notifications.process_event(event_id)


@shared_task(ignore_result=True)
def send_daily_digests():
    notifications.send_daily_digests()


@shared_task(ignore_result=True)
def run_periodic():
    """The relay for events whose task was lost, then the daily digests when due."""
    for event_id in notifications.pending_event_ids():
        process_post_event.delay(event_id)
    notifications.send_daily_digests()
