"""Translated pages: the switcher, hreflang, the fallback notice, sitemaps."""

import html as html_module
import re

import pytest

from cms.translation.models import MachineTranslation

pytestmark = pytest.mark.django_db

FALLBACK_VI = "このページはまだあなたの言語に翻訳されていません。"  # msgid; vi text once compiled


def html(response):
    return response.content.decode()


def switcher_links(response):
    """{hreflang: href} of the language switcher, without the choice each link carries.

    Each link ends in ``language=<its language>`` (stored in the cookie by a
    redirect, cms/i18n.py); that is checked here and taken off.
    """
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html(response), re.S).group(0)
    links = {}
    for href, lang in re.findall(r'<a href="([^"]*)" hreflang="([^"]+)" lang="[^"]+"', nav):
        href = html_module.unescape(href)
        assert re.search(rf"[?&]language={re.escape(lang)}$", href), href
        links[lang] = re.sub(r"[?&]language=[^&]+$", "", href)
    return links


def main_lang(response):
    match = re.search(r'<main id="main"[^>]*?(?: lang="([^"]+)")?>', html(response))
    return match.group(1)


def test_switcher_lists_every_language_in_its_own_script(client, home_page):
    response = client.get("/")
    links = switcher_links(response)
    assert list(links) == [
        "ja", "ja-x-easy", "en", "zh-hans", "ko", "vi", "tl", "pt-br", "es", "th", "ne", "id",
    ]  # fmt: skip
    body = html(response)
    for name in [
        "日本語",
        "やさしい日本語",
        "Tiếng Việt",
        "ภาษาไทย",
        "नेपाली",
        "한국어",
        "中文(简体)",
    ]:
        assert f">{name}</a>" in body
    assert 'lang="th">ภาษาไทย</a>' in body
    assert 'hreflang="ja" lang="ja" aria-current="true">日本語</a>' in body


def test_switcher_keeps_the_reader_on_the_same_page(client, news_item, translate):
    vi_item = translate(news_item, "vi", title="Thông báo tư vấn", slug="tu-van")
    response = client.get("/news/soudan/")
    links = switcher_links(response)
    assert links["ja"] == "/news/soudan/"
    assert links["vi"] == "/vi/news/tu-van/"  # the translation, under its own slug
    assert links["en"] == "/en/news/soudan/"  # no translation yet: same path, fallback
    assert links["ja-x-easy"] == "/ja-x-easy/news/soudan/"
    response = client.get(links["vi"])
    assert response.status_code == 200
    assert "Thông báo tư vấn" in html(response)
    assert switcher_links(response)["ja"] == "/news/soudan/"
    assert vi_item.locale.language_code == "vi"


def test_switcher_on_a_non_wagtail_page_keeps_the_path_and_query(client, home_page):
    response = client.get("/organisations/?q=abc")
    links = switcher_links(response)
    assert links["ko"] == "/ko/organisations/?q=abc"
    response = client.get("/ko/organisations/?q=abc")
    assert switcher_links(response)["ja"] == "/organisations/?q=abc"


def test_hreflang_alternates_for_every_translation(client, news_item, translate):
    translate(news_item, "vi", slug="tu-van")
    translate(news_item, "en", slug="consultation")
    body = html(client.get("/news/soudan/"))
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', body))
    assert alternates == {
        "ja": "http://testserver/news/soudan/",
        "en": "http://testserver/en/news/consultation/",
        "vi": "http://testserver/vi/news/tu-van/",
        "x-default": "http://testserver/news/soudan/",
    }


def test_no_hreflang_for_a_page_without_translations(client, news_item):
    assert 'hreflang="ja" href=' not in html(client.get("/news/soudan/"))


def test_untranslated_page_falls_back_to_japanese_with_a_notice(client, news_item):
    response = client.get("/vi/news/soudan/")
    assert response.status_code == 200
    body = html(response)
    assert "相談窓口のお知らせ" in body
    assert 'class="translation-notice"' in body
    assert 'role="note" lang="vi"' in body  # the notice is in the reader's language
    assert main_lang(response) == "ja"  # the content says it is Japanese
    assert re.search(r'<html lang="vi"', body)


def test_fallback_under_a_translated_home_page(client, home_page, news_item, translate):
    """The vi home exists but the news item does not: still no 404."""
    translate(home_page, "vi", title="Tsunagari Net")
    response = client.get("/vi/news/soudan/")
    assert response.status_code == 200
    assert "相談窓口のお知らせ" in html(response)
    assert main_lang(response) == "ja"


def test_fallback_redirects_to_a_translation_with_another_slug(client, news_item, translate):
    translate(news_item, "vi", slug="tu-van")
    response = client.get("/vi/news/soudan/")
    assert response.status_code == 302
    assert response["Location"] == "/vi/news/tu-van/"


def test_translated_page_has_no_notice_and_its_own_language(client, news_item, translate):
    translate(news_item, "vi", title="Thông báo", slug="tu-van")
    response = client.get("/vi/news/tu-van/")
    assert 'class="translation-notice' not in html(response)
    assert main_lang(response) is None  # same as <html lang="vi">


def test_machine_translated_page_says_so_and_links_to_the_original(client, news_item, translate):
    vi_item = translate(news_item, "vi", slug="tu-van")
    MachineTranslation.objects.create(page=vi_item, translator="builtin")
    body = html(client.get("/vi/news/tu-van/"))
    assert "translation-notice--machine" in body
    assert '<a href="/news/soudan/" hreflang="ja">' in body


def test_missing_page_is_still_404_in_every_language(client, home_page):
    assert client.get("/vi/no-such-page/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404


def test_sitemap_index_has_one_sitemap_per_language(client, home_page):
    body = html(client.get("/sitemap.xml"))
    assert "http://testserver/sitemap-ja.xml" in body
    assert "http://testserver/sitemap-vi.xml" in body
    assert "http://testserver/sitemap-ja-x-easy.xml" in body


def test_language_sitemap_lists_its_pages_with_alternates(client, news_item, translate):
    translate(news_item, "vi", slug="tu-van")
    ja = html(client.get("/sitemap-ja.xml"))
    assert "<loc>http://testserver/news/soudan/</loc>" in ja
    assert 'hreflang="vi" href="http://testserver/vi/news/tu-van/"' in ja
    vi = html(client.get("/sitemap-vi.xml"))
    assert "<loc>http://testserver/vi/news/tu-van/</loc>" in vi
    assert "<loc>http://testserver/news/soudan/</loc>" not in vi
    assert client.get("/sitemap-en.xml").status_code == 200
    assert client.get("/sitemap-xx.xml").status_code == 404


def test_language_sitemap_queries_do_not_grow_with_its_pages(
    client, news_index, translate, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms import page_cache
    from tests.home.factories import NewsPageFactory

    def count():
        page_cache.bump_version()  # what the page cache keeps (if on) built afresh each time
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/sitemap-ja.xml").status_code == 200
        return len(queries)

    translate(NewsPageFactory(parent=news_index), "en")
    client.get("/sitemap-ja.xml")
    few = count()
    for _ in range(6):
        translate(NewsPageFactory(parent=news_index), "en")
    assert count() == few
