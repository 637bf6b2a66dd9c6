"""A topic's tools follow the reader: none for a visitor, each to whom it belongs.

Anonymous visitors only read (forum/permissions.py denies them every other
permission), so the topic page does not ask machina about replying,
subscribing, editing or moderating for them. These tests check that the
tools still reach the members and coordinators they belong to, and never a
visitor or a signed-in outsider of a public forum.
"""

from django.test import Client

import pytest

from subcommittees import services as subcommittee_services
from subcommittees.models import SubcommitteeMembership

from .conftest import make_topic, reply, url_of

pytestmark = pytest.mark.django_db

REPLY = "/post/create/"
MODERATION = "forum-moderation-menu"
QUEUE = "/forum/moderation/queue/"


@pytest.fixture
def topic(s2, other_member, member):
    """A public forum's topic: ``other_member`` coordinates it and opened it,
    ``member`` joined and replied."""
    SubcommitteeMembership.objects.create(subcommittee=s2, user=member)
    subcommittee_services.sync_forum(s2)
    topic, _ = make_topic(s2.forum, other_member, "居場所の開所日について")
    member_reply = reply(topic, member, "毎週水曜日です。")
    return topic, member_reply


def page(user, topic):
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(url_of(topic))
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitor_reads_the_topic_without_any_tool(topic):
    topic, member_reply = topic
    html = page(None, topic)
    assert "毎週水曜日です。" in html
    for tool in (REPLY, MODERATION, QUEUE, "/post/update/", "/post/delete/", "subscribe/"):
        assert tool not in html, tool


def test_a_signed_in_outsider_of_a_public_forum_only_reads(topic, outsider):
    topic, _ = topic
    html = page(outsider, topic)
    assert "毎週水曜日です。" in html
    for tool in (REPLY, MODERATION, QUEUE, "/post/update/", "/post/delete/"):
        assert tool not in html, tool


def test_a_member_replies_and_edits_only_their_own_post(topic, member):
    topic, member_reply = topic
    html = page(member, topic)
    assert REPLY in html
    assert f"{member_reply.pk}/post/update/" in html
    assert MODERATION not in html
    assert QUEUE not in html


def test_the_coordinator_moderates(topic, other_member):
    topic, member_reply = topic
    html = page(other_member, topic)
    assert REPLY in html
    assert MODERATION in html
    assert QUEUE in html
    assert f"{member_reply.pk}/post/delete/" in html


@pytest.mark.usefixtures("fragments_kept")
def test_following_a_topic_changes_only_the_followers_tool(topic, member, other_member):
    """Whether the reader follows the topic comes with the topic's row, per reader."""
    topic, _ = topic
    subscribe = f"/forum/member/topic/{topic.pk}/subscribe/"
    unsubscribe = f"/forum/member/topic/{topic.pk}/unsubscribe/"
    html = page(member, topic)
    assert subscribe in html and unsubscribe not in html

    topic.subscribers.add(member)
    html = page(member, topic)
    assert unsubscribe in html and subscribe not in html
    html = page(other_member, topic)  # the coordinator does not follow it
    assert subscribe in html and unsubscribe not in html
