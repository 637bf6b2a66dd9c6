"""django-allauth's e-mails begin their subject in the reader's language.

ACCOUNT_EMAIL_SUBJECT_PREFIX was the plain string "【つながりネット】", so a
password reset asked for under /en/ came back with a Japanese prefix in front of
an English subject. It is now translated when the e-mail is sent, the same way
as the prefix of the site's own e-mails ("[Tsunagari Net] New request to join…").
"""

from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.utils import translation

import pytest
from allauth.account.models import EmailAddress

pytestmark = pytest.mark.django_db

EMAIL = "member@example.jp"


@pytest.fixture(autouse=True)
def _no_rate_limit_left_over():
    """allauth counts password resets in the cache: start and leave it empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(site, django_user_model):
    user = django_user_model.objects.create_user(username="u-member", email=EMAIL, password="x")
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    return user


def reset_subject(client, prefix):
    response = client.post(f"{prefix}/accounts/password/reset/", {"email": EMAIL})
    assert response.status_code == 302
    [message] = mail.outbox
    return message.subject


def test_password_reset_asked_in_english_has_an_english_subject(client, member):
    with translation.override("en"):
        subject = translation.gettext("パスワードの再設定")
    assert subject != "パスワードの再設定"
    assert reset_subject(client, "/en") == f"[Tsunagari Net] {subject}"


def test_password_reset_asked_in_japanese_keeps_the_japanese_prefix(client, member):
    assert reset_subject(client, "") == "【つながりネット】パスワードの再設定"


@pytest.mark.parametrize("code", ["ko", "zh-hans", "vi", "ja-x-easy"])
def test_prefix_matches_the_one_of_the_sites_own_emails(client, member, code):
    """The allauth prefix and the prefix of the membership e-mails agree in each language."""
    with translation.override(code):
        own = translation.gettext("【つながりネット】入会申込みが承認されました")
        prefix = str(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)
    assert own.startswith(prefix), (prefix, own)
    assert reset_subject(client, f"/{code}").startswith(prefix)
