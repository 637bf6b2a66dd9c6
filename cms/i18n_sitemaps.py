"""A sitemap per language, each URL with its translations as alternates.

Wagtail's own sitemap lists only the tree under the site's root page, i.e. the
Japanese pages. Here ``/sitemap.xml`` is an index with one sitemap per
language (``/sitemap-vi.xml`` ...); each lists the live public pages of that
language's tree and, for each, the <xhtml:link rel="alternate" hreflang> of
every translation (Google's recommended form).

A sitemap costs the same few queries however many pages it lists: the pages
of each type in one query (``specific()``), and the translations of all of
them in one more.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page


class LanguageSitemap(Sitemap):
    def __init__(self, language, request=None):
        super().__init__(request)
        self.language = language

    def items(self):
        root = self.get_wagtail_site().root_page
        translated_root = root.get_translation_or_none(
            Locale.objects.get(language_code=self.language)
        )
        if translated_root is None:
            return Page.objects.none()
        return (
            translated_root.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        # Wagtail's _urls, plus the alternates of each page.
        urls = []
        last_mods = set()
        items = list(self.paginator.page(page).object_list)
        translations = self._translations(items)
        for item in items:
            alternates = self._alternates(translations.get(item.translation_key, {}))
            for url_info in item.get_sitemap_urls(self.request):
                urls.append({**url_info, "alternates": alternates})
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    @staticmethod
    def _translations(items):
        """{translation key: {language code: live public page}} for ``items``, in one query."""
        keys = {item.translation_key for item in items}
        found = defaultdict(dict)
        pages = (
            Page.objects.live().public().filter(translation_key__in=keys).select_related("locale")
        )
        for page in pages:
            found[page.translation_key][page.locale.language_code] = page
        return found

    def _alternates(self, translations):
        if len(translations) < 2:
            return []
        alternates = [
            {"lang_code": code, "location": translations[code].get_full_url(self.request)}
            for code, _name in settings.LANGUAGES
            if code in translations
        ]
        original = translations.get(settings.LANGUAGE_CODE)
        if original is not None:
            alternates.append(
                {"lang_code": "x-default", "location": original.get_full_url(self.request)}
            )
        return alternates


def sections(request):
    return {code: LanguageSitemap(code, request) for code, _name in settings.LANGUAGES}


def index(request):
    return sitemap_views.index(request, sections(request), sitemap_url_name="sitemap_language")


def language_sitemap(request, section):
    return sitemap_views.sitemap(request, sections(request), section=section)
