"""Accounts without admin access get a refusal page on every /admin/ URL.

Wagtail sent them to its sign-in form, which sends signed-in members back:
they went round between the admin and the sign-in page.
"""

import pytest

from tests.organisations.conftest import make_personas
from tests.subcommittees.conftest import make_s1

pytestmark = pytest.mark.django_db

URLS = [
    "/admin/",
    "/admin/login/?next=/admin/",
    "/admin/pages/",
    "/admin/choose-page/",
    "/admin/api/main/pages/",
    "/admin/images/chooser/",
    "/admin/organisations/",
    "/admin/register/import/",
    "/admin/subcommittee_admin/",
    "/admin/no-such-view/",
]


@pytest.fixture(scope="module")
def accounts(module_db):
    personas = make_personas()
    make_s1(personas["secretariat"], personas["org_b_admin"], personas["org_a_staff"])
    return {
        "member": personas["org_a_staff"],
        "org_admin": personas["org_a_admin"],
        "coordinator": personas["org_b_admin"],
        "non_member": personas["outsider"],
    }


@pytest.mark.parametrize("role", ["member", "org_admin", "coordinator", "non_member"])
def test_signed_in_accounts_without_admin_access_are_refused(client, accounts, role, home_page):
    client.force_login(accounts[role])
    for url in URLS:
        response = client.get(url)
        assert response.status_code == 403, url
        html = response.content.decode()
        assert "管理画面は使えません" in html
        assert 'action="/accounts/logout/"' in html
        path = url.split("?")[0]
        # Signing out leads to the sign-in form, back to the page asked for.
        assert f'value="/accounts/login/?next={path}' in html


def test_posts_are_refused_too(client, accounts):
    client.force_login(accounts["org_admin"])
    response = client.post("/admin/organisations/new/", {"name": "x"})
    assert response.status_code == 403


def test_the_page_speaks_the_readers_language(client, accounts, home_page, settings):
    client.force_login(accounts["member"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/admin/pages/")
    assert response.status_code == 403
    assert response["Content-Language"] == "en"
    assert 'href="/en/"' in response.content.decode()  # the home page in English
    assert 'action="/en/accounts/logout/"' in response.content.decode()


def test_browser_language_counts_without_a_cookie(client, accounts, home_page):
    client.force_login(accounts["member"])
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response["Content-Language"] == "vi"


def test_signed_out_visitors_still_go_to_sign_in(client):
    for url in ("/admin/", "/admin/pages/", "/admin/organisations/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_wagtails_own_password_reset_is_off(client):
    """Forgotten passwords go through allauth (rate limits, no account enumeration)."""
    assert client.get("/admin/password_reset/").status_code == 404
    response = client.post("/admin/password_reset/", {"email": "someone@example.jp"})
    assert response.status_code == 404


def test_the_move_confirmation_answers_only_who_may_move(client, home_page, editor, moderator):
    """Wagtail showed the confirmation to editors, who may not move pages."""
    from tests.home.factories import StandardPageFactory

    page, destination = StandardPageFactory(parent=home_page), StandardPageFactory(parent=home_page)
    url = f"/admin/pages/{page.pk}/move/{destination.pk}/confirm/"
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    client.post(url)
    page.refresh_from_db()
    assert page.get_parent().pk == home_page.pk

    client.force_login(moderator)
    assert client.get(url).status_code == 200
    client.post(url)
    page.refresh_from_db()
    assert page.get_parent().pk == destination.pk
