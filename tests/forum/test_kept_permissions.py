"""Each reader's forum permissions, kept between requests (forum/handler.py, issue 21).

With the memo on, as with Redis, a second page reads no permission rows; and
every way a reader's permissions change shows on the next request: a row
saved for the reader, a group joined, the subcommittee's rows rewritten in
bulk. One reader's kept answer never answers another.
"""

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.encoding import iri_to_uri

import pytest
from machina.core.db.models import get_model

from subcommittees import services as subcommittee_services

from .conftest import make_topic, url_of

ForumPermission = get_model("forum_permission", "ForumPermission")
GroupForumPermission = get_model("forum_permission", "GroupForumPermission")
UserForumPermission = get_model("forum_permission", "UserForumPermission")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragments_kept")]

QUEUE = "/forum/moderation/queue/"


@pytest.fixture
def topic(s1, coordinator):
    topic, _ = make_topic(s1.forum, coordinator, "居場所の見守り")
    return topic


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def open_page(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    rows_read = [q["sql"] for q in captured if "forum_permission_" in q["sql"]]
    return response, rows_read


def test_a_second_page_reads_no_permission_rows(topic, member):
    client = client_for(member)
    response, rows_read = open_page(client, url_of(topic))
    assert response.status_code == 200
    assert rows_read  # the first answer is machina's
    # The first views write the reader's read mark and the site's settings, which
    # move the version; later ones write nothing.
    client.get("/forum/")
    client.get(url_of(topic))
    for url, shown in ((url_of(topic), topic.subject), ("/forum/", topic.forum.name)):
        response, rows_read = open_page(client, url)
        assert response.status_code == 200
        assert shown in response.content.decode()
        assert rows_read == [], url


def test_one_readers_answer_never_answers_another(s2, other_member, member):
    """Only machina's rows tell these readers apart: the public forum is open to
    all, and only its members may reply."""
    topic, _ = make_topic(s2.forum, other_member, "夏休みの開所日")
    reply_url = iri_to_uri(url_of(topic)) + "post/create/"
    first, second = client_for(other_member), client_for(member)
    assert reply_url in first.get(url_of(topic)).content.decode()
    for reader in (second, client_for()):
        response = reader.get(url_of(topic))
        assert response.status_code == 200
        assert reply_url not in response.content.decode()
    assert reply_url in first.get(url_of(topic)).content.decode()


def test_a_row_saved_for_the_reader_shows_on_the_next_request(topic, member):
    client = client_for(member)
    assert client.get(url_of(topic)).status_code == 200
    UserForumPermission.objects.update_or_create(
        forum=topic.forum,
        user=member,
        permission=ForumPermission.objects.get(codename="can_read_forum"),
        defaults={"has_perm": False},
    )
    assert client.get(url_of(topic)).status_code == 404


def test_a_group_joined_shows_on_the_next_request(topic, outsider):
    client = client_for(outsider)
    assert QUEUE not in client.get("/forum/").content.decode()
    moderators = Group.objects.create(name="見守り当番")
    GroupForumPermission.objects.create(
        forum=topic.forum,
        group=moderators,
        permission=ForumPermission.objects.get(codename="can_approve_posts"),
        has_perm=True,
    )
    assert QUEUE not in client.get("/forum/").content.decode()  # not yet in the group
    outsider.groups.add(moderators)  # an m2m change, no save of the user
    assert QUEUE in client.get("/forum/").content.decode()


def test_rows_rewritten_in_bulk_show_on_the_next_request(topic, s1, member, secretariat):
    client = client_for(member)
    assert client.get(url_of(topic)).status_code == 200
    assert topic.forum.name in client.get("/forum/").content.decode()
    subcommittee_services.remove_member(s1.memberships.get(user=member), by=secretariat)
    assert client.get(url_of(topic)).status_code == 404
    assert topic.forum.name not in client.get("/forum/").content.decode()
