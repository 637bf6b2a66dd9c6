from django.core.management import call_command

from celery import shared_task


@shared_task(ignore_result=True)
def publish_scheduled_pages():
    """Publish pages whose go-live time has come and unpublish expired ones.

    Celery beat runs this every minute in production; Wagtail's own command
    does the work, and is safe to run twice (a page already published is
    skipped).
    """
    call_command("publish_scheduled", verbosity=0)
