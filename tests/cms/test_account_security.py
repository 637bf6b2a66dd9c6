"""Sign-in abuse limits and re-authentication (issue 15).

Wrong passwords are throttled by the address they come from, not by the
account: an attacker guessing from one place is slowed down while the owner,
signing in from elsewhere with the right password, still gets in. Changing
what a session can do to the account (sign-in e-mail, password, second factor)
asks for the password again unless it was entered in the last few minutes.
"""

from django.core.cache import cache
from django.test import Client

import pytest
from allauth.account import app_settings as account_settings
from allauth.account.models import EmailAddress

pytestmark = pytest.mark.django_db

PASSWORD = "mado-no-soto-wa-yuki"
EMAIL = "member@example.jp"
ATTACKER = "203.0.113.7"
OWNER = "198.51.100.23"
THROTTLED = "ログイン失敗が連続しています。時間が経ってからやり直してください。"


@pytest.fixture(autouse=True)
def _rate_limits_on(site, settings):
    """The limits count in the cache: start and leave it empty, and measure the
    site's own limits even if the test settings switch rate limiting off."""
    from cms.settings import base

    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(django_user_model):
    user = django_user_model.objects.create_user(
        username="u-member", email=EMAIL, password=PASSWORD
    )
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    return user


def sign_in(client, ip, password=PASSWORD):
    return client.post("/accounts/login/", {"login": EMAIL, "password": password}, REMOTE_ADDR=ip)


def signed_in(client):
    return "_auth_user_id" in client.session


# --- Wrong passwords throttle the source, not the account -------------------------


def test_guessing_from_one_address_does_not_lock_the_owner_out(client, member):
    for _ in range(6):
        response = sign_in(client, ATTACKER, password="wrong-password-123")
        assert response.status_code == 200
        assert not signed_in(client)

    owner = Client()
    response = sign_in(owner, OWNER)
    assert response.status_code == 302
    assert int(owner.session["_auth_user_id"]) == member.pk


def test_the_guessing_address_is_throttled_even_with_the_right_password(client, member):
    for _ in range(6):
        sign_in(client, ATTACKER, password="wrong-password-123")
    response = sign_in(client, ATTACKER)
    assert response.status_code in (200, 429)
    assert THROTTLED in response.content.decode()
    assert not signed_in(client)


def test_a_generous_per_account_ceiling_remains(settings):
    """Many sources together still meet a per-account limit (distributed guessing)."""
    rates = settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")
    per_key = [rate for rate in rates if rate.endswith("/key")]
    per_ip = [rate for rate in rates if rate.endswith("/ip")]
    assert per_key and per_ip
    ceiling = int(per_key[0].split("/")[0])
    assert ceiling >= 4 * int(per_ip[0].split("/")[0])


# --- Account changes ask for the password again ------------------------------------


def add_email(client, address):
    return client.post("/accounts/email/", {"action_add": "", "email": address})


def age_authentication(client, seconds):
    """Move the session's record of the last password entry into the past."""
    session = client.session
    records = session["account_authentication_methods"]
    for record in records:
        record["at"] -= seconds
    session["account_authentication_methods"] = records
    session.save()


def test_changing_the_email_asks_for_the_password_again(client, member):
    assert sign_in(client, OWNER).status_code == 302
    age_authentication(client, account_settings.REAUTHENTICATION_TIMEOUT + 60)

    response = add_email(client, "new@example.jp")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not EmailAddress.objects.filter(email="new@example.jp").exists()

    # Entering the password carries the suspended change through.
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    assert EmailAddress.objects.filter(user=member, email="new@example.jp").exists()

    # Within the timeout a further change needs no new password.
    response = add_email(client, "other@example.jp")
    assert response.status_code == 302
    assert not response["Location"].startswith("/accounts/reauthenticate/")
    assert EmailAddress.objects.filter(user=member, email="other@example.jp").exists()

    # Once it has passed, the password is asked for again.
    age_authentication(client, account_settings.REAUTHENTICATION_TIMEOUT + 60)
    response = add_email(client, "third@example.jp")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not EmailAddress.objects.filter(email="third@example.jp").exists()


def test_changing_the_password_needs_the_current_one(client, member):
    """The password form is its own re-authentication: it asks for the old one."""
    client.force_login(member)
    response = client.post(
        "/accounts/password/change/",
        {"password1": "haru-ga-kita-sakura-saku", "password2": "haru-ga-kita-sakura-saku"},
    )
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_second_factor_changes_ask_for_the_password_again(client, member):
    client.force_login(member)  # no recent authentication on record
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")


def test_the_admins_account_page_does_not_change_the_sign_in_email(client, django_user_model):
    """Wagtail's own account page would set the e-mail with no password asked:
    staff change it at /accounts/email/, like every member."""
    editor = django_user_model.objects.create_user(
        username="u-editor", email="editor@example.jp", password=PASSWORD, is_superuser=True
    )
    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    client.force_login(editor)
    response = client.get("/admin/account/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="name_email-first_name"' in html
    assert 'name="name_email-email"' not in html
