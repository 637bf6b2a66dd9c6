from celery import shared_task

from privacy import services


@shared_task(ignore_result=True)
def purge_expired_personal_data():
    """Daily: every retention rule in privacy.registry (sessions, outbox, applications…)."""
    services.purge_expired()
