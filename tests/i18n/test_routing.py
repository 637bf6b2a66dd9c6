"""Languages in URLs: the prefixes, the first-visit redirect, the switcher, the cookie."""

import re

from django.conf import settings

from wagtail.models import Locale

import pytest

from cms.i18n import furigana_toggle_redirect, language_choice_redirect

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def html_lang(response):
    match = re.search(r"<html[^>]*\slang=\"([^\"]+)\"", response.content.decode())
    assert match, "no <html lang> attribute"
    return match.group(1)


def test_every_language_has_a_wagtail_locale():
    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert codes == {code for code, _name in settings.LANGUAGES}
    assert "ja-x-easy" in codes and "pt-br" in codes and "zh-hans" in codes


def test_each_language_is_named_in_its_own_script():
    names = dict(settings.LANGUAGES)
    assert names["ja"] == "日本語"
    assert names["ja-x-easy"] == "やさしい日本語"
    assert names["vi"] == "Tiếng Việt"
    assert names["th"] == "ภาษาไทย"
    assert names["ne"] == "नेपाली"
    assert names["zh-hans"] == "中文(简体)"
    assert names["ko"] == "한국어"


@pytest.mark.parametrize("code", ["en", "vi", "ja-x-easy", "zh-hans", "pt-br", "ko", "ne"])
def test_language_prefix_serves_the_site_in_that_language(client, home_page, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    assert html_lang(response) == code
    assert response["Content-Language"] == code


def test_japanese_stays_at_the_root_without_prefix(client, home_page):
    assert client.get("/ja/").status_code == 404
    response = client.get("/")
    assert response.status_code == 200
    assert html_lang(response) == "ja"


def test_first_visit_follows_accept_language_once(client, home_page):
    response = client.get("/", headers={"accept-language": "vi-VN,vi;q=0.9,en;q=0.5"})
    assert response.status_code == 302
    assert response["Location"] == "/vi/"
    assert response.cookies[COOKIE].value == "vi"
    assert "Accept-Language" in response["Vary"]

    # The cookie is set now: "/" is Japanese again, no second redirect.
    response = client.get("/", headers={"accept-language": "vi"})
    assert response.status_code == 200
    assert html_lang(response) == "ja"


def test_first_visit_redirect_keeps_the_page_and_query(client, news_index):
    response = client.get("/news/?page=2", headers={"accept-language": "pt-BR,pt;q=0.8"})
    assert response.status_code == 302
    assert response["Location"] == "/pt-br/news/?page=2"


def test_generic_accept_language_maps_to_our_variant(client, home_page):
    response = client.get("/", headers={"accept-language": "zh-CN,zh;q=0.9"})
    assert response["Location"] == "/zh-hans/"


def test_japanese_browser_is_not_redirected_and_gets_no_cookie(client, home_page):
    """A page view sets no cookie: a shared cache may keep it (issue 15)."""
    response = client.get("/", headers={"accept-language": "ja-JP,ja;q=0.9,en;q=0.8"})
    assert response.status_code == 200
    assert not response.cookies


def test_unknown_browser_language_gets_japanese(client, home_page):
    response = client.get("/", headers={"accept-language": "de-DE"})
    assert response.status_code == 200
    assert html_lang(response) == "ja"


def test_reader_who_picks_japanese_stays_at_the_root(client, home_page):
    client.get("/", headers={"accept-language": "vi"})  # redirected to /vi/ once
    client.get("/vi/", headers={"accept-language": "vi"})
    response = client.get("/?language=ja", headers={"accept-language": "vi"})  # clicks 日本語
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[COOKIE].value == "ja"
    response = client.get("/", headers={"accept-language": "vi"})
    assert response.status_code == 200
    assert html_lang(response) == "ja"


def test_reader_who_arrives_on_a_prefixed_page_and_picks_japanese(client, news_index):
    """No first-visit redirect took place: the switcher's choice is what keeps "/" Japanese."""
    response = client.get("/vi/news/", headers={"accept-language": "vi"})
    assert response.status_code == 200
    assert not response.cookies
    response = client.get("/news/?page=2&language=ja", headers={"accept-language": "vi"})
    assert response.status_code == 302
    assert response["Location"] == "/news/?page=2"
    assert response.cookies[COOKIE].value == "ja"
    response = client.get("/news/?page=2", headers={"accept-language": "vi"})
    assert response.status_code == 200
    assert html_lang(response) == "ja"


def test_switcher_choice_and_first_visit_redirects_are_never_cached(client, home_page):
    for response in (
        client.get("/en/?language=en"),
        client.get("/", headers={"accept-language": "en"}, HTTP_COOKIE=""),
    ):
        assert response.status_code == 302
        assert "no-store" in response["Cache-Control"]
        assert "max-age=0" in response["Cache-Control"]


def test_switcher_choice_of_an_unknown_language_sets_no_cookie(client, home_page):
    response = client.get("/?language=xx")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert COOKIE not in response.cookies


@pytest.mark.parametrize("parameter", [("language", "en"), ("furigana", "off")])
def test_choice_redirects_stay_on_the_site(rf, parameter):
    """A path beginning "//" or "/\\" must not send the reader to another host."""
    for path in ("//evil.example/", "///evil.example/x/", "/\\evil.example/"):
        request = rf.get("/", dict([parameter]))
        request.path = request.path_info = path  # the test client would parse a host out
        response = language_choice_redirect(request) or furigana_toggle_redirect(request)
        assert response.status_code == 302
        location = response["Location"]
        assert location.startswith("/") and not location.startswith(("//", "/\\")), location


def test_visiting_a_language_sets_no_cookie(client, home_page):
    response = client.get("/en/")
    assert response.status_code == 200
    assert not response.cookies
    response = client.get("/en/?language=en")  # chosen in the switcher
    assert response["Location"] == "/en/"
    assert response.cookies[COOKIE].value == "en"


def test_non_page_urls_are_never_redirected(client, home_page):
    response = client.get("/healthz", headers={"accept-language": "vi"})
    assert response.status_code != 302
    response = client.get("/sitemap.xml", headers={"accept-language": "vi"})
    assert response.status_code == 200


def test_post_is_never_redirected(client, home_page):
    response = client.post("/accounts/login/", {}, headers={"accept-language": "vi"})
    assert response.status_code != 302 or "/vi/" not in response["Location"]


def test_other_apps_work_under_a_prefix(client, home_page):
    assert client.get("/vi/accounts/login/").status_code == 200
    assert client.get("/ja-x-easy/organisations/").status_code == 200
