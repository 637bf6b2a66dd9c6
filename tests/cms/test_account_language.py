"""A member chooses the language of everything the site e-mails them (/accounts/language/).

One field decides it: Wagtail's UserProfile.preferred_language, which the
Wagtail admin's own account page edits too. The Vietnamese and English
catalogues are compiled afresh from locale/ (as tests/i18n does), so a
missing or stale .mo cannot make these pass or fail.
"""

import re
from pathlib import Path

from django.core import mail

from wagtail.users.models import UserProfile

import polib
import pytest

from cms.mail import user_language
from tests.organisations.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/accounts/language/"
LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.fixture
def catalogues(tmp_path, settings):
    for language in ("vi", "en"):
        target = tmp_path / "locale" / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        po = LOCALE / language / "LC_MESSAGES" / "django.po"
        polib.pofile(str(po)).save_as_mofile(str(target / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path / "locale"]


@pytest.fixture
def member(client, site):
    user = UserFactory(username="lan", email="lan@example.jp", last_name="Nguyen")
    user.set_password("a-long-enough-Passw0rd")
    user.save()
    client.force_login(user)
    return user


def preferred(user):
    return UserProfile.get_for_user(user).preferred_language


def test_linked_beside_the_name_and_each_language_in_its_own_name(client, member):
    html = client.get("/accounts/name/").content.decode()
    assert f'href="{URL}"' in html and "言語の設定" in html
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("日本語", "やさしい日本語", "English", "Tiếng Việt", "中文(简体)", "नेपाली"):
        assert name in html
    assert 'aria-current="page"' in html
    # Nothing chosen yet: the language being read is the one ticked.
    [ticked] = re.findall(r'<input type="radio"[^>]*\bchecked\b[^>]*>', html)
    assert 'value="ja"' in ticked


def test_a_member_chooses_vietnamese_and_is_written_to_in_it(client, member, catalogues):
    assert user_language(member) == "ja"
    response = client.post(URL, {"language": "vi"})
    assert response.status_code == 302
    # The page comes back in the language chosen.
    assert response["Location"] == "/vi/accounts/language/"
    assert preferred(member) == "vi"
    member.refresh_from_db()  # forget the profile cached before the change
    assert user_language(member) == "vi"
    page = client.get(response["Location"]).content.decode()
    assert 'value="vi"' in page

    # allauth's own e-mails follow the account, whatever page asked for them.
    client.logout()
    client.post("/accounts/password/reset/", {"email": member.email})
    [message] = mail.outbox
    assert message.to == [member.email]
    assert "Đặt lại mật khẩu" in message.subject


def test_english_chosen_english_sent(client, member, catalogues):
    client.post(URL, {"language": "en"})
    client.logout()
    client.post("/accounts/password/reset/", {"email": member.email})
    [message] = mail.outbox
    assert "Password reset" in message.subject


def test_without_a_choice_the_page_language_is_kept(client, member, catalogues):
    client.logout()
    client.post("/vi/accounts/password/reset/", {"email": member.email})
    [message] = mail.outbox
    assert "Đặt lại mật khẩu" in message.subject
    assert preferred(member) == ""


def test_a_language_not_offered_is_refused_in_japanese(client, member):
    for bad in ("fr", "ja-x-kansai", "", "<script>"):
        response = client.post(URL, {"language": bad})
        assert response.status_code == 200
        html = response.content.decode()
        assert "選べる言語の中から選んでください。" in html or "言語を選んでください。" in html
    assert preferred(member) == ""
    assert user_language(member) == "ja"


def test_a_code_written_elsewhere_that_we_do_not_offer_counts_as_none(member):
    profile = UserProfile.get_for_user(member)
    profile.preferred_language = "fr"  # Wagtail's admin offers languages we do not
    profile.save()
    assert user_language(member) == "ja"
    assert user_language(member, default="en") == "en"


def test_anonymous_is_sent_to_sign_in(client):
    for response in (client.get(URL), client.post(URL, {"language": "vi"})):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
