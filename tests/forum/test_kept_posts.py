"""A topic's posts, kept for visitors (issue 21).

Visitors only read (forum/permissions.py), so every visitor sees the same
posts of a topic's page: they are kept ({% fragment %}) per topic and page
under the page cache's version. These tests run with fragments on whatever
the environment says: a kept page reads no posts and gives the same HTML; a
reply or an edit shows on the next request; a member's page with its tools
is never kept, so no visitor gets a member's tools; and a topic held or a
forum closed after a visitor's copy was kept is refused all the same.
"""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from home.models import SiteSettings
from subcommittees import services as subcommittee_services
from subcommittees.models import Subcommittee, SubcommitteeMembership

from .conftest import make_topic, reply, url_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragments_kept")]


@pytest.fixture
def topic(site, s2, other_member, member):
    # The site's settings row is made on the first request that reads it: a
    # save, which would move the version between the two requests compared.
    SiteSettings.for_site(site)
    SubcommitteeMembership.objects.create(subcommittee=s2, user=member)
    subcommittee_services.sync_forum(s2)
    topic, _ = make_topic(
        s2.forum, other_member, "居場所の開所日について", "毎週土曜日に開いています。"
    )
    member_reply = reply(topic, member, "毎週水曜日です。")
    return topic, member_reply


def render(topic, user=None):
    """The number of queries that read the topic's posts (not their count), and the page."""
    client = Client()
    if user is not None:
        client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url_of(topic))
    assert response.status_code == 200
    reads = sum(
        'FROM "forum_conversation_post"' in query["sql"] and "COUNT(*)" not in query["sql"]
        for query in captured
    )
    return reads, response.content.decode()


def test_a_kept_page_reads_no_posts_and_gives_the_same_page(topic):
    topic, _ = topic
    first, html = render(topic)
    again, kept = render(topic)
    assert "毎週水曜日です。" in html
    assert first > 0
    assert again == 0
    assert kept == html


def test_a_reply_and_an_edit_show_on_the_next_request(topic, coordinator):
    topic, member_reply = topic
    render(topic)
    reply(topic, coordinator, "土曜日も開けます。")
    member_reply.content = "毎週水曜日と金曜日です。"
    member_reply.save()
    html = render(topic)[1]
    assert "土曜日も開けます。" in html
    assert "毎週水曜日と金曜日です。" in html


def test_members_have_their_own_tools_and_visitors_never_get_them(topic, member):
    topic, member_reply = topic
    render(topic)
    own = render(topic, member)[1]
    assert f"{member_reply.pk}/post/update/" in own
    assert "/post/update/" not in render(topic)[1]


def test_a_forum_closed_after_a_kept_copy_refuses_visitors(topic, s2):
    topic, _ = topic
    render(topic)
    s2.visibility = Subcommittee.Visibility.MEMBERS
    s2.save()
    subcommittee_services.sync_forum(s2)
    response = Client().get(url_of(topic))
    assert response.status_code != 200
    assert "毎週水曜日です。" not in response.content.decode()


def test_a_topic_held_after_a_kept_copy_is_refused(topic):
    topic, _ = topic
    render(topic)
    topic.approved = False
    topic.save()
    assert Client().get(url_of(topic)).status_code == 404
