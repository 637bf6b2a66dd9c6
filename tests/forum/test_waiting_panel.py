"""The admin dashboard tells the secretariat what waits for it, with counts and links.

Join applications, write-ups in review, posts held for moderation and join
requests each lived on their own screen; the dashboard named none of them.
"""

import re

import pytest

from subcommittees.models import JoinRequest
from tests.forum.conftest import make_topic
from tests.organisations.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _rows(html):
    return dict(re.findall(r'data-waiting="(\w+)">\s*<td>[^<]*</td>\s*<td>(.*?)</td>', html, re.S))


def test_the_secretariat_sees_each_kind_with_its_count(client, secretariat, s1, member, outsider):
    ApplicationFactory()  # submitted
    ApplicationFactory(status="unconfirmed")  # not the secretariat's yet
    make_topic(s1.forum, member, "承認待ちの話題", approved=False)
    JoinRequest.objects.create(subcommittee=s1, user=outsider)

    client.force_login(secretariat)
    html = client.get("/admin/").content.decode()
    assert "確認待ち" in html
    rows = _rows(html)
    assert "1件" in rows["applications"]
    assert "1件" in rows["forum_posts"]
    assert "1件" in rows["join_requests"]
    assert "なし" in rows["practices"]
    assert "なし" in rows["reports"]  # 通報: none open
    assert 'href="/forum/moderation/queue/"' in html


def test_a_coordinator_sees_only_the_held_posts_of_their_forum(coordinator, s1, member):
    from forum.panels import held_posts

    make_topic(s1.forum, member, "承認待ち", approved=False)
    assert held_posts(coordinator) == 1


def test_a_plain_member_has_nothing_waiting(member, s1):
    from cms.waiting import rows_for

    assert rows_for(member) == []
