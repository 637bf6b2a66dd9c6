"""Our translator inside wagtail-localize's editor ("Translate with …" button).

WAGTAILLOCALIZE_MACHINE_TRANSLATOR points here, so editors who translate a
page by hand can start from the same machine translation as the Celery job.
"""

import logging

from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.strings import StringValue

from .translators import TranslatorError, get_translator

logger = logging.getLogger(__name__)


class TsunagariMachineTranslator(BaseMachineTranslator):
    def __init__(self, options):
        super().__init__(options)
        self.translator = get_translator(options.get("NAME"))
        self.display_name = self.translator.name

    def can_translate(self, source_locale, target_locale):
        return source_locale.language_code == "ja" and self.translator.supports(
            target_locale.language_code
        )

    def translate(self, source_locale, target_locale, strings):
        strings = list(strings)
        try:
            results = self.translator.translate(
                [string.data for string in strings], target_locale.language_code
            )
            return {
                string: StringValue.from_translated_html(result)
                for string, result in zip(strings, results, strict=True)
            }
        except (TranslatorError, ValueError):
            # The editor keeps the untranslated segments; the error is logged.
            logger.exception("machine translation into %s failed", target_locale)
            return {}
