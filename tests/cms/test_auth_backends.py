"""A user's permissions kept between requests (cms/auth_backends.py).

With the memo kept across requests as with Redis (``fragments_kept``): a
member's second page asks no permission rows; a permission given to the
user, or to a group they join or are in, and one taken away, show on the
next request (the account menu's admin link follows ``access_admin``); and
signing in with a password still works, through the backends after it.
"""

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from home.models import SiteSettings
from tests.organisations.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragments_kept")]

ADMIN_LINK = '<a href="/admin/">'


@pytest.fixture(autouse=True)
def _site(site):
    # The site's settings row is made on the first request that reads it: a
    # save, which would move the version between the two requests compared.
    SiteSettings.for_site(site)


@pytest.fixture
def access_admin():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def home(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/", follow=True)
    assert response.status_code == 200
    asked = sum("auth_permission" in query["sql"] for query in captured)
    return asked, response.content.decode()


def test_a_second_page_asks_no_permission_rows(client):
    client.force_login(UserFactory())
    first, _ = home(client)
    again, _ = home(client)
    assert first > 0
    assert again == 0


def test_a_permission_given_and_taken_shows_on_the_next_request(client, access_admin):
    user = UserFactory()
    client.force_login(user)
    assert ADMIN_LINK not in home(client)[1]
    user.user_permissions.add(access_admin)
    assert ADMIN_LINK in home(client)[1]
    user.user_permissions.remove(access_admin)
    assert ADMIN_LINK not in home(client)[1]


def test_a_group_joined_or_changed_shows_on_the_next_request(client, access_admin):
    user = UserFactory()
    group = Group.objects.create(name="広報担当")
    client.force_login(user)
    assert ADMIN_LINK not in home(client)[1]
    user.groups.add(group)
    home(client)
    group.permissions.add(access_admin)
    assert ADMIN_LINK in home(client)[1]
    user.groups.remove(group)
    assert ADMIN_LINK not in home(client)[1]


def test_signing_in_with_a_password_still_works(client):
    user = UserFactory()
    user.set_password("kept-permissions-2026")
    user.save()
    assert client.login(username=user.username, password="kept-permissions-2026")
    assert not client.login(username=user.username, password="wrong")
