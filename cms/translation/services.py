"""Machine-translate a Japanese page into one language with wagtail-localize.

The page's text is extracted into wagtail-localize's translation source
(segments), the segments without a translation yet are sent to the machine
translator, and the translated page is saved as a draft for review or
published, and flagged as machine-translated (the page then says so). The
whole run is one transaction: a translator that fails or times out leaves
every page as it was.

``translate_plain_texts`` does the same for short plain texts that are not
pages (an organisation's message and description).

``translate_page_by_hand`` publishes a person's translation of a page through
the same wagtail-localize objects, so editors see it in the translation
editor like any other (the demo's translated pages are made this way).
"""

import html
import re
from collections import defaultdict

from django.db import transaction

from wagtail.models import Locale, Page

import nh3
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue

from cms import site_address

from .models import AutoTranslateMode, MachineTranslation
from .translators import TranslatorError, get_translator

BR_RE = re.compile(r"\s*<br\s*/?>", re.IGNORECASE)


def _untranslated_segments(source, locale):
    """{StringValue data: [(string_id, context_id)]} still to translate into ``locale``."""
    segments = defaultdict(list)
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        if StringTranslation.objects.filter(
            translation_of_id=segment.string_id, locale=locale, context_id=segment.context_id
        ).exists():
            continue
        segments[segment.string.data].append((segment.string_id, segment.context_id))
    return segments


def _localize_translation(page, locale):
    """wagtail-localize's (source, translation) of ``page`` into ``locale``, made if missing;
    the source's segments are brought up to date with the page."""
    source, _created = TranslationSource.update_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    return source, translation


def translate_page(page, language, mode, translator=None):
    """Machine-translate ``page`` into ``language``; returns the translated page.

    ``mode`` is AutoTranslateMode.DRAFT (a draft revision for an editor to
    review) or PUBLISH (published at once, with the machine-translation
    notice). Raises TranslatorError, with nothing changed, if the translator
    fails.
    """
    translator = translator or get_translator()
    locale = Locale.objects.get(language_code=language)
    page = page.specific
    with transaction.atomic():
        source, translation = _localize_translation(page, locale)
        segments = _untranslated_segments(source, locale)
        texts = list(segments)
        translated = translator.translate(texts, language)  # may raise TranslatorError
        for text, result in zip(texts, translated, strict=True):
            try:
                data = StringValue.from_translated_html(result).data
            except ValueError as error:  # tags wagtail-localize does not allow
                raise TranslatorError(f"{translator.name}: {error}") from error
            for string_id, context_id in segments[text]:
                StringTranslation.objects.get_or_create(
                    translation_of_id=string_id,
                    locale=locale,
                    context_id=context_id,
                    defaults={
                        "data": data,
                        "translation_type": StringTranslation.TRANSLATION_TYPE_MACHINE,
                        "tool_name": translator.name,
                        "has_error": False,
                        "field_error": "",
                    },
                )
        translation.save_target(publish=mode == AutoTranslateMode.PUBLISH)
        target = page.get_translation(locale)
        MachineTranslation.objects.update_or_create(
            page=target, defaults={"translator": translator.name}
        )
    return target


def source_segments(page):
    """The texts wagtail-localize extracts from ``page`` to translate, in order.

    Inline markup is in wagtail-localize's form (``<a id="a1">…</a>``); a
    translation gives the same tags back.
    """
    source, _created = TranslationSource.update_or_create_from_instance(page.specific)
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    return [(segment.context.path, segment.string.data) for segment in segments.order_by("order")]


def translate_page_by_hand(page, language, texts, *, user=None):
    """Publish ``page`` in ``language`` with a person's translations; returns it.

    ``texts`` maps a segment's Japanese text (``source_segments``) to its
    translation. The translations are stored as manual ones in
    wagtail-localize, so the page stays linked to its original and editors
    can change them in the translation editor; segments ``texts`` leaves out
    are published in Japanese (wagtail-localize's fallback), which the page's
    notice then reports. A translation is never marked machine-translated.
    Raises ValueError when a translation's inline tags do not match.
    """
    locale = Locale.objects.get(language_code=language)
    page = page.specific
    with transaction.atomic():
        source, translation = _localize_translation(page, locale)
        segments = StringSegment.objects.filter(source=source).select_related("string")
        for segment in segments:
            text = texts.get(segment.string.data)
            if not text:
                continue
            StringTranslation.objects.update_or_create(
                translation_of_id=segment.string_id,
                locale=locale,
                context_id=segment.context_id,
                defaults={
                    "data": StringValue.from_translated_html(text).data,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "tool_name": "",
                    "last_translated_by": user,
                    "has_error": False,
                    "field_error": "",
                },
            )
        translation.save_target(user=user, publish=True)
        target = page.get_translation(locale)
        MachineTranslation.objects.filter(page=target).delete()
    return target


def translate_plain_texts(texts, language, translator=None):
    """Machine-translate plain texts (not HTML) into ``language``; same order.

    Translators take HTML fragments, so each text is escaped, its line breaks
    become ``<br>`` and come back as line breaks; any markup a service adds
    is removed, so the result is plain text again (templates escape it).
    Empty texts stay empty and are not sent. Raises TranslatorError.
    """
    translator = translator or get_translator()
    texts = list(texts)
    todo = [i for i, text in enumerate(texts) if text.strip()]
    fragments = [html.escape(texts[i]).replace("\n", "<br>") for i in todo]
    results = list(texts)
    for i, translated in zip(todo, translator.translate(fragments, language), strict=True):
        with_breaks = BR_RE.sub("\n", translated)
        results[i] = html.unescape(nh3.clean(with_breaks, tags=set())).strip()
    return results


def enabled_languages(page):
    """[(code, mode)] the secretariat chose for machine translation on ``page``'s site."""
    from .models import MachineTranslationSettings

    site = page.get_site()
    if site is None:
        return []
    return MachineTranslationSettings.for_site(site).enabled_languages()


def is_original(page):
    from . import privacy

    return privacy.original_of(page) is None


def page_by_id(page_id):
    return Page.objects.filter(pk=page_id).first()


FAILED_ACTION = "tsunagari.machine_translation_failed"


def report_failure(page, language, error, user_id=None):
    """Tell the editors: an entry in the page's history, and an e-mail to the publisher."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.utils.translation import gettext as _
    from django.utils.translation import override

    from wagtail.log_actions import log

    from cms.mail import queue_email, user_language

    language_name = dict(settings.LANGUAGES).get(language, language)
    log(
        instance=page,
        action=FAILED_ACTION,
        data={"language": language, "error": error[:500]},
    )
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None or not user.email:
        return
    with override(user_language(user)):
        subject = _("【機械翻訳】「%(title)s」を%(language)sに翻訳できませんでした") % {
            "title": page.title,
            "language": language_name,
        }
        body = _(
            "公開したページ「%(title)s」の%(language)sへの機械翻訳に失敗しました。"
            "ページは翻訳前のままです。\n\n"
            "理由：%(error)s\n\n"
            "管理画面でページを開き、翻訳メニューから手動で翻訳するか、"
            "しばらくしてからもう一度公開してください。\n%(url)s\n"
        ) % {
            "title": page.title,
            "language": language_name,
            "error": error[:300],
            "url": site_address.absolute_url(f"/admin/pages/{page.pk}/edit/"),
        }
    queue_email(
        user.email,
        subject,
        body,
        dedupe_key=f"mt-failed-{page.pk}-{language}-{page.latest_revision_id}",
    )
