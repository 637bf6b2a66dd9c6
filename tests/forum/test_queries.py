"""A topic page costs the same number of queries with 20 posts or 500 (issue 5)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from machina.core.db.models import get_model

from .conftest import make_topic, url_of

ForumProfile = get_model("forum_member", "ForumProfile")
Post = get_model("forum_conversation", "Post")

pytestmark = pytest.mark.django_db


def grow(topic, posters, count):
    Post.objects.bulk_create(
        Post(
            topic=topic,
            poster=posters[n % len(posters)],
            subject=f"Re: {topic.subject}",
            content=f"返信 {n}",
            _content_rendered=f"<p>返信 {n}</p>",
            approved=True,
        )
        for n in range(count)
    )
    topic.update_trackers()


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize("viewer", ["anonymous", "member"])
def test_topic_page_queries_do_not_grow(client, s2, other_member, member, viewer):
    if viewer == "member":
        client.force_login(member)
    posters = [other_member, member]
    for user in posters:
        ForumProfile.objects.get_or_create(user=user)
    small, _post = make_topic(s2.forum, other_member, "小さなトピック")
    big, _post = make_topic(s2.forum, other_member, "大きなトピック")
    grow(small, posters, 20)
    grow(big, posters, 500)
    # First visits write read-tracking rows; measure the visits after that.
    for url in (url_of(small), url_of(big), url_of(big) + "?page=33"):
        client.get(url)
    first = queries(client, url_of(small))
    assert queries(client, url_of(big)) <= first
    assert queries(client, url_of(big) + "?page=33") <= first + 2


def test_a_members_permission_rows_come_with_their_user(client, s1, member):
    """machina read the user of each of the member's ~20 permission rows with a
    query of its own (forum/permission_rows.py): now the rows come with it."""
    client.force_login(member)
    topic, _post = make_topic(s1.forum, member, "権限のトピック")  # members-only: rows per member
    client.get(url_of(topic))
    with CaptureQueriesContext(connection) as context:
        assert client.get(url_of(topic)).status_code == 200
    user_reads = [q["sql"] for q in context if q["sql"].startswith('SELECT "auth_user"')]
    assert len(user_reads) <= 2, len(user_reads)  # the session's user, and at most one more
