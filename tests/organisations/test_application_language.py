"""A join applicant is written to in the language they used on the site.

Before an account exists the application remembers the language of the
page it was sent from; the new account starts in it; an account that chose
its own language (/accounts/language/) has the last word. Catalogues are
compiled afresh from locale/ so a stale .mo cannot decide the result.
"""

import re
from pathlib import Path

from django.core import mail
from django.db import transaction

from wagtail.users.models import UserProfile

import polib
import pytest

from organisations.choices import ApplicationStatus, Tier
from organisations.forms.join import ApplicationForm
from organisations.models import Application
from organisations.services import applications as services

from .factories import ApplicationFactory, UserFactory
from .test_join import application_data

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parents[2] / "locale"
ACCEPTED_EN = "[Tsunagari Net] Your membership application has been approved"


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    """Deliver outbox e-mail when it is queued (each test is one transaction)."""
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture(autouse=True)
def catalogues(tmp_path, settings):
    for language in ("vi", "en"):
        target = tmp_path / "locale" / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        po = LOCALE / language / "LC_MESSAGES" / "django.po"
        polib.pofile(str(po)).save_as_mofile(str(target / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path / "locale"]


def chooses(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def mail_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_applying_in_english_is_answered_in_english_to_the_end(client, secretariat):
    response = client.post("/en/join/", application_data())
    assert response.status_code == 302 and response["Location"] == "/en/join/sent/"
    application = Application.objects.get()
    assert application.language == "en"

    [confirmation] = mail_to("hanako@example.jp")
    assert confirmation.subject == "[Tsunagari Net] Please confirm your membership application"
    link = re.search(r"http://testserver(/en/join/confirm/\S+/)", confirmation.body).group(1)
    assert client.post(link).status_code in (200, 302)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

    # The secretariat decides in Japanese; the applicant still reads English.
    mail.outbox.clear()
    organisation = services.accept_application(application, Tier.STEERING, decided_by=secretariat)
    [accepted] = mail_to("hanako@example.jp")
    assert accepted.subject == ACCEPTED_EN
    assert "http://testserver/en/accounts/password/reset/key/" in accepted.body
    # The new account starts in the language its owner applied in.
    user = organisation.memberships.get().user
    assert UserProfile.get_for_user(user).preferred_language == "en"


def test_japanese_page_japanese_mail(client):
    client.post("/join/", application_data())
    assert Application.objects.get().language == "ja"
    [confirmation] = mail.outbox
    assert confirmation.subject == "【つながりネット】入会申込みの確認をお願いします"


def test_a_decline_is_in_the_applicants_language(secretariat):
    application = ApplicationFactory(language="en", applicant_email="en@example.jp")
    services.decline_application(application, "定員に達しました。", decided_by=secretariat)
    [declined] = mail_to("en@example.jp")
    assert declined.subject == "[Tsunagari Net] The result of your membership application"


def test_an_existing_accounts_own_choice_wins(secretariat):
    chooses(UserFactory(email="lan@example.jp"), "vi")
    application = ApplicationFactory(language="ja", applicant_email="lan@example.jp")
    services.accept_application(application, Tier.STEERING, decided_by=secretariat)
    [accepted] = mail_to("lan@example.jp")
    assert accepted.subject == "[Tsunagari Net] Đơn đăng ký gia nhập đã được chấp thuận"
    assert "/vi/" in accepted.body


def test_each_secretariat_member_is_told_in_their_own_language(secretariat):
    second = chooses(UserFactory(username="jimukyoku-vi", groups=["事務局"]), "vi")
    application = ApplicationFactory(status=ApplicationStatus.UNCONFIRMED, name="ひまわり会")
    services.confirm_application(application)
    [japanese] = mail_to(secretariat.email)
    [vietnamese] = mail_to(second.email)
    assert japanese.subject == "【つながりネット】新しい入会申込み：ひまわり会"
    assert vietnamese.subject == "[Tsunagari Net] Đơn đăng ký gia nhập mới: ひまわり会"


def test_a_language_not_offered_is_not_stored():
    # The view passes request.LANGUAGE_CODE, always one of ours; a stray code
    # leaves the site's own language rather than reaching the database.
    form = ApplicationForm(application_data())
    assert form.is_valid(), form.errors
    application, _token = services.submit_application(form, language="fr")
    assert application.language == "ja"
