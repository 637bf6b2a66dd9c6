"""Secretariat staff cannot open the Wagtail admin without a second factor."""

from django.contrib.auth.models import Group

import pytest
from allauth.mfa.models import Authenticator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = True


@pytest.fixture
def moderator_user(django_user_model):
    user = django_user_model.objects.create_user("m", "m@example.org", "x" * 16)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_staff_without_authenticator_is_sent_to_set_one_up(client, moderator_user):
    client.force_login(moderator_user)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate")


def test_staff_with_authenticator_reaches_the_admin(client, moderator_user):
    Authenticator.objects.create(
        user=moderator_user, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    client.force_login(moderator_user)
    assert client.get("/admin/").status_code == 200


def test_non_staff_user_is_not_asked_for_two_factor_on_the_site(client, django_user_model):
    user = django_user_model.objects.create_user("u", "u@example.org", "x" * 16)
    client.force_login(user)
    response = client.get("/admin/")
    # No admin access: Wagtail sends them to sign in, not to the 2FA set-up.
    assert "2fa" not in response.get("Location", "")


def test_wagtail_login_form_redirects_to_allauth(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"


def test_anonymous_admin_visit_goes_to_member_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
