"""Language: Japanese is served at / with no prefix, and the page says so."""

import re

import pytest

pytestmark = pytest.mark.django_db


def html_lang(response):
    match = re.search(r"<html[^>]*\slang=\"([^\"]+)\"", response.content.decode())
    assert match, "no <html lang> attribute"
    return match.group(1)


def test_home_page_is_japanese(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert html_lang(response) == "ja"
    assert response["Content-Language"] == "ja"


def test_browser_language_is_honoured_once(client, home_page):
    """An English browser is sent to /en/ on its first visit only (issue 6)."""
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})
    assert response.status_code == 200
    assert html_lang(response) == "ja"


def test_index_pages_are_japanese(client, news_index):
    response = client.get("/news/")
    assert response.status_code == 200
    assert html_lang(response) == "ja"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/news/some-item/",
        "/en/news/some-item/?category=event",
        "/vi/",
        "/organisations/?q=%E5%B1%85%E5%A0%B4%E6%89%80&page=2",
        "/support/guide/",
        "/admin/pages/",
        "/no-such-page/",
    ],
)
def test_urls_in_languages_matches_djangos_translate_url_for_each(path):
    from django.conf import settings
    from django.utils import translation

    from cms import i18n

    codes = [code for code, _name in settings.LANGUAGES]
    for active in ("ja", "en"):
        with translation.override(active):
            expected = {code: i18n.url_in_language(path, code) for code in codes}
            assert i18n.url_in_languages(path, codes) == expected
