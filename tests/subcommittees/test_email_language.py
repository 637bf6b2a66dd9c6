"""E-mails go out in the recipient's language, whoever caused them and in whatever language.

The English catalogue is compiled afresh from locale/en (as tests/i18n does),
so a missing or stale .mo cannot make these pass or fail.
"""

from pathlib import Path

from wagtail.users.models import UserProfile

import polib
import pytest

from cms.models import OutboundEmail
from forum import notifications
from forum.models import PostEvent
from tests.forum.conftest import make_topic

pytestmark = pytest.mark.django_db

ENGLISH_PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


@pytest.fixture
def english(tmp_path, settings):
    target = tmp_path / "locale" / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    polib.pofile(str(ENGLISH_PO)).save_as_mofile(str(target / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path / "locale"]


def prefers_english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def email_to(user):
    [email] = [email for email in OutboundEmail.objects.all() if user.email in email.to]
    return email


def test_join_request_reaches_each_coordinator_in_their_language(
    client, english, s1, coordinator, org_member, other_member
):
    from subcommittees import services

    second = services._add_member(s1, other_member, "coordinator").user  # Japanese
    prefers_english(coordinator)
    client.force_login(org_member)  # the requester browses in Japanese
    response = client.post(f"/subcommittees/{s1.slug}/request/", {"message": "よろしく"})
    assert response.status_code == 302
    english_mail, japanese_mail = email_to(coordinator), email_to(second)
    assert english_mail.subject.startswith("[Tsunagari Net] New request to join")
    assert "/en/subcommittees/kodomo/manage/" in english_mail.body
    assert japanese_mail.subject.startswith("【つながりネット】")
    assert "/en/" not in japanese_mail.body


def test_decision_in_the_requesters_language(client, english, s1, coordinator, org_member):
    prefers_english(org_member)
    client.force_login(org_member)
    client.post(f"/subcommittees/{s1.slug}/request/", {"message": ""})
    join_request = s1.join_requests.get(user=org_member)
    client.force_login(coordinator)  # deciding in Japanese
    client.post(f"/subcommittees/{s1.slug}/manage/requests/{join_request.pk}/accept/")
    decision = email_to(org_member)
    assert decision.subject == "[Tsunagari Net] You have joined “こども食堂分科会”"
    assert "/en/subcommittees/kodomo/" in decision.body


def test_invitation_in_the_invitees_language(client, english, s2, other_coordinator, org_member):
    prefers_english(org_member)
    client.force_login(other_coordinator)
    response = client.post(f"/subcommittees/{s2.slug}/manage/invite/", {"email": org_member.email})
    assert response.status_code == 302
    invitation = email_to(org_member)
    assert invitation.subject.startswith("[Tsunagari Net] Invitation to the subcommittee")
    assert "has invited you" in invitation.body


def test_forum_emails_in_the_recipients_language(english, s1, member, coordinator):
    prefers_english(coordinator)
    _topic, post = make_topic(s1.forum, member, "日本語の話題")
    notifications.process_event(PostEvent.objects.get(post=post).pk)
    assert email_to(coordinator).subject == "[こども食堂分科会] New post: 日本語の話題"
    held = make_topic(s1.forum, member, "承認待ち", approved=False)[1]
    OutboundEmail.objects.all().delete()
    notifications.process_event(PostEvent.objects.get(post=held).pk)
    assert email_to(coordinator).subject == "[こども食堂分科会] A post is awaiting approval"
