"""The audit log's account events (cms/audit.py) and who reads them in Site history.

Each sign-in, failed sign-in, second-factor change and refused admin access
writes exactly one entry of Wagtail's own audit log, against the account, with
who acted and the client's IP (through the trusted proxy), and never the
password, the typed identifier of an unknown account, a code or a secret. The
secretariat reads them at /admin/reports/site-history/; editors and members
do not.
"""

import json
import re

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.utils.functional import SimpleLazyObject

from wagtail.models import ModelLogEntry

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)

from cms import audit
from cms.models import Account

pytestmark = pytest.mark.django_db

PASSWORD = "mado-no-soto-wa-yuki"
WRONG_PASSWORD = "kanji-no-machigai-desu"
EMAIL = "member@example.jp"
UNKNOWN_EMAIL = "nobody-here@example.jp"
SITE_HISTORY = "/admin/reports/site-history/"


@pytest.fixture(autouse=True)
def _site(site, settings):
    """The default Site answers to the test client; no proxy in front unless a test
    says so; the sign-in throttle's counters (in the cache) start empty."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(django_user_model):
    user = django_user_model.objects.create_user(
        username="u-member", email=EMAIL, password=PASSWORD, last_name="山田"
    )
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    return user


@pytest.fixture
def secretariat(django_user_model):
    user = django_user_model.objects.create_user(
        username="jimukyoku", email="jimukyoku@example.jp", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name="事務局"))
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        username="editor", email="editor@example.jp", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def sign_in(client, login=EMAIL, password=PASSWORD, **headers):
    headers.setdefault("REMOTE_ADDR", "198.51.100.23")
    return client.post("/accounts/login/", {"login": login, "password": password}, **headers)


def totp_code(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def entries(action):
    return list(ModelLogEntry.objects.filter(action=action))


def account_type():
    return ContentType.objects.get_for_model(Account, for_concrete_model=False)


def all_entries_text():
    """Every audit entry as stored (label, data), to search for secrets."""
    return json.dumps(
        list(ModelLogEntry.objects.values("label", "data", "object_id")), ensure_ascii=False
    )


# --- Sign-ins --------------------------------------------------------------------------


def test_a_sign_in_is_one_entry_against_the_account(client, member):
    response = sign_in(client)
    assert response.status_code == 302

    [entry] = entries(audit.SIGNED_IN)
    assert entry.content_type == account_type()
    assert entry.object_id == str(member.pk)
    assert entry.user_id == member.pk
    assert entry.data["ip"] == "198.51.100.23"
    assert PASSWORD not in all_entries_text()


def test_behind_the_trusted_proxy_the_visitors_address_is_recorded(client, member, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    sign_in(client, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.50")
    [entry] = entries(audit.SIGNED_IN)
    assert entry.data["ip"] == "203.0.113.50"


def test_a_forwarded_address_is_not_believed_without_a_trusted_proxy(client, member):
    sign_in(client, REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="203.0.113.50")
    [entry] = entries(audit.SIGNED_IN)
    assert entry.data["ip"] == "198.51.100.9"


def test_force_login_and_other_requests_write_nothing(client, member):
    client.force_login(member)
    client.get("/")
    assert not ModelLogEntry.objects.filter(action__startswith="cms.").exists()


def test_a_wrong_password_is_one_entry_against_the_account_without_the_password(client, member):
    response = sign_in(client, password=WRONG_PASSWORD)
    assert response.status_code == 200

    [entry] = entries(audit.SIGN_IN_FAILED)
    assert entry.content_type == account_type()
    assert entry.object_id == str(member.pk)
    assert entry.user_id is None  # whoever typed it is not known
    assert entry.data == {"ip": "198.51.100.23"}
    assert not entries(audit.SIGNED_IN)
    text = all_entries_text()
    assert WRONG_PASSWORD not in text and EMAIL not in text


def test_an_unknown_identifier_is_one_entry_that_keeps_nothing_typed(client, member):
    sign_in(client, login=UNKNOWN_EMAIL, password=WRONG_PASSWORD)

    [entry] = entries(audit.SIGN_IN_FAILED)
    assert entry.content_type == account_type()
    assert entry.object_id == str(audit.UNKNOWN_ACCOUNT_ID)
    assert entry.label == "（登録のないアカウント）"
    assert entry.user_id is None
    assert entry.data == {"ip": "198.51.100.23"}
    text = all_entries_text()
    assert UNKNOWN_EMAIL not in text and "nobody-here" not in text
    assert WRONG_PASSWORD not in text


# --- Second factor ---------------------------------------------------------------------


def test_second_factor_changes_are_recorded_without_secrets(
    client, member, django_capture_on_commit_callbacks
):
    sign_in(client)
    # Setting up a second factor asks for the password again first.
    assert client.get("/accounts/2fa/totp/activate/").status_code == 302
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    html = client.get("/accounts/2fa/totp/activate/").content.decode()
    secret = re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', html).group(1)
    code = totp_code(secret)
    # allauth sends its signals once the change is committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302

    added = entries(audit.AUTHENTICATOR_ADDED)
    # Setting up the app also made recovery codes: one entry for each authenticator.
    assert sorted(entry.data["authenticator_type"] for entry in added) == [
        "recovery_codes",
        "totp",
    ]
    for entry in added:
        assert entry.user_id == member.pk
        assert entry.object_id == str(member.pk)
        assert entry.content_type == account_type()
        assert entry.data["ip"] == "127.0.0.1"  # the test client's address

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/2fa/recovery-codes/generate/")
    assert response.status_code == 302
    [reset] = entries(audit.AUTHENTICATOR_RESET)
    assert reset.data["authenticator_type"] == "recovery_codes"
    assert reset.user_id == member.pk

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=member).exists()
    removed = entries(audit.AUTHENTICATOR_REMOVED)
    assert sorted(entry.data["authenticator_type"] for entry in removed) == [
        "recovery_codes",
        "totp",
    ]

    text = all_entries_text()
    assert secret not in text and code not in text and PASSWORD not in text
    for authenticator_data in Authenticator.objects.values_list("data", flat=True):
        assert json.dumps(authenticator_data) not in text


# --- Refused admin access (cms.audit.record_admin_refusal, called by the admin gate) ----


def test_an_admin_refusal_is_one_entry_against_the_signed_in_account(member):
    request = RequestFactory().get(
        "/admin/pages/?token=secret-in-query", REMOTE_ADDR="198.51.100.77"
    )
    request.user = SimpleLazyObject(lambda: member)  # as AuthenticationMiddleware sets it

    audit.record_admin_refusal(request)

    [entry] = entries(audit.ADMIN_ACCESS_REFUSED)
    assert entry.content_type == account_type()
    assert entry.object_id == str(member.pk)
    assert entry.user_id == member.pk
    assert entry.data == {"ip": "198.51.100.77", "path": "/admin/pages/"}
    assert "secret-in-query" not in all_entries_text()


def test_record_needs_an_object_or_a_signed_in_user():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/admin/")
    request.user = AnonymousUser()
    with pytest.raises(ValueError):
        audit.record(audit.ADMIN_ACCESS_REFUSED, request=request)


# --- Who reads them ----------------------------------------------------------------------


@pytest.fixture
def logged_events(member):
    sign_in(Client())
    sign_in(Client(), password=WRONG_PASSWORD)
    sign_in(Client(), login=UNKNOWN_EMAIL, password=WRONG_PASSWORD)
    request = RequestFactory().get("/admin/", REMOTE_ADDR="198.51.100.77")
    request.user = member
    audit.record_admin_refusal(request)
    assert ModelLogEntry.objects.filter(action__startswith="cms.").count() == 4


def test_the_secretariat_reads_account_events_in_site_history(client, secretariat, logged_events):
    client.force_login(secretariat)
    response = client.get(SITE_HISTORY)
    assert response.status_code == 200
    html = response.content.decode()
    # The action filter lists the labels, the rows say what happened and from where.
    for action, label in (
        (audit.SIGNED_IN, "サインイン"),
        (audit.SIGN_IN_FAILED, "サインインの失敗"),
        (audit.ADMIN_ACCESS_REFUSED, "管理画面へのアクセス拒否"),
    ):
        assert re.search(rf'value="{action}"[^>]*>\s*{label}</label>', html), label
    assert "サインインしました（IPアドレス：198.51.100.23）" in html
    assert "サインインに失敗しました（パスワードの誤りなど）" in html
    assert "登録のないメールアドレスでのサインインに失敗しました" in html
    assert "管理画面（/admin/）へのアクセスを拒否しました" in html
    assert "（登録のないアカウント）" in html
    assert "u-member" in html  # the account's name

    filtered = client.get(SITE_HISTORY, {"action": audit.SIGN_IN_FAILED})
    assert filtered.status_code == 200
    assert "サインインしました（" not in filtered.content.decode()


def test_an_editor_does_not_see_account_events(client, editor, logged_events):
    client.force_login(editor)
    response = client.get(SITE_HISTORY)
    # Wagtail shows editors the history of what they may edit, and nothing of this.
    assert response.status_code == 200
    html = response.content.decode()
    assert "サインイン" not in html
    assert "管理画面へのアクセス拒否" not in html
    assert "u-member" not in html


def test_a_member_cannot_open_site_history(client, member, logged_events):
    client.force_login(member)
    response = client.get(SITE_HISTORY)
    assert response.status_code in (302, 403)
    assert "サインイン" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, logged_events):
    response = client.get(SITE_HISTORY)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_reading_account_events_does_not_open_user_management(client, secretariat):
    """The secretariat's permission is on the Account proxy, not on Wagtail's users."""
    assert secretariat.has_perm("cms.view_account")
    assert not secretariat.has_perm("auth.view_user")
    client.force_login(secretariat)
    response = client.get("/admin/users/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_only_the_secretariat_group_may_read_account_events():
    holders = Group.objects.filter(permissions__codename="view_account").distinct()
    assert [group.name for group in holders] == ["事務局"]
