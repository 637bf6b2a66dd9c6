import logging

from celery import shared_task

from cms.translation.translators import TranslatorError
from organisations.services import applications

logger = logging.getLogger(__name__)

# Seconds before each retry of a failed machine translation (as for pages).
TRANSLATION_RETRY_DELAYS = [60, 5 * 60, 30 * 60]


@shared_task(ignore_result=True)
def purge_unconfirmed_applications():
    """Daily: personal data of applications never confirmed does not linger."""
    applications.purge_unconfirmed_applications()


@shared_task(bind=True, ignore_result=True, max_retries=len(TRANSLATION_RETRY_DELAYS))
def machine_translate_profile(self, organisation_id, language, user_id=None):
    """Machine-translate an organisation's message and description (idempotent).

    Started by the secretariat from the profile's translations page. A failing
    translator is retried after 1, 5 and 30 minutes; after the last try the
    translation stays as it was and the failure is logged.
    """
    from organisations.services import translations

    try:
        translations.machine_translate(organisation_id, language, user_id=user_id)
    except TranslatorError as error:
        if self.request.retries < self.max_retries and not self.request.is_eager:
            raise self.retry(
                exc=error, countdown=TRANSLATION_RETRY_DELAYS[self.request.retries]
            ) from error
        logger.warning(
            "machine translation of organisation %s into %s failed: %s",
            organisation_id,
            language,
            error,
        )
        translations.report_failure(organisation_id, language, error, user_id)
        return
    logger.info("organisation %s machine-translated into %s", organisation_id, language)
