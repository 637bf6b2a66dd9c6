"""What opening a topic writes and asks, for a member (issue 21).

forum/viewing.py marks a topic read only when the reader's mark is older than
its last post; the forum's menu keeps "may this user moderate?" per user
until the page cache's version moves. These tests check that re-reading a
read topic writes no read mark, that a new reply makes the topic unread and
opening it reads it again (the forum's own mark included, as machina does),
and that a member made coordinator sees the moderation queue's link on the
next request, with the memo on as with Redis.
"""

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from machina.core.db.models import get_model

from forum import viewing
from subcommittees import services as subcommittee_services
from subcommittees.models import MembershipRole, SubcommitteeMembership

from .conftest import make_topic, reply, url_of

ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")
Topic = get_model("forum_conversation", "Topic")

pytestmark = pytest.mark.django_db

UNREAD = "/forum/tracking/unread-topics/"
QUEUE = "/forum/moderation/queue/"


@pytest.fixture
def topics(s2, other_member, member):
    SubcommitteeMembership.objects.create(subcommittee=s2, user=member)
    subcommittee_services.sync_forum(s2)
    first, _ = make_topic(s2.forum, other_member, "開所日について")
    second, _ = make_topic(s2.forum, other_member, "ボランティア募集")
    return first, second


def open_topic(client, topic):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url_of(topic))
    assert response.status_code == 200
    return [query["sql"] for query in captured]


def read_track_writes(queries):
    return [
        sql
        for sql in queries
        if "forum_tracking_" in sql and sql.lstrip().startswith(("UPDATE", "INSERT", "DELETE"))
    ]


def unread_subjects(client):
    return client.get(UNREAD).content.decode()


def test_re_reading_a_read_topic_writes_no_read_mark(topics, member):
    first, _ = topics
    client = Client()
    client.force_login(member)
    assert read_track_writes(open_topic(client, first))
    assert TopicReadTrack.objects.filter(topic=first, user=member).exists()
    queries = open_topic(client, first)
    assert not read_track_writes(queries)
    # Whether it was read came with the topic's row: no query of its own.
    assert not [
        sql for sql in queries if sql.lstrip().startswith('SELECT 1 AS "a" FROM "forum_tracking')
    ]


def test_a_new_reply_makes_the_topic_unread_until_it_is_opened(topics, member, other_member):
    first, second = topics
    client = Client()
    client.force_login(member)
    open_topic(client, first)
    open_topic(client, second)
    # Every topic read: the forum's own mark stands for them (machina's roll-up).
    assert ForumReadTrack.objects.filter(forum=first.forum, user=member).exists()
    assert "開所日について" not in unread_subjects(client)

    reply(first, other_member, "土曜日も開けます。")
    assert "開所日について" in unread_subjects(client)
    assert read_track_writes(open_topic(client, first))
    assert "開所日について" not in unread_subjects(client)


@pytest.mark.usefixtures("fragments_kept")
def test_a_member_made_coordinator_sees_the_queue_on_the_next_request(
    topics, s2, member, secretariat
):
    first, _ = topics
    client = Client()
    client.force_login(member)
    assert QUEUE not in client.get(url_of(first)).content.decode()
    assert QUEUE not in client.get(url_of(first)).content.decode()  # the kept answer
    membership = SubcommitteeMembership.objects.get(subcommittee=s2, user=member)
    subcommittee_services.set_role(membership, MembershipRole.COORDINATOR, by=secretariat)
    assert QUEUE in client.get(url_of(first)).content.decode()


def view_count_writes(queries):
    return [sql for sql in queries if sql.lstrip().startswith("UPDATE") and "views_count" in sql]


def test_views_are_counted_and_written_once_a_minute(topics, member):
    """machina wrote each view; here the first view of a minute writes what has gathered."""
    first, _ = topics
    name = f"forum-topic-views:{first.pk}"
    cache.delete_many([f"counter:{name}", f"counter-written:{name}"])
    reader = Client()
    reader.force_login(member)
    visitor = Client()
    assert view_count_writes(open_topic(reader, first))
    first.refresh_from_db()
    assert first.views_count == 1

    for client in (reader, visitor, reader):
        assert not view_count_writes(open_topic(client, first))
    first.refresh_from_db()
    assert first.views_count == 1  # three views gathered, not yet written

    cache.delete(f"counter-written:{name}")  # the minute has passed
    assert view_count_writes(open_topic(visitor, first))
    first.refresh_from_db()
    assert first.views_count == 5  # none lost: the three gathered and this one
    forum = reader.get(reverse("forum:forum", args=[first.forum.slug, first.forum.pk]))
    assert 'topic-count">5</div>' in forum.content.decode()  # the list's 閲覧数


def test_a_topic_fetched_without_its_read_marks_is_asked_for_them(topics, member):
    """Code outside the topic's page gives ``already_read`` a plain topic."""
    first, _ = topics
    assert not viewing.already_read(Topic.objects.get(pk=first.pk), member)
    client = Client()
    client.force_login(member)
    open_topic(client, first)
    assert viewing.already_read(Topic.objects.get(pk=first.pk), member)


def test_what_the_page_asks_about_its_reader_follows_them(topics, member, other_member):
    """Following, having written, and the read marks: one statement, the reader's own."""
    first, _ = topics
    client = Client()
    client.force_login(member)
    page = client.get(url_of(first)).content.decode()
    assert f"/forum/member/topic/{first.pk}/subscribe/" in page
    assert f"/forum/member/topic/{first.pk}/unsubscribe/" not in page

    first.subscribers.add(member)
    first.subscribers.add(other_member)  # someone else's following changes nothing
    cache.clear()
    page = client.get(url_of(first)).content.decode()
    assert f"/forum/member/topic/{first.pk}/unsubscribe/" in page
    assert f"/forum/member/topic/{first.pk}/subscribe/" not in page

    facts = viewing.reader_facts(Topic.objects.get(pk=first.pk), member)
    assert (facts.reader_follows, facts.reader_wrote) == (True, False)
    assert facts.reader_topic_mark  # opened twice above
    reply(first, other_member, "新しい返信です")
    facts = viewing.reader_facts(Topic.objects.get(pk=first.pk), member)
    assert not facts.reader_topic_mark and not facts.reader_forum_mark
    reply(first, member, "わたしも参加します")
    assert viewing.reader_facts(Topic.objects.get(pk=first.pk), other_member).reader_wrote
    assert viewing.reader_facts(Topic.objects.get(pk=first.pk), member).reader_wrote
