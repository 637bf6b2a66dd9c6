"""Posters appear by their name (and organisation), never by account name or e-mail."""

import re
import uuid

import pytest
from machina.core.db.models import get_model

from cms.models import OutboundEmail
from forum import notifications
from forum.models import PostEvent
from forum.names import display_name

from .conftest import forum_url, make_topic, reply, url_of

Post = get_model("forum_conversation", "Post")

pytestmark = pytest.mark.django_db

ACCOUNT_NAME = re.compile(r"\bu-[0-9a-f]{32}\b")


def rename(user, last_name, first_name):
    """Accounts as the site creates them: a u-<uuid> username, the person's name apart."""
    user.username = f"u-{uuid.uuid4().hex}"
    user.last_name, user.first_name = last_name, first_name
    user.save()
    return user


@pytest.fixture
def people(s1, s2, member, coordinator, other_member):
    rename(member, "佐藤", "一郎")
    rename(coordinator, "高橋", "美咲")
    rename(other_member, "鈴木", "二郎")
    return [member, coordinator, other_member]


def assert_named(content, people, names):
    assert not ACCOUNT_NAME.search(content), ACCOUNT_NAME.search(content)
    for person in people:
        assert person.username not in content
        assert person.email not in content
    for name in names:
        assert name in content


def test_topic_page_lists_and_feeds_show_names(client, s2, people, member, other_member):
    topic, _post = make_topic(s2.forum, other_member, "名前の表示")
    reply(topic, other_member, "返信です")
    client.force_login(member)
    page = client.get(url_of(topic)).content.decode()
    assert_named(page, people, ["鈴木 二郎"])
    assert "みなと居場所の会" in page  # their organisation, next to the name
    # The topic list's "last post by" and the forum index.
    for url in (forum_url(s2.forum), "/forum/", "/forum/feeds/topics/"):
        assert_named(client.get(url).content.decode(), people, ["鈴木 二郎"])
    # The member's post list and profile.
    for url in (
        f"/forum/member/profile/{other_member.pk}/posts/",
        f"/forum/member/profile/{other_member.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_named(response.content.decode(), people, ["鈴木 二郎"])


def test_moderation_queue_shows_names(client, s1, people, member, coordinator):
    topic, _post = make_topic(s1.forum, coordinator, "承認の話題")
    held = reply(topic, member, "承認待ちの返信", approved=False)
    client.force_login(coordinator)
    for url in ("/forum/moderation/queue/", f"/forum/moderation/queue/{held.pk}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert_named(response.content.decode(), people, ["佐藤 一郎"])


def test_a_person_without_a_name_is_not_shown_by_account(client, s2, other_member):
    rename(other_member, "", "")
    topic, _post = make_topic(s2.forum, other_member, "名無し")
    page = client.get(url_of(topic)).content.decode()
    assert other_member.username not in page and other_member.email not in page
    assert display_name(other_member) in page


def test_forum_emails_name_the_poster(s1, people, member, coordinator):
    _topic, post = make_topic(s1.forum, member, "メールの名前")
    notifications.process_event(PostEvent.objects.get(post=post).pk)
    [email] = [e for e in OutboundEmail.objects.all() if coordinator.email in e.to]
    assert "佐藤 一郎" in email.body and member.username not in email.body
