"""Celery tasks of ニーズ×シーズ (idempotent: a repeated run sends nothing twice)."""

from celery import shared_task

from exchange import digest, reminders


@shared_task(ignore_result=True)
def send_match_digests():
    """The daily e-mail of new strong matches (sent on the first run after 07:00)."""
    digest.send_daily_digests()


@shared_task(ignore_result=True)
def send_still_needed_reminders():
    """「まだ必要ですか？」 to the organisations of needs open for a long time."""
    reminders.send_still_needed_reminders()
