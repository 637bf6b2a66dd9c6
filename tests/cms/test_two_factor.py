"""Staff cannot open any admin URL without a second factor, passed in this session."""

import time

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

# A few admin URLs of every kind: pages, a chooser, the admin API, our own
# viewsets and views, Wagtail's snippets and settings.
ADMIN_URLS = [
    "/admin/",
    "/admin/pages/",
    "/admin/choose-page/",
    "/admin/api/main/pages/",
    "/admin/documents/chooser/",
    "/admin/images/",
    "/admin/organisations/",
    "/admin/register/export/",
    "/admin/applications/",
    "/admin/reports/site-history/",
]


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = True


@pytest.fixture
def moderator_user(django_user_model):
    user = django_user_model.objects.create_user("m", "m@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name="Moderators"), Group.objects.get(name="事務局"))
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def code_for(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def totp_secret(moderator_user):
    secret = generate_totp_secret()
    TOTP.activate(moderator_user, secret)
    return secret


def test_staff_without_authenticator_is_sent_to_set_one_up(client, moderator_user):
    client.force_login(moderator_user)
    for url in ADMIN_URLS:
        response = client.get(url)
        assert response.status_code == 302, url
        assert (
            response["Location"] == f"/accounts/2fa/totp/activate/?next={url.replace('/', '%2F')}"
        )


def test_staff_who_signed_in_with_the_code_reach_the_admin(client, moderator_user, totp_secret):
    response = client.post(
        reverse("account_login"), {"login": moderator_user.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": code_for(totp_secret)})
    assert response.status_code == 302
    for url in ADMIN_URLS:
        assert client.get(url).status_code == 200, url


def test_a_session_that_never_passed_the_code_is_asked_for_it(client, moderator_user, totp_secret):
    """Signed in some other way (here force_login, in life e.g. a password
    reset's sign-in): allauth has no record of the code in the session."""
    client.force_login(moderator_user)
    for url in ADMIN_URLS:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/2fa/reauthenticate/?next=")

    response = client.post(
        reverse("mfa_reauthenticate") + "?next=/admin/pages/", {"code": code_for(totp_secret)}
    )
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_a_wrong_code_opens_nothing(client, moderator_user, totp_secret):
    client.force_login(moderator_user)
    response = client.post(reverse("mfa_reauthenticate"), {"code": "000000"})
    assert response.status_code == 200  # the form again, with its error
    assert client.get("/admin/").status_code == 302


# allauth announces a new authenticator once its transaction commits, during
# the request: only a transactional test sees that as in life.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_setting_up_the_authenticator_passes_the_second_factor(client, moderator_user):
    """Activation asks for a code of the new authenticator: no second code after it."""
    client.post(reverse("account_login"), {"login": moderator_user.email, "password": PASSWORD})
    response = client.get("/admin/pages/")
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")

    # Changing the second factor asks for the password again (allauth).
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": code_for(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=moderator_user).exists()
    assert client.get("/admin/pages/").status_code == 200


def test_the_record_of_another_user_does_not_count(client, moderator_user, totp_secret):
    """allauth ties the records to the user: signing in as someone else clears them."""
    client.post(reverse("account_login"), {"login": moderator_user.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": code_for(totp_secret)})
    assert client.get("/admin/").status_code == 200

    other = type(moderator_user).objects.create_user("m2", "m2@example.org", PASSWORD)
    other.groups.add(Group.objects.get(name="Moderators"))
    TOTP.activate(other, generate_totp_secret())
    client.force_login(other)
    assert client.get("/admin/")["Location"].startswith("/accounts/2fa/reauthenticate/")


def test_non_staff_user_is_not_asked_for_two_factor(client, django_user_model):
    user = django_user_model.objects.create_user("u", "u@example.org", "x" * 16)
    client.force_login(user)
    response = client.get("/admin/")
    # No admin access: the refusal page, not the 2FA set-up.
    assert response.status_code == 403


def test_wagtail_login_form_redirects_to_allauth(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"


def test_anonymous_admin_visit_goes_to_member_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
