"""Forum moderation in the audit log: one entry per action, read by the secretariat.

Approving or rejecting a held post, deleting a post or a topic, moving,
locking, unlocking and re-typing a topic each write exactly one entry of
Wagtail's audit log against the topic or post, by whoever did it, with the
forum and the client's address. The secretariat reads them in Site history;
coordinators, members and editors do not.
"""

import re

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from wagtail.models import ModelLogEntry

import pytest
from machina.core.db.models import get_model

from forum import moderation
from subcommittees import services as subcommittee_services
from subcommittees.models import Subcommittee

from .conftest import make_topic, reply, url_of

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

pytestmark = pytest.mark.django_db

SITE_HISTORY = "/admin/reports/site-history/"
IP = "198.51.100.40"


@pytest.fixture
def topic(s1, member):
    topic, _post = make_topic(s1.forum, member, "モデレーション対象")
    return topic


@pytest.fixture
def other_forum(secretariat, coordinator):
    return subcommittee_services.create_subcommittee(
        by=secretariat,
        coordinators=[coordinator],
        name="居場所づくり分科会",
        slug="s3",
        theme="居場所",
        visibility=Subcommittee.Visibility.MEMBERS,
    ).forum


def moderation_url(topic, action):
    return f"/forum/moderation/topic/{topic.slug}-{topic.pk}/{action}/"


def assert_one_entry(action, obj, actor, forum):
    [entry] = ModelLogEntry.objects.filter(action=action)
    assert entry.content_type == ContentType.objects.get_for_model(type(obj))
    assert entry.object_id == str(obj.pk)
    assert entry.user_id == actor.pk
    assert entry.data["forum_id"] == forum.pk
    assert entry.data["ip"] == IP
    return entry


def forum_entries():
    return ModelLogEntry.objects.filter(action__startswith="forum.")


@pytest.mark.parametrize(
    ("path", "action"),
    [
        ("lock", moderation.TOPIC_LOCKED),
        ("change/sticky", moderation.TOPIC_TYPE_CHANGED),
        ("change/announce", moderation.TOPIC_TYPE_CHANGED),
    ],
)
def test_topic_actions_are_recorded(client, topic, coordinator, s1, path, action):
    client.force_login(coordinator)
    response = client.post(moderation_url(topic, path), REMOTE_ADDR=IP)
    assert response.status_code == 302
    entry = assert_one_entry(action, topic, coordinator, s1.forum)
    assert entry.label == "モデレーション対象"
    assert forum_entries().count() == 1


def test_unlocking_is_recorded(client, topic, coordinator, s1):
    topic.status = Topic.TOPIC_LOCKED
    topic.save()
    client.force_login(coordinator)
    assert client.post(moderation_url(topic, "unlock"), REMOTE_ADDR=IP).status_code == 302
    assert_one_entry(moderation.TOPIC_UNLOCKED, topic, coordinator, s1.forum)


def test_moving_is_recorded_with_both_forums(client, topic, coordinator, s1, other_forum):
    client.force_login(coordinator)
    response = client.post(moderation_url(topic, "move"), {"forum": other_forum.pk}, REMOTE_ADDR=IP)
    assert response.status_code == 302
    entry = assert_one_entry(moderation.TOPIC_MOVED, topic, coordinator, other_forum)
    assert entry.data["from_forum_id"] == s1.forum.pk
    assert entry.data["from_forum_name"] == s1.forum.name


def test_deleting_a_topic_is_recorded(client, topic, coordinator, s1):
    client.force_login(coordinator)
    assert client.post(moderation_url(topic, "delete"), REMOTE_ADDR=IP).status_code == 302
    assert not Topic.objects.filter(pk=topic.pk).exists()
    entry = assert_one_entry(moderation.TOPIC_DELETED, topic, coordinator, s1.forum)
    assert entry.label == "モデレーション対象"  # the name stays after the topic went


def test_approving_a_held_post_is_recorded(client, topic, coordinator, member, s1):
    held = reply(topic, member, "承認待ちの返信", approved=False)
    client.force_login(coordinator)
    response = client.post(f"/forum/moderation/queue/{held.pk}/approve/", REMOTE_ADDR=IP)
    assert response.status_code == 302
    entry = assert_one_entry(moderation.POST_APPROVED, held, coordinator, s1.forum)
    assert entry.data["topic_id"] == topic.pk
    assert entry.data["poster_id"] == member.pk


def test_rejecting_a_held_post_is_recorded(client, topic, coordinator, member, s1):
    held = reply(topic, member, "却下される返信", approved=False)
    client.force_login(coordinator)
    response = client.post(f"/forum/moderation/queue/{held.pk}/disapprove/", REMOTE_ADDR=IP)
    assert response.status_code == 302
    assert not Post.objects.filter(pk=held.pk).exists()
    entry = assert_one_entry(moderation.POST_DISAPPROVED, held, coordinator, s1.forum)
    assert entry.data["topic_deleted"] is False
    assert "却下される返信" not in str(entry.data)  # the post's text is not kept


def test_deleting_a_post_is_recorded(client, topic, coordinator, member, s1):
    post = reply(topic, member, "消される返信")
    client.force_login(coordinator)
    delete_url = f"{url_of(topic)}{post.pk}/post/delete/"
    response = client.post(delete_url, REMOTE_ADDR=IP)
    assert response.status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()
    entry = assert_one_entry(moderation.POST_DELETED, post, coordinator, s1.forum)
    assert entry.data["own"] is False


def test_a_refused_action_writes_nothing(client, topic, member, other_forum):
    client.force_login(member)
    for action in ("lock", "move", "delete", "change/sticky"):
        client.post(moderation_url(topic, action), {"forum": other_forum.pk})
    assert not forum_entries().exists()


# --- Who reads them ---------------------------------------------------------------------


@pytest.fixture
def moderated(client, topic, coordinator, member):
    held = reply(topic, member, "承認待ち", approved=False)
    client.force_login(coordinator)
    client.post(moderation_url(topic, "lock"), REMOTE_ADDR=IP)
    client.post(f"/forum/moderation/queue/{held.pk}/approve/", REMOTE_ADDR=IP)
    client.logout()
    assert forum_entries().count() == 2
    return topic


def test_the_secretariat_reads_them_in_site_history(client, moderated, secretariat, s1):
    client.force_login(secretariat)
    response = client.get(SITE_HISTORY)
    assert response.status_code == 200
    html = response.content.decode()
    for action, label in (
        (moderation.TOPIC_LOCKED, "トピックのロック"),
        (moderation.POST_APPROVED, "投稿の承認"),
    ):
        assert re.search(rf'value="{action}"[^>]*>\s*{label}</label>', html), label
    assert f"「{s1.forum.name}」のトピックをロックしました（IPアドレス：{IP}）" in html
    assert "「モデレーション対象」への承認待ちの投稿を承認しました" in html


@pytest.mark.parametrize("persona", ["coordinator", "member"])
def test_coordinators_and_members_cannot_read_them(client, moderated, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(SITE_HISTORY)
    assert response.status_code in (302, 403)
    assert "ロックしました" not in response.content.decode()


def test_an_editor_does_not_see_them(client, moderated, django_user_model):
    editor = django_user_model.objects.create_user(username="editor-forum", password="x" * 16)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get(SITE_HISTORY)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ロックしました" not in html and "モデレーション対象" not in html
