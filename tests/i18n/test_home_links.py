"""The pages outside Wagtail link home in the reader's language.

The subcommittee pages, the member area ("My organisation") and the 500 page
had bare ``href="/"`` links: a reader under /en/ who followed them landed on the
Japanese home page and stayed in Japanese.
"""

import re
import types

from django.test import RequestFactory
from django.urls import set_urlconf
from django.utils import translation
from django.views.defaults import server_error

import pytest

from organisations.choices import MembershipRole
from tests.organisations.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def main_of(response):
    body = response.content.decode()
    return body[body.index('<main id="main"') :]


def first_crumb(response):
    body = response.content.decode()
    crumbs = body[body.index('<nav class="breadcrumbs"') :]
    return re.findall(r'href="([^"]*)"', crumbs[: crumbs.index("</nav>")])[0]


@pytest.mark.parametrize("code", ["en", "vi"])
def test_subcommittee_list_links_home_under_the_reader_prefix(client, home_page, code):
    response = client.get(f"/{code}/subcommittees/")
    assert response.status_code == 200
    assert first_crumb(response) == f"/{code}/"
    assert 'href="/"' not in main_of(response)


def test_japanese_subcommittee_list_still_links_to_the_root(client, home_page):
    assert first_crumb(client.get("/subcommittees/")) == "/"


def test_member_area_links_home_under_the_reader_prefix(client, home_page):
    client.force_login(MembershipFactory(role=MembershipRole.ADMIN).user)
    response = client.get("/en/my-organisation/")
    assert response.status_code == 200
    assert first_crumb(response) == "/en/"
    assert 'href="/"' not in main_of(response)


def test_no_organisation_page_links_home_under_the_reader_prefix(client, home_page):
    client.force_login(UserFactory(username="outsider"))
    response = client.get("/en/my-organisation/")
    assert response.status_code == 404
    main = main_of(response)
    assert 'href="/en/"' in main
    assert 'href="/"' not in main


def test_invalid_invitation_page_links_home_under_the_reader_prefix(client, home_page):
    response = client.get("/en/my-organisation/invitation/not-a-token/")
    assert response.status_code == 404
    main = main_of(response)
    assert 'href="/en/"' in main
    assert 'href="/"' not in main


@pytest.mark.parametrize(("code", "home"), [("ja", "/"), ("en", "/en/"), ("ko", "/ko/")])
def test_server_error_page_links_home_in_the_active_language(code, home):
    with translation.override(code):
        response = server_error(RequestFactory().get(f"/{code}/anything/"))
    assert response.status_code == 500
    assert f'<a href="{home}">' in response.content.decode()


def test_server_error_page_renders_even_when_the_home_url_cannot_be_reversed():
    empty = types.ModuleType("empty_urls")
    empty.urlpatterns = []
    set_urlconf(empty)
    try:
        with translation.override("en"):
            response = server_error(RequestFactory().get("/en/anything/"))
    finally:
        set_urlconf(None)
    assert response.status_code == 500
    assert '<a href="/">' in response.content.decode()


@pytest.fixture
def member(site, django_user_model):
    from django.core.cache import cache

    from allauth.account.models import EmailAddress

    cache.clear()  # allauth's login rate limits live in the cache
    user = django_user_model.objects.create_user(
        username="m", email="m@example.jp", password="mado-no-soto-wa-yuki"
    )
    EmailAddress.objects.create(user=user, email="m@example.jp", verified=True, primary=True)
    yield user
    cache.clear()


@pytest.mark.parametrize(("prefix", "home"), [("/en", "/en/"), ("/vi", "/vi/"), ("", "/")])
def test_signing_in_and_out_lands_on_the_home_page_in_the_reader_language(
    client, member, prefix, home
):
    credentials = {"login": "m@example.jp", "password": "mado-no-soto-wa-yuki"}
    response = client.post(f"{prefix}/accounts/login/", credentials)
    assert response.status_code == 302
    assert response["Location"] == home
    response = client.post(f"{prefix}/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == home


def test_a_next_url_still_wins_after_signing_in(client, member):
    credentials = {"login": "m@example.jp", "password": "mado-no-soto-wa-yuki"}
    response = client.post("/en/accounts/login/?next=/en/subcommittees/", credentials)
    assert response["Location"] == "/en/subcommittees/"


@pytest.mark.parametrize(("code", "heading"), [("ja", "リクエストを処理できません")])
def test_bad_request_page_reads_in_the_site_language(client, code, heading):
    # A host name outside ALLOWED_HOSTS: Django answers with its bad_request view.
    response = client.get("/", HTTP_HOST="not-our-site.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert heading in html
    assert "Bad Request" not in html
