"""The demo's pages in the residents' languages (``translations.yaml``), by wagtail-localize.

Each page listed in the file is translated into each language the file gives
(a person's translations, never the machine's) with
``cms.translation.services.translate_page_by_hand``: editors then find the
translation in wagtail-localize's editor, linked to the Japanese page, and
the language switcher and hreflang links know it. A page that already has a
live translation in a language is left as it is (an editor may have changed
it); ``--refresh`` does not overwrite translations either.
"""

import re

from django.utils import timezone

from wagtail.models import Locale, Site

from cms.i18n import url_in_language
from cms.translation.services import source_segments, translate_page_by_hand

from . import content
from .files import DemoDataError, read, text

# A text with kana or kanji in it is Japanese; others (times, e-mail
# addresses, paths) read the same in every language.
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def page_at(home, path):
    page = home
    for slug in (part for part in path.split("/") if part):
        page = page.get_children().filter(slug=slug).first()
        if page is None:
            raise DemoDataError(f"translations.yaml: no page at {path!r} (pages.yaml makes them).")
    return page.specific


def texts_by_language(calendar):
    """{language: {Japanese text: translation}}, placeholders filled in."""
    result = {}
    for row in read("translations.yaml")["texts"]:
        japanese = calendar.fill(row["ja"])
        for language, translated in row.items():
            if language != "ja":
                result.setdefault(language, {})[japanese] = calendar.fill(text(translated))
    return result


def _with_unchanged_texts(page, language, texts):
    """``texts`` plus the page's texts that are not Japanese, kept as they are
    (a local path gets the language's prefix: /support/ → /vi/support/)."""
    texts = dict(texts)
    for _path, segment in source_segments(page):
        if segment in texts or JAPANESE.search(segment):
            continue
        texts[segment] = url_in_language(segment, language) if segment.startswith("/") else segment
    return texts


def ensure_translated_pages(stdout=None, today=None):
    """Publish the missing translations; returns how many were made."""
    calendar = content.Calendar(today or timezone.localdate())
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise DemoDataError("No default site: run migrate and load_demo's pages first.")
    home = site.root_page.specific
    by_language = texts_by_language(calendar)
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    made = found = 0
    for path in read("translations.yaml")["pages"]:
        page = page_at(home, text(path))
        for language, texts in by_language.items():
            existing = page.get_translation_or_none(locales[language])
            if existing is not None and existing.live and not existing.alias_of_id:
                found += 1
                continue
            translate_page_by_hand(page, language, _with_unchanged_texts(page, language, texts))
            made += 1
    if stdout is not None:
        stdout.write(
            f"  翻訳したページ / translated pages   作成 created {made:>2}   既存 found {found:>2}"
        )
    return made
