"""A member picks the language of their e-mails on a phone, from the account pages."""

import re

import pytest
from allauth.account.models import EmailAddress

from .axe import check_axe

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EMAIL = "lan@tsunagari.example.jp"
PASSWORD = "ngon-ngu-cua-toi-2024"


@pytest.fixture
def member(django_user_model):
    user = django_user_model.objects.create_user(
        username="u-lan", email=EMAIL, password=PASSWORD, last_name="Nguyen"
    )
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    return user


def test_member_chooses_vietnamese_on_a_phone(live_server, open_page, screenshot, member):
    base = live_server.url
    page, _watcher = open_page("phone")
    page.set_default_timeout(10_000)
    page.goto(f"{base}/accounts/login/?next=/accounts/language/")
    page.get_by_label(re.compile(r"^\s*メールアドレス")).fill(EMAIL)
    page.get_by_label(re.compile(r"^\s*パスワード")).fill(PASSWORD)
    page.get_by_role("button", name="ログイン", exact=True).click()
    page.wait_for_url(re.compile(r"/accounts/language/$"))
    assert page.locator("h1").inner_text() == "言語の設定"
    screenshot(page, "account-language-phone")
    check_axe(page, "account-language-phone")

    page.get_by_label("Tiếng Việt").check()
    page.get_by_role("button", name="保存する").click()
    page.wait_for_url(re.compile(r"/vi/accounts/language/$"))
    assert page.get_by_label("Tiếng Việt").is_checked()
    screenshot(page, "account-language-saved-vi-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
