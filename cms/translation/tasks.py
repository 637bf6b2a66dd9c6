"""The machine-translation job, run when a Japanese page is published."""

import logging

from django.conf import settings

from celery import shared_task

from .translators import TranslatorError

logger = logging.getLogger(__name__)

RETRY_DELAYS = [60, 5 * 60, 30 * 60]  # seconds before each retry


def retry_delays():
    """``MACHINE_TRANSLATION_RETRY_DELAYS`` if set (the worker tests use seconds)."""
    return getattr(settings, "MACHINE_TRANSLATION_RETRY_DELAYS", RETRY_DELAYS)


@shared_task(bind=True, ignore_result=True, max_retries=None)
def machine_translate_page(self, page_id, language, mode, user_id=None):
    """Translate page ``page_id`` into ``language`` (idempotent).

    A failing translator is retried after 1, 5 and 30 minutes; after the last
    try the page stays as it was and the editor who published is told, in
    the page's history in the admin and by e-mail.
    """
    from . import services

    page = services.page_by_id(page_id)
    if page is None:
        return
    try:
        services.translate_page(page, language, mode)
    except TranslatorError as error:
        delays = retry_delays()
        if self.request.retries < len(delays) and not self.request.is_eager:
            raise self.retry(exc=error, countdown=delays[self.request.retries]) from error
        logger.warning(
            "machine translation of page %s into %s failed: %s", page_id, language, error
        )
        services.report_failure(page, language, str(error), user_id)
        # Kept for the admin's 失敗した処理, whose retry queues this job again.
        from cms.background import record_failure

        record_failure(self.name, [page_id, language, mode, user_id], error=error)
        return
    logger.info("page %s machine-translated into %s (%s)", page_id, language, mode)
