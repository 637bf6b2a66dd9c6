"""The sign-in and two-factor pages in a real browser, on a phone.

A 事務局 member meets the second-factor gate on the way to the admin, sets up
an authenticator app from the QR code (no CSP violation: the code is an
inline SVG), keeps the recovery codes, and later signs in with one of them.
"""

import re

from django.contrib.auth.models import Group

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)

from .axe import check_axe

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EMAIL = "jimukyoku@tsunagari.example.jp"
PASSWORD = "jimukyoku-no-aikotoba-2024"


def labelled(page, text):
    """The control labelled ``text``, ignoring the 必須 badge after it."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(text)}\s*(必須)?\s*$"))


def assert_fits_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.fixture
def secretariat(django_user_model):
    user = django_user_model.objects.create_user(
        username="u-jimukyoku", email=EMAIL, password=PASSWORD, last_name="事務局"
    )
    user.groups.add(Group.objects.get(name="事務局"), Group.objects.get(name="Moderators"))
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    return user


def test_secretariat_sets_up_two_factor_on_a_phone(
    live_server, open_page, screenshot, secretariat, settings
):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    base = live_server.url
    page, watcher = open_page("phone")
    page.set_default_timeout(10_000)
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))

    # A wrong password: the error in Japanese, the address kept.
    page.goto(f"{base}/accounts/login/?next=/admin/")
    labelled(page, "メールアドレス").fill(EMAIL)
    labelled(page, "パスワード").fill("wrong-password")
    page.get_by_role("button", name="ログイン", exact=True).click()
    page.wait_for_load_state()
    assert "正しくありません" in page.get_by_role("alert").inner_text()
    assert labelled(page, "メールアドレス").input_value() == EMAIL
    screenshot(page, "account-login-error-phone")
    check_axe(page, "account-login-error-phone")
    assert_fits_phone(page)

    # The right one: the admin sends a 事務局 member to set up the app first,
    # and allauth asks for the password once more before that.
    labelled(page, "パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン", exact=True).click()
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/"))
    assert page.locator("h1").inner_text() == "本人確認"
    assert "2段階認証の設定が必要です" in page.get_by_role("status").inner_text()
    screenshot(page, "account-reauthenticate-phone")
    check_axe(page, "account-reauthenticate-phone")
    labelled(page, "パスワード").fill(PASSWORD)
    page.get_by_role("button", name="確認する").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/"))

    qr = page.get_by_role("img", name="認証アプリ用のQRコード")
    box = qr.bounding_box()
    assert box["width"] >= 150 and box["height"] >= 150  # big enough to scan
    assert page.locator(".account-qr__code svg path").count() == 1
    screenshot(page, "account-totp-activate-phone")
    check_axe(page, "account-totp-activate-phone")
    assert_fits_phone(page)

    secret = page.locator("#authenticator_secret").input_value()
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    labelled(page, "確認コード（6桁）").fill(code)
    page.get_by_role("button", name="設定する").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    recovery_codes = page.locator(".account-codes code").all_inner_texts()
    assert len(recovery_codes) == 10
    screenshot(page, "account-recovery-codes-phone")
    check_axe(page, "account-recovery-codes-phone")
    assert_fits_phone(page)

    # Now the admin opens.
    page.goto(f"{base}/admin/")
    assert page.url == f"{base}/admin/"

    # Sign out (a POST from the header), then in again with a recovery code.
    page.goto(f"{base}/accounts/password/change/")
    check_axe(page, "account-password-change-phone")
    page.get_by_role("button", name="ログアウト").click()
    page.wait_for_load_state()
    page.goto(f"{base}/accounts/login/")
    assert "ログアウトしました。" in page.get_by_role("status").inner_text()
    labelled(page, "メールアドレス").fill(EMAIL)
    labelled(page, "パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン", exact=True).click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    assert page.locator("h1").inner_text() == "2段階認証"
    screenshot(page, "account-mfa-authenticate-phone")
    check_axe(page, "account-mfa-authenticate-phone")
    assert_fits_phone(page)
    labelled(page, "確認コード").fill(recovery_codes[0])
    page.get_by_role("button", name="ログイン", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="ログアウト").is_visible()

    # The settings page counts the recovery code as used; the sign-out page asks first.
    page.goto(f"{base}/accounts/2fa/")
    assert "使えるコードは 10 個中 9 個です。" in page.locator("main").inner_text()
    screenshot(page, "account-mfa-index-phone")
    check_axe(page, "account-mfa-index-phone")
    assert_fits_phone(page)
    page.goto(f"{base}/accounts/logout/")
    screenshot(page, "account-logout-phone")
    check_axe(page, "account-logout-phone")
    page.get_by_role("main").get_by_role("button", name="ログアウトする").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="会員ログイン").is_visible()

    assert violations == []
    watcher.assert_clean()
