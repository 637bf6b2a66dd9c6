"""Template tags for languages: the switcher, hreflang alternates, the notice.

``{% load language_tags %}`` (Django's own library is ``i18n``).
"""

import re

from django import template
from django.conf import settings
from django.utils import translation

from cms import i18n

register = template.Library()


def _translations_by_language(page):
    return i18n.translations_by_language(page)


def _original(page):
    """The Japanese page ``page`` was translated from (itself if Japanese)."""
    return _translations_by_language(page).get(i18n.default_language())


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Every language in its own script, each link to the same page in it.

    A Wagtail page links to its translation when there is one, otherwise to
    the same path under the other prefix (served in Japanese with a notice).
    Other views link to the same URL under the other prefix. Each link
    carries the choice (``?language=vi``), which a redirect stores in the
    language cookie (cms/i18n.py).
    """
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    translations = _translations_by_language(page)
    path = request.get_full_path() if request else "/"
    untranslated = [code for code, _name in settings.LANGUAGES if code not in translations]
    same_path = i18n.url_in_languages(path, untranslated)
    links = []
    for code, name in settings.LANGUAGES:
        translated = translations.get(code)
        url = translated.get_url(request) if translated is not None else same_path[code]
        links.append(
            {
                "code": code,
                "name": name,
                "url": i18n.switcher_url(url, code),
                "current": code == current,
            }
        )
    return {
        "languages": links,
        "current_name": dict(settings.LANGUAGES).get(current, current),
        "current_code": current,
    }


@register.inclusion_tag("includes/hreflang_links.html", takes_context=True)
def hreflang_links(context):
    """<link rel="alternate" hreflang> for every live translation of the page."""
    request = context.get("request")
    page = context.get("page")
    translations = _translations_by_language(page)
    if len(translations) < 2:
        return {"alternates": []}
    alternates = [
        {"hreflang": code, "url": translations[code].get_full_url(request)}
        for code, _name in settings.LANGUAGES
        if code in translations
    ]
    original = translations.get(i18n.default_language())
    if original is not None:
        alternates.append({"hreflang": "x-default", "url": original.get_full_url(request)})
    return {"alternates": alternates}


@register.simple_tag(takes_context=True)
def content_language(context):
    """The language the page's content is written in (for a ``lang`` attribute).

    The active language, except when a page is shown as the Japanese fallback.
    """
    page = context.get("page")
    if i18n.page_is_fallback(page):
        return i18n.content_language_of(page)
    return translation.get_language()


@register.inclusion_tag("includes/translation_notice.html", takes_context=True)
def translation_notice(context):
    """A short notice in the reader's language when the content is not in it.

    Either the page is the Japanese page shown because no translation exists
    yet, or it is a machine translation (a link to the Japanese original),
    or a translation published with some segments still in Japanese
    (wagtail-localize's fallback; also a link to the original). Both flags
    come from one query (cms.translation.models.translation_flags). An
    untranslated or machine-translated page also links to its Easy Japanese
    version when it has one.
    """
    request = context.get("request")
    page = context.get("page")
    result = {
        "fallback": False,
        "machine": False,
        "partial": False,
        "original_url": "",
        "easy_url": "",
    }
    if page is None or not getattr(page, "locale_id", None):
        return result
    if i18n.page_is_fallback(page):
        result["fallback"] = True
        result["easy_url"] = _easy_japanese_url(page, request)
        return result
    if translation.get_language() == i18n.default_language():
        return result
    from cms.translation.models import translation_flags

    result["machine"], result["partial"] = translation_flags(page)
    if result["machine"] or result["partial"]:
        original = _original(page)
        result["original_url"] = original.get_url(request) if original else ""
        if result["machine"]:
            result["easy_url"] = _easy_japanese_url(page, request)
    return result


def _easy_japanese_url(page, request):
    """The URL of the page's Easy Japanese version, if it has a live one and the
    reader is not already reading Easy Japanese; else "".

    A reader who finds no translation in their language may read Easy Japanese
    (written by a person, with furigana) more easily than the original.
    """
    if translation.get_language() == i18n.EASY_JAPANESE:
        return ""
    easy = _translations_by_language(page).get(i18n.EASY_JAPANESE)
    return easy.get_url(request) if easy is not None else ""


@register.filter
def site_name(name):
    """The network's name (SiteSettings) in the reader's language.

    The name is the secretariat's to change, so it is a setting, not code; the
    default name, つながりネット, is also a catalogue entry (WAGTAIL_SITE_NAME),
    translated in every language. A name the catalogues do not know is shown
    as the secretariat wrote it.
    """
    return translation.gettext(name) if name else name


# Languages written without spaces between phrases.
UNSPACED_LANGUAGES = {"ja", "zh-hans"}


@register.simple_tag
def phrase_break():
    """Between two phrases that may wrap apart: a space where the language puts
    one between words (English, Vietnamese, Easy Japanese ...), else <wbr>."""
    from django.utils.safestring import mark_safe

    if translation.get_language() in UNSPACED_LANGUAGES:
        return mark_safe("<wbr>")
    return " "


# --- furigana (Easy Japanese) ---------------------------------------------------


@register.filter(is_safe=True)
def furigana(value):
    """``{{ text|furigana }}``: ruby over the kanji of ``value`` (HTML-safe)."""
    from cms.furigana import add_furigana
    from cms.translation.models import furigana_overrides

    return add_furigana(value, furigana_overrides())


class FuriganaNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        from django.utils.safestring import mark_safe

        from cms.furigana import add_furigana, strip_markup
        from cms.translation.models import furigana_overrides

        content = mark_safe(self.nodelist.render(context))  # noqa: S308 (rendered template)
        if translation.get_language() != i18n.EASY_JAPANESE:
            return strip_markup(content)
        if not i18n.furigana_on(context.get("request")):
            return strip_markup(content)
        return add_furigana(content, furigana_overrides())


@register.tag("furigana")
def do_furigana(parser, token):
    """``{% furigana %}…{% endfurigana %}``: ruby over the kanji of Easy Japanese.

    Only in Easy Japanese and while the reader has furigana on (the toggle);
    otherwise the editors' 漢字《かんじ》 markup is just removed.
    """
    nodelist = parser.parse(("endfurigana",))
    parser.delete_first_token()
    return FuriganaNode(nodelist)


RUBY_TEXT = re.compile(r"<(rt|rp)\b[^>]*>.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")


class PlainTextNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        from django.utils.safestring import mark_safe

        from cms.furigana import strip_markup

        # The readings first, each within its own text node; then the tags.
        content = strip_markup(mark_safe(self.nodelist.render(context)))  # noqa: S308
        return TAG.sub("", RUBY_TEXT.sub("", content)).strip()


@register.tag("plaintext")
def do_plaintext(parser, token):
    """``{% plaintext %}…{% endplaintext %}``: text with no ruby, readings or tags.

    For <title> and other places that cannot hold markup: the editor's
    漢字《かんじ》 readings and any <ruby> (with its <rt>) are reduced to the
    base text. The content stays escaped as it was rendered.
    """
    nodelist = parser.parse(("endplaintext",))
    parser.delete_first_token()
    return PlainTextNode(nodelist)


@register.inclusion_tag("includes/furigana_toggle.html", takes_context=True)
def furigana_toggle(context):
    request = context.get("request")
    show = translation.get_language() == i18n.EASY_JAPANESE
    return {"show": show, "on": i18n.furigana_on(request)}
