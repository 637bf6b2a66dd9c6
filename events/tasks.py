"""Periodic jobs for registrations (CELERY_BEAT_SCHEDULE); each is safe to run twice."""

from celery import shared_task

from events import services


@shared_task(ignore_result=True)
def offer_freed_seats():
    """Every 15 minutes: withdraw expired offers and offer free seats to the waiting list."""
    services.offer_freed_seats_everywhere()


@shared_task(ignore_result=True)
def send_event_reminders():
    """Hourly: the day-before reminder, once per registration (reminded_at); and the
    no-shows of events that used check-in, a day after they ended."""
    services.send_reminders()
    services.mark_no_shows()
