"""Coordinators moderate their forum: posts held for approval, lock, move, delete, pin.

Everything through HTTP, as a coordinator and a member would click it; e-mails
read from the outbox after the commit callbacks ran (the task runs eagerly).
"""

import pytest
from machina.apps.forum_permission.handler import PermissionHandler
from machina.core.db.models import get_model

from cms.models import OutboundEmail
from forum.models import PostEvent
from subcommittees import services as subcommittee_services
from subcommittees.models import Subcommittee, SubcommitteeMembership
from tests.organisations.factories import MembershipFactory

from .conftest import forum_url, make_topic, url_of

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

pytestmark = pytest.mark.django_db


def emails_to(user):
    return [email for email in OutboundEmail.objects.all() if user.email in email.to]


def topic_form(subject, content):
    return {
        "subject": subject,
        "content": content,
        "topic_type": "0",
        "attachment-TOTAL_FORMS": "0",
        "attachment-INITIAL_FORMS": "0",
        "poll-TOTAL_FORMS": "0",
        "poll-INITIAL_FORMS": "0",
    }


def reply_form(subject, content):
    return {
        "subject": subject,
        "content": content,
        "attachment-TOTAL_FORMS": "0",
        "attachment-INITIAL_FORMS": "0",
    }


@pytest.fixture
def colleague(org_a, s1):
    """A second plain member of S1 (org A staff), who should hear of approved posts only."""
    user = MembershipFactory(organisation=org_a, user__username="colleague").user
    SubcommitteeMembership.objects.create(subcommittee=s1, user=user)
    subcommittee_services.sync_forum(s1)
    return user


@pytest.fixture
def moderated(client, s1, coordinator, colleague):
    """S1 switched to held posts by its coordinator, on the coordinator's page."""
    client.force_login(coordinator)
    response = client.post(f"/subcommittees/{s1.slug}/manage/moderation/", {"moderate_posts": "on"})
    assert response.status_code == 302
    s1.refresh_from_db()
    assert s1.moderate_posts
    client.logout()
    return s1


def test_switch_resyncs_the_forum_at_once(client, s1, member, coordinator):
    def may_post_directly():
        return PermissionHandler().can_post_without_approval(s1.forum, member)

    assert may_post_directly()
    client.force_login(coordinator)
    client.post(f"/subcommittees/{s1.slug}/manage/moderation/", {"moderate_posts": "on"})
    assert not may_post_directly()
    assert PermissionHandler().can_post_without_approval(s1.forum, coordinator)
    client.post(f"/subcommittees/{s1.slug}/manage/moderation/", {})
    s1.refresh_from_db()
    assert not s1.moderate_posts and may_post_directly()


def test_a_member_cannot_switch_moderation(client, s1, member):
    client.force_login(member)
    response = client.post(f"/subcommittees/{s1.slug}/manage/moderation/", {"moderate_posts": "on"})
    assert response.status_code == 403
    s1.refresh_from_db()
    assert not s1.moderate_posts


def test_secretariat_admin_form_switches_moderation(client, s1, secretariat, coordinator, member):
    from tests.subcommittees.test_admin import form_data

    client.force_login(secretariat)
    edit = f"/admin/subcommittee_admin/edit/{s1.pk}/"
    assert "moderate_posts" in client.get(edit).content.decode()
    data = form_data(coordinator, slug=s1.slug, moderate_posts="on")
    assert client.post(edit, data).status_code == 302
    s1.refresh_from_db()
    assert s1.moderate_posts
    assert not PermissionHandler().can_post_without_approval(s1.forum, member)


def test_held_topic_is_hidden_until_a_coordinator_approves_it(
    client, moderated, member, colleague, coordinator, django_capture_on_commit_callbacks
):
    s1 = moderated
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{forum_url(s1.forum)}topic/create/", topic_form("KANARIA-H1 保留", "KANARIA-H1 本文")
        )
    assert response.status_code == 302
    topic = Topic.objects.get(subject="KANARIA-H1 保留")
    post = topic.first_post
    assert not topic.approved and not post.approved
    assert PostEvent.objects.filter(post=post, kind=PostEvent.Kind.HELD).exists()
    # The coordinator is told, without the content; nobody else hears of it.
    [notice] = emails_to(coordinator)
    assert "承認待ち" in notice.subject and "/forum/moderation/queue/" in notice.body
    assert "KANARIA-H1 本文" not in notice.body
    assert emails_to(colleague) == []
    # Other members, anonymous visitors and feeds see nothing of it.
    for viewer in (colleague, None):
        client.logout()
        if viewer:
            client.force_login(viewer)
        for url in (forum_url(s1.forum), "/forum/", "/forum/feeds/topics/"):
            assert "KANARIA-H1" not in client.get(url).content.decode(), (viewer, url)
        assert client.get(url_of(topic)).status_code == 404
    # The poster still sees it (as held).
    client.force_login(member)
    assert client.get(url_of(topic)).status_code == 200
    # A member cannot open the queue; the coordinator can, and approves it.
    assert client.get("/forum/moderation/queue/").status_code in (403, 404)
    assert client.post(f"/forum/moderation/queue/{post.pk}/approve/").status_code in (403, 404)
    client.force_login(coordinator)
    queue = client.get("/forum/moderation/queue/")
    assert queue.status_code == 200 and "KANARIA-H1" in queue.content.decode()
    assert client.get(f"/forum/moderation/queue/{post.pk}/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/forum/moderation/queue/{post.pk}/approve/")
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.approved
    [announcement] = emails_to(colleague)
    assert "KANARIA-H1" in announcement.subject
    client.force_login(colleague)
    assert "KANARIA-H1" in client.get(forum_url(s1.forum)).content.decode()
    assert client.get(url_of(topic)).status_code == 200


def test_held_reply_is_hidden_until_approved(
    client, moderated, member, colleague, coordinator, django_capture_on_commit_callbacks
):
    s1 = moderated
    topic, _post = make_topic(s1.forum, coordinator, "世話人の話題")
    OutboundEmail.objects.all().delete()
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{url_of(topic)}post/create/", reply_form("Re: 世話人の話題", "KANARIA-H2 返信")
        )
    assert response.status_code == 302
    post = Post.objects.get(content="KANARIA-H2 返信")
    assert not post.approved and Topic.objects.get(pk=topic.pk).approved
    assert len(emails_to(coordinator)) == 1 and emails_to(colleague) == []
    client.force_login(colleague)
    assert "KANARIA-H2" not in client.get(url_of(topic)).content.decode()
    assert "KANARIA-H2" not in client.get("/forum/feeds/topics/").content.decode()
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/forum/moderation/queue/{post.pk}/approve/")
    assert len(emails_to(colleague)) == 1
    client.force_login(colleague)
    assert "KANARIA-H2" in client.get(url_of(topic)).content.decode()


def test_coordinator_posts_are_not_held(client, moderated, coordinator):
    client.force_login(coordinator)
    client.post(f"{forum_url(moderated.forum)}topic/create/", topic_form("世話人から", "本文"))
    assert Topic.objects.get(subject="世話人から").approved


# --- Lock, move, delete, pin -----------------------------------------------------


@pytest.fixture
def topic(s1, member):
    topic, _post = make_topic(s1.forum, member, "モデレーション対象")
    return topic


def moderation_url(topic, action):
    return f"/forum/moderation/topic/{topic.slug}-{topic.pk}/{action}/"


@pytest.fixture
def other_forum(secretariat, coordinator):
    """A second subcommittee the same person coordinates: a place to move topics to."""
    return subcommittee_services.create_subcommittee(
        by=secretariat,
        coordinators=[coordinator],
        name="居場所づくり分科会",
        slug="s3",
        theme="居場所",
        visibility=Subcommittee.Visibility.MEMBERS,
    ).forum


def test_coordinator_locks_and_unlocks(client, topic, coordinator, member):
    client.force_login(coordinator)
    assert client.get(moderation_url(topic, "lock")).status_code == 200
    assert client.post(moderation_url(topic, "lock")).status_code == 302
    topic.refresh_from_db()
    assert topic.is_locked
    # Members can no longer reply; the coordinator still can.
    client.force_login(member)
    reply = client.post(f"{url_of(topic)}post/create/", reply_form("Re", "鍵の後"))
    assert reply.status_code in (403, 404)
    assert not Post.objects.filter(content="鍵の後").exists()
    client.force_login(coordinator)
    assert client.post(moderation_url(topic, "unlock")).status_code == 302
    topic.refresh_from_db()
    assert not topic.is_locked


def test_coordinator_moves_a_topic(client, topic, coordinator, other_forum, member):
    client.force_login(coordinator)
    assert client.get(moderation_url(topic, "move")).status_code == 200
    response = client.post(moderation_url(topic, "move"), {"forum": other_forum.pk})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.forum_id == other_forum.pk
    # The S1 member is not in the target subcommittee: the topic is gone for them.
    client.force_login(member)
    assert client.get(url_of(topic)).status_code == 404


def test_coordinator_deletes_a_topic(client, topic, coordinator):
    client.force_login(coordinator)
    assert client.get(moderation_url(topic, "delete")).status_code == 200
    assert client.post(moderation_url(topic, "delete")).status_code == 302
    assert not Topic.objects.filter(pk=topic.pk).exists()


def test_coordinator_pins_a_topic(client, topic, coordinator):
    client.force_login(coordinator)
    assert client.post(moderation_url(topic, "change/sticky")).status_code == 302
    topic.refresh_from_db()
    assert topic.type == Topic.TOPIC_STICKY
    assert client.post(moderation_url(topic, "change/topic")).status_code == 302
    topic.refresh_from_db()
    assert topic.type == Topic.TOPIC_POST


def test_a_member_cannot_moderate(client, topic, member, other_forum):
    client.force_login(member)
    for action in ("lock", "move", "delete", "change/sticky", "change/announce"):
        assert client.get(moderation_url(topic, action)).status_code in (403, 404), action
        response = client.post(moderation_url(topic, action), {"forum": other_forum.pk})
        assert response.status_code in (403, 404), action
    topic.refresh_from_db()
    assert topic.forum_id != other_forum.pk
    assert not topic.is_locked and topic.type == Topic.TOPIC_POST


HELD_MESSAGES = ["投稿を受け付けました。", "世話人が承認すると、分科会の参加者に表示されます。"]


def test_a_held_post_tells_its_poster_it_waits_for_the_coordinator(
    client, moderated, member, coordinator
):
    """Not "posted" beside "shown once approved" over a list without the topic: one plain story."""
    s1 = moderated
    client.force_login(member)
    response = client.post(
        f"{forum_url(s1.forum)}topic/create/", topic_form("保留の話題", "本文"), follow=True
    )
    assert [str(message) for message in response.context["messages"]] == HELD_MESSAGES
    topic, _post = make_topic(s1.forum, coordinator, "世話人の話題")
    response = client.post(
        f"{url_of(topic)}post/create/", reply_form("Re: 世話人の話題", "返信"), follow=True
    )
    assert [str(message) for message in response.context["messages"]] == HELD_MESSAGES


def test_a_post_not_held_is_simply_posted(client, s1, member):
    client.force_login(member)
    response = client.post(
        f"{forum_url(s1.forum)}topic/create/", topic_form("普通の話題", "本文"), follow=True
    )
    told = [str(message) for message in response.context["messages"]]
    assert told == ["メッセージを投稿しました"]
