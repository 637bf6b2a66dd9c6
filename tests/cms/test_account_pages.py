"""django-allauth's pages in the site's frame: Japanese, accessible, no script.

Sign-in, sign-out, the password pages and the two-factor pages all extend
base.html (header, footer, lang="ja") through templates/allauth/layouts/, and
their forms label every control and show errors next to it.
"""

import re

from django.core import mail

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

pytestmark = pytest.mark.django_db

PASSWORD = "mado-no-soto-wa-yuki"
NEW_PASSWORD = "haru-ga-kita-sakura-saku"
EMAIL = "member@example.jp"


@pytest.fixture(autouse=True)
def _site(site):
    """The default Site answers to the test client (tests/conftest.py)."""


@pytest.fixture
def member(django_user_model):
    user = django_user_model.objects.create_user(
        username="u-member", email=EMAIL, password=PASSWORD, last_name="山田"
    )
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    return user


def sign_in(client, email=EMAIL, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def totp_code(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def assert_site_page(response, heading):
    """Our frame, in Japanese, with the page's own h1 and no inline code."""
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ja">' in html
    assert 'class="site-header"' in html
    assert 'class="site-footer"' in html
    h1 = re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert len(h1) == 1, h1
    assert heading in h1[0]
    # allauth's bare "Menu:" list and its English never show.
    assert "Menu:" not in html
    assert "Sign In" not in html and "Sign Out" not in html
    # The CSP forbids inline code: nothing here relies on it.
    assert "<script" not in html
    assert "style=" not in html
    return html


def assert_labelled(html):
    """Every visible input, select and textarea has a <label for=…>."""
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        if re.search(r'type="(hidden|submit)"', tag):
            continue
        control_id = re.search(r'id="([^"]+)"', tag)
        assert control_id, tag
        assert f'for="{control_id.group(1)}"' in html, tag


# --- Pages render in our frame -------------------------------------------------


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/accounts/login/", "ログイン"),
        ("/accounts/password/reset/", "パスワードの再設定"),
        ("/accounts/password/reset/done/", "メールを送りました"),
        ("/accounts/password/reset/key/1-bad-token/", "このリンクは使えません"),
        ("/accounts/signup/", "新規登録は受け付けていません"),
        ("/accounts/inactive/", "このアカウントは使えません"),
    ],
)
def test_entrance_pages_render_in_the_site_frame(client, url, heading):
    html = assert_site_page(client.get(url), heading)
    assert_labelled(html)


def test_login_page_labels_and_autocomplete(client):
    html = assert_site_page(client.get("/accounts/login/"), "ログイン")
    assert '<label class="manage-field__label" for="id_login">メールアドレス' in html
    assert 'type="email"' in html and 'autocomplete="email"' in html
    assert 'autocomplete="current-password"' in html
    # The reset link is the password's help text, below the control.
    assert 'aria-describedby="id_password_helptext"' in html
    assert html.index('id="id_password"') < html.index('id="id_password_helptext"')
    assert "パスワードをお忘れの方" in html
    # Sign-up is closed: the page points to the application form instead.
    assert "/accounts/signup/" not in html
    assert 'href="/join/"' in html


def test_signed_in_pages_render_in_the_site_frame(client, member):
    client.force_login(member)
    html = assert_site_page(client.get("/accounts/password/change/"), "パスワードの変更")
    assert_labelled(html)
    assert 'autocomplete="new-password"' in html
    # The account settings links replace allauth's menu.
    assert 'aria-current="page">パスワードの変更' in html
    assert_site_page(client.get("/accounts/2fa/"), "2段階認証")
    assert_site_page(client.get("/accounts/logout/"), "ログアウト")
    # Activating two-factor asks for the password again first.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    html = assert_site_page(client.get(response["Location"]), "本人確認")
    assert_labelled(html)


def test_password_set_page_for_an_account_without_a_password(client, member):
    member.set_unusable_password()
    member.save()
    client.force_login(member)
    html = assert_site_page(client.get("/accounts/password/set/"), "パスワードの設定")
    assert_labelled(html)


def test_flash_messages_show_in_the_site_style(client, member):
    sign_in(client)
    client.post("/accounts/logout/")
    html = client.get("/accounts/login/").content.decode()
    # The live region wraps the list (a <ul role="status"> is no list to its items).
    assert re.search(r'<div role="status">\s*<ul class="manage-messages">', html)
    assert "ログアウトしました。" in html


# --- Signing in ------------------------------------------------------------------


def test_wrong_password_shows_a_japanese_error_and_keeps_the_email(client, member):
    response = client.post("/accounts/login/", {"login": EMAIL, "password": "wrong-password"})
    html = assert_site_page(response, "ログイン")
    assert 'role="alert"' in html
    assert "メールアドレスもしくはパスワードが正しくありません" in html
    assert f'value="{EMAIL}"' in html
    assert "wrong-password" not in html  # the password is never echoed
    assert "_auth_user_id" not in client.session


def test_missing_field_error_sits_next_to_the_field(client):
    response = client.post("/accounts/login/", {"login": "", "password": ""})
    html = response.content.decode()
    assert '<ul class="manage-field__errors" id="id_login_error">' in html
    assert "この項目は必須です" in html
    login_input = re.search(r'<input[^>]*id="id_login"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in login_input
    assert "id_login_error" in login_input
    # The error summary links to the field.
    assert 'href="#id_login"' in html


def test_right_password_signs_in(client, member):
    response = sign_in(client)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == member.pk
    # No "signed in" flash left over to pop up on some later page.
    html = client.get("/accounts/password/change/").content.decode()
    assert "manage-messages" not in html


# --- Signing out ------------------------------------------------------------------


def test_logout_is_post_only(client, member):
    client.force_login(member)
    response = client.get("/accounts/logout/")
    assert response.status_code == 200
    assert '<form class="manage-form account-form" method="post" action="/accounts/logout/"' in (
        response.content.decode()
    )
    assert int(client.session["_auth_user_id"]) == member.pk  # GET changed nothing

    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_header_logout_button_posts(client, member):
    client.force_login(member)
    html = client.get("/accounts/password/change/").content.decode()
    logout_form = r'<form method="post" action="/accounts/logout/">\s*<input type="hidden"'
    assert re.search(logout_form, html)


# --- Password reset -----------------------------------------------------------------


def test_password_reset_mail_link_sets_a_new_password(client, member):
    response = client.post("/accounts/password/reset/", {"email": EMAIL})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    assert message.subject == "【つながりネット】パスワードの再設定"
    assert "新しいパスワードを設定してください" in message.body
    assert "つながりネット 事務局" in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", message.body).group(1)

    # allauth moves the key into the session and redirects to a key-free URL.
    response = client.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    html = assert_site_page(client.get(form_url), "パスワードの設定")
    assert_labelled(html)

    # A too-short password: a Japanese error next to the field, nothing set.
    response = client.post(form_url, {"password1": "short", "password2": "short"})
    html = response.content.decode()
    assert 'id="id_password1_error"' in html
    assert "短すぎ" in html

    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert_site_page(client.get(response["Location"]), "パスワードを設定しました")
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)

    # The link works once.
    response = client.get(link, follow=True)
    assert_site_page(response, "このリンクは使えません")


def test_password_reset_for_an_unknown_address_looks_the_same(client, member):
    known = client.post("/accounts/password/reset/", {"email": EMAIL})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.jp"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    to_unknown = [m for m in mail.outbox if m.to == ["nobody@example.jp"]]
    assert len(to_unknown) == 1
    # Sign-up is closed: the notice does not invite them to sign up.
    assert "/accounts/signup/" not in to_unknown[0].body
    assert "登録されていません" in to_unknown[0].body


# --- Two-factor authentication --------------------------------------------------------


def test_totp_activation_shows_the_qr_code_within_the_csp(client, member):
    sign_in(client)
    # Setting up a second factor asks for the password again, whatever the sign-in.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    response = client.get("/accounts/2fa/totp/activate/")
    html = assert_site_page(response, "認証アプリの設定")
    assert_labelled(html)

    # The QR code is an inline SVG with a text alternative, so the policy
    # needs no data: images; the policy itself stays strict.
    assert re.search(r'<div class="account-qr__code" role="img" aria-label="[^"]+">\s*<svg ', html)
    assert "data:image" not in html
    assert "<?xml" not in html
    csp = response["Content-Security-Policy"]
    assert "img-src 'self'" in csp
    assert "unsafe-inline" not in csp

    code_input = re.search(r'<input[^>]*name="code"[^>]*>', html).group(0)
    assert 'inputmode="numeric"' in code_input
    assert 'autocomplete="one-time-code"' in code_input

    # A wrong code: a Japanese error next to the field.
    response = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    html = response.content.decode()
    assert "コードが正しくありません。" in html
    assert 'id="id_code_error"' in html
    assert 'aria-invalid="true"' in html

    secret = re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', html).group(1)
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()

    # Activating also made recovery codes; they are listed as plain text.
    html = assert_site_page(client.get(response["Location"]), "リカバリーコード")
    codes = RecoveryCodes(
        Authenticator.objects.get(user=member, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    assert all(f"<code>{code}</code>" in html for code in codes)

    html = assert_site_page(client.get("/accounts/2fa/"), "2段階認証")
    assert "設定済み" in html


def test_sign_in_with_two_factor_asks_for_the_code(client, member):
    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    html = assert_site_page(client.get("/accounts/2fa/authenticate/"), "2段階認証")
    assert_labelled(html)
    assert "_auth_user_id" not in client.session

    response = client.post("/accounts/2fa/authenticate/", {"code": "123"})
    assert "コードが正しくありません。" in response.content.decode()

    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == member.pk


def test_mfa_reauthentication_and_recovery_code_pages(client, member):
    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    RecoveryCodes.activate(member)
    client.force_login(member)  # no recent authentication on record
    response = client.get("/accounts/2fa/recovery-codes/")
    assert response.status_code == 302
    html = assert_site_page(client.get(response["Location"]), "本人確認")
    assert_labelled(html)
    assert "/accounts/2fa/reauthenticate/" in html  # the authenticator code alternative

    html = assert_site_page(client.get("/accounts/2fa/reauthenticate/"), "本人確認")
    assert_labelled(html)
    response = client.post("/accounts/2fa/reauthenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302

    assert_site_page(client.get("/accounts/2fa/recovery-codes/"), "リカバリーコード")
    assert_site_page(
        client.get("/accounts/2fa/recovery-codes/generate/"), "リカバリーコードの作り直し"
    )
    assert_site_page(client.get("/accounts/2fa/totp/deactivate/"), "認証アプリの設定の解除")
