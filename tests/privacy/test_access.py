"""Who reaches what in privacy: one pinned status per persona and URL (deny by default)."""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest

from tests.organisations.conftest import make_personas
from tests.organisations.factories import UserFactory
from tests.worlds import per_test

pytestmark = pytest.mark.django_db

MY_DATA = "/accounts/my-data/"
QUEUE = "/admin/privacy/deletion-requests/"
LOGIN = "login"  # a redirect to the sign-in page

# (url name, method): {persona: status or LOGIN}
EXPECTED = {
    ("privacy:my_data", "get"): {
        "anonymous": LOGIN,
        "outsider": 200,
        "org_a_staff": 200,
        "org_a_admin": 200,
        "editor": 200,
        "secretariat": 200,
    },
    ("privacy:download", "get"): {
        "anonymous": LOGIN,
        "outsider": 200,
        "org_a_staff": 200,
        "org_a_admin": 200,
        "editor": 200,
        "secretariat": 200,
    },
    ("privacy:request_deletion", "get"): {
        "anonymous": LOGIN,
        "outsider": 200,
        "org_a_staff": 200,
        "org_a_admin": 200,  # the page, saying why it must wait (the only admin)
        "editor": 200,
        "secretariat": 200,
    },
    ("privacy:cancel_deletion", "post"): {
        "anonymous": LOGIN,
        "outsider": 302,
        "org_a_staff": 302,
        "org_a_admin": 302,
        "editor": 302,
        "secretariat": 302,
    },
    # Signed-in accounts without admin access get the admin's refusal page
    # (cms.middleware.AdminAccessMiddleware), not a sign-in loop.
    ("privacy_deletion_requests", "get"): {
        "anonymous": LOGIN,
        "outsider": 403,
        "org_a_staff": 403,
        "org_a_admin": 403,
        "editor": 403,
        "secretariat": 200,
    },
    ("privacy_confirm_deletion", "post"): {
        "anonymous": LOGIN,
        "outsider": 403,
        "org_a_staff": 403,
        "org_a_admin": 403,
        "editor": 403,
        "secretariat": 302,  # back to the queue, "already dealt with or not found"
    },
}


@pytest.fixture(scope="module")
def personas(module_db):
    people = make_personas()
    people["editor"] = UserFactory(username="editor-only", groups=["Editors"])
    return people


people = per_test("personas")


def url_of(name):
    return reverse(name, args=[999]) if name == "privacy_confirm_deletion" else reverse(name)


def privacy_url_names():
    names = set()

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                route = prefix + str(pattern.pattern)
                if "my-data/" in route or route.startswith("admin/privacy/"):
                    names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_privacy_url_has_a_row():
    assert privacy_url_names() == {name for name, _method in EXPECTED}


@pytest.mark.parametrize(("name", "method"), list(EXPECTED))
def test_each_persona_gets_exactly_its_status(client, people, name, method):
    for persona, expected in EXPECTED[(name, method)].items():
        client.logout()
        if persona != "anonymous":
            client.force_login(people[persona])
        response = getattr(client, method)(url_of(name))
        if expected == LOGIN:
            assert response.status_code == 302, (persona, name)
            assert response["Location"].startswith("/accounts/login/"), (persona, name)
        else:
            assert response.status_code == expected, (persona, name)


def test_the_admin_menu_shows_the_queue_to_the_secretariat_only(client, people):
    client.force_login(people["secretariat"])
    assert "privacy-deletion-requests" in client.get("/admin/").content.decode()
    client.force_login(people["editor"])
    assert "privacy-deletion-requests" not in client.get("/admin/").content.decode()
