"""One world for the report tests, built once per module (tests/worlds.py).

- S1 "members-only" forum: coordinator ``org_a_admin``, member ``org_a_staff``
  (who wrote ``s1_post``);
- S2 "public" forum: coordinator ``org_b_admin`` (who started ``s2_topic``),
  with a reply ``s2_reply`` by ``org_a_staff``;
- ``c1``, ``c2``, ``c3``: staff of a third member organisation (reporters);
- ``outsider``: signed in, staff of no organisation; ``secretariat``: 事務局;
- ``practice``: a published write-up of org A.
"""

from django.core.cache import cache

import pytest

from organisations.choices import MembershipRole
from subcommittees import services as subcommittee_services
from subcommittees.models import Subcommittee, SubcommitteeMembership
from tests.conftest import point_default_site_at_home
from tests.forum.conftest import make_topic, reply
from tests.organisations import conftest as personas
from tests.organisations.factories import OrganisationFactory
from tests.practices.helpers import make_index, make_practice
from tests.worlds import per_test_fixtures


@pytest.fixture(scope="module")
def world(module_db):
    people = personas.make_personas()
    org_c = OrganisationFactory(name="やまびこ相談室", slug="yamabiko")
    for name in ("c1", "c2", "c3"):
        people[name] = personas.make_member(org_c, MembershipRole.STAFF)
    secretariat = people["secretariat"]
    s1 = subcommittee_services.create_subcommittee(
        by=secretariat,
        coordinators=[people["org_a_admin"]],
        name="ひきこもり支援分科会",
        slug="s1",
        theme="ひきこもり",
        visibility=Subcommittee.Visibility.MEMBERS,
        join_policy=Subcommittee.JoinPolicy.REQUEST,
    )
    SubcommitteeMembership.objects.create(subcommittee=s1, user=people["org_a_staff"])
    subcommittee_services.sync_forum(s1)
    s2 = subcommittee_services.create_subcommittee(
        by=secretariat,
        coordinators=[people["org_b_admin"]],
        name="こども食堂分科会",
        slug="s2",
        theme="こども食堂",
        visibility=Subcommittee.Visibility.PUBLIC,
        join_policy=Subcommittee.JoinPolicy.OPEN,
    )
    s1_topic, s1_post = make_topic(s1.forum, people["org_a_staff"], "会員だけの話題", "秘密の本文")
    s2_topic, s2_head = make_topic(s2.forum, people["org_b_admin"], "公開の話題", "最初の投稿")
    s2_reply = reply(s2_topic, people["org_a_staff"], "問題の返信です")
    home = point_default_site_at_home()
    practice = make_practice(make_index(home), people["org_a"], title="ひだまりカフェ")
    return {
        **people,
        "org_c": org_c,
        "s1": s1,
        "s2": s2,
        "s1_topic": s1_topic,
        "s1_post": s1_post,
        "s2_topic": s2_topic,
        "s2_head": s2_head,
        "s2_reply": s2_reply,
        "practice": practice,
    }


globals().update(
    per_test_fixtures(
        "world",
        [
            "org_a",
            "org_b",
            "org_c",
            "org_a_admin",
            "org_a_staff",
            "org_b_admin",
            "outsider",
            "secretariat",
            "c1",
            "c2",
            "c3",
            "s1",
            "s2",
            "s1_topic",
            "s1_post",
            "s2_topic",
            "s2_head",
            "s2_reply",
            "practice",
        ],
    )
)


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """The report rate limit lives in the cache: each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


def report_url(kind, pk):
    return f"/moderation/report/{kind}/{pk}/"


def file(client, user, kind, pk, reason="spam", details=""):
    client.force_login(user)
    return client.post(report_url(kind, pk), {"reason": reason, "details": details})
