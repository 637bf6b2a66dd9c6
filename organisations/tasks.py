from celery import shared_task

from organisations.services import applications


@shared_task(ignore_result=True)
def purge_unconfirmed_applications():
    """Daily: personal data of applications never confirmed does not linger."""
    applications.purge_unconfirmed_applications()
