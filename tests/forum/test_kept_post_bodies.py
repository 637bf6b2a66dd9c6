"""Each post's part every reader sees, kept; only the reader's tools are their own (issue 21).

A member's topic page renders the tools (edit, delete, report) for the reader
and takes each post's subject, poster, text and attachments from the kept
part (forum/post_bodies.py). These tests keep parts as with Redis: a second
page reads no attachments or profiles and gives the same HTML; one reader's
tools never reach another; an edit shows at once; a reader who may not
download the forum's files gets no attachment link from a part kept for one
who may. A member's whole list of posts is kept for every member who may do
the same and wrote none of them; one who wrote some, or may do more, has
their own.
"""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest
from machina.core.db.models import get_model

from home.models import SiteSettings
from organisations.choices import MembershipRole
from subcommittees import services as subcommittee_services
from subcommittees.models import SubcommitteeMembership
from tests.organisations.conftest import make_member

from .conftest import attach, make_topic, reply, url_of

ForumPermission = get_model("forum_permission", "ForumPermission")
UserForumPermission = get_model("forum_permission", "UserForumPermission")

# Each response masks the CSRF token afresh (the sign-out form).
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragments_kept")]


@pytest.fixture
def topic(site, s2, other_member, member):
    SiteSettings.for_site(site)  # made on first read: a save that moves the version
    SubcommitteeMembership.objects.create(subcommittee=s2, user=member)
    subcommittee_services.sync_forum(s2)
    topic, head = make_topic(s2.forum, other_member, "居場所の開所日", "毎週土曜日に開いています。")
    attach(head, "calendar.pdf")
    member_reply = reply(topic, member, "毎週水曜日です。")
    return topic, member_reply


def page(topic, user):
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url_of(topic))
    assert response.status_code == 200
    tables = " ".join(query["sql"] for query in captured)
    return tables, CSRF.sub("", response.content.decode())


def test_a_second_page_reads_no_attachments_or_profiles(topic, member):
    topic, _ = topic
    first_sql, first = page(topic, member)
    again_sql, again = page(topic, member)
    assert "forum_attachments_attachment" in first_sql
    assert "forum_attachments_attachment" not in again_sql
    assert "forum_member_forumprofile" not in again_sql
    assert "calendar.pdf" in again
    assert again == first


def test_one_readers_tools_never_reach_another(topic, s2, member, coordinator):
    topic, member_reply = topic
    # Another member of the subcommittee, who moderates none of its posts.
    SubcommitteeMembership.objects.create(subcommittee=s2, user=coordinator)
    subcommittee_services.sync_forum(s2)
    edit = f"{member_reply.pk}/post/update/"
    assert edit in page(topic, member)[1]
    others = page(topic, coordinator)[1]  # the parts kept for the member
    assert "毎週水曜日です。" in others
    assert edit not in others


def test_an_edit_shows_on_the_next_page(topic, member, other_member):
    topic, member_reply = topic
    page(topic, other_member)
    member_reply.content = "毎週水曜日と金曜日です。"
    member_reply.save()
    assert "毎週水曜日と金曜日です。" in page(topic, other_member)[1]


def test_no_attachment_link_for_a_reader_who_may_not_download(topic, member, other_member):
    topic, _ = topic
    UserForumPermission.objects.update_or_create(
        forum=topic.forum,
        user=member,
        permission=ForumPermission.objects.get(codename="can_download_file"),
        defaults={"has_perm": False},
    )
    assert "calendar.pdf" in page(topic, other_member)[1]  # kept with the link
    html = page(topic, member)[1]
    assert "毎週土曜日に開いています。" in html
    assert "calendar.pdf" not in html


# --- a member's whole list of posts, kept for everyone who may do the same ----------


def joined(s2, user):
    SubcommitteeMembership.objects.create(subcommittee=s2, user=user)
    subcommittee_services.sync_forum(s2)
    return user


POSTS_READ = 'SELECT "forum_conversation_post"."id"'


def test_members_who_may_do_the_same_share_the_kept_posts(topic, s2, coordinator, org_b):
    """Two members who wrote nothing in the topic: the second reads no post."""
    topic, member_reply = topic
    first = joined(s2, coordinator)
    second = joined(s2, make_member(org_b, MembershipRole.STAFF))
    sql, html = page(topic, first)
    assert POSTS_READ in sql
    sql, html = page(topic, second)
    assert POSTS_READ not in sql
    assert "毎週水曜日です。" in html
    assert html.count('class="report-link"') == 2  # both posts, neither theirs
    assert "/post/update/" not in html


def test_a_member_who_wrote_in_the_topic_keeps_their_own(topic, s2, member, coordinator):
    topic, member_reply = topic
    page(topic, joined(s2, coordinator))  # kept for those who wrote nothing
    html = page(topic, member)[1]
    assert f"{member_reply.pk}/post/update/" in html
    assert html.count('class="report-link"') == 1  # not on their own reply


def test_a_member_who_may_delete_posts_never_shares_with_one_who_may_not(
    topic, s2, coordinator, org_b
):
    topic, member_reply = topic
    plain = joined(s2, coordinator)
    deleter = joined(s2, make_member(org_b, MembershipRole.STAFF))
    UserForumPermission.objects.update_or_create(
        forum=topic.forum,
        user=deleter,
        permission=ForumPermission.objects.get(codename="can_delete_posts"),
        defaults={"has_perm": True},
    )
    delete = f"{member_reply.pk}/post/delete/"
    assert delete not in page(topic, plain)[1]
    assert delete in page(topic, deleter)[1]
    assert delete not in page(topic, plain)[1]
