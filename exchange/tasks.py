"""Celery tasks of ニーズ×シーズ (idempotent: a repeated run sends nothing twice)."""

from celery import shared_task

from exchange import digest


@shared_task(ignore_result=True)
def send_match_digests():
    """The daily e-mail of new strong matches (sent on the first run after 07:00)."""
    digest.send_daily_digests()
