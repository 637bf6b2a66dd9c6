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


def test_browser_language_does_not_switch_away_from_japanese(client, home_page):
    """Only Japanese exists yet, so an English browser still gets it at /."""
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})
    assert response.status_code == 200
    assert html_lang(response) == "ja"


def test_index_pages_are_japanese(client, news_index):
    response = client.get("/news/")
    assert response.status_code == 200
    assert html_lang(response) == "ja"
