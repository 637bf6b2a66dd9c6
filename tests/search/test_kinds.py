"""/search/ over subcommittees, meeting records and forum posts: who finds what.

The world is the forum tests' (tests/forum/conftest.py): S1 is members-only
(coordinator ``coordinator`` and ``member`` of org A), S2 is public
(coordinator ``other_member`` of org B); ``outsider`` is signed in but staff
of no member organisation.
"""

# ruff: noqa: F811 (pytest fixtures imported from the forum tests, used as arguments)

from urllib.parse import unquote

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from organisations.choices import Visibility
from subcommittees import services as subcommittee_services
from subcommittees.models import MeetingRecord, Subcommittee
from tests.forum.conftest import (  # noqa: F401 (fixtures)
    coordinator,
    make_topic,
    member,
    org_a,
    org_a_admin,
    org_a_staff,
    org_b,
    org_b_admin,
    other_member,
    outsider,
    reply,
    s1,
    s2,
    secretariat,
    url_of,
)

from .helpers import index_everything

pytestmark = pytest.mark.django_db

URL = "/search/"


def search(client, viewer, query, **params):
    client.logout()
    if viewer.is_authenticated:
        client.force_login(viewer)
    index_everything()
    response = client.get(URL, {"q": query, **params})
    assert response.status_code == 200
    return response


def titles(response, kind=None):
    return [r.title for r in response.context["results"] if kind in (None, r.kind)]


@pytest.fixture
def world(s1, s2, secretariat, coordinator, other_member):
    w = {}
    w["s3"] = subcommittee_services.create_subcommittee(
        by=secretariat,
        name="招待制の見守り分科会",
        slug="s3",
        theme="招待制の見守り",
        description="見守り招待制の説明",
        visibility=Subcommittee.Visibility.MEMBERS,
        join_policy=Subcommittee.JoinPolicy.INVITATION,
    )
    w["s4"] = subcommittee_services.create_subcommittee(
        by=secretariat,
        name="休止中の見守り分科会",
        slug="s4",
        theme="見守り",
        visibility=Subcommittee.Visibility.PUBLIC,
        is_active=False,
    )
    s1.theme = "見守り支援"
    s1.description = "ひみつの相談会の内容"
    s1.save()
    s2.description = "見守り食堂の公開説明"
    s2.save()
    for subcommittee, visibility, title in (
        (s1, MeetingRecord.Visibility.PUBLIC, "S1公開の見守り会議"),
        (s1, MeetingRecord.Visibility.MEMBERS, "S1限定の見守り会議"),
        (s2, MeetingRecord.Visibility.PUBLIC, "S2公開の見守り会議"),
        (s2, MeetingRecord.Visibility.MEMBERS, "S2限定の見守り会議"),
    ):
        MeetingRecord.objects.create(
            subcommittee=subcommittee,
            date="2026-10-01",
            title=title,
            agenda="見守りの議題",
            visibility=visibility,
        )
    w["s1_topic"], w["s1_post"] = make_topic(s1.forum, coordinator, "S1の見守り話題", "見守り本文")
    w["s2_topic"], w["s2_post"] = make_topic(
        s2.forum, other_member, "S2の見守り話題", "公開の見守り本文"
    )
    w["s2_reply"] = reply(w["s2_topic"], other_member, "見守りの返信です")
    w["pending"] = reply(w["s2_topic"], other_member, "見守り承認待ちの返信", approved=False)
    w["pending_topic"], _ = make_topic(
        s2.forum, other_member, "承認待ちの見守り話題", "見守り", approved=False
    )
    return w


def test_subcommittees_as_listed_to_each_viewer(client, world, member, other_member, outsider):
    anonymous = titles(search(client, AnonymousUser(), "見守り"), "subcommittee")
    assert anonymous == ["こども食堂分科会"]
    assert titles(search(client, outsider, "見守り"), "subcommittee") == ["こども食堂分科会"]
    # A member of another subcommittee discovers S1 (joined on request) by its theme,
    # never S3 (invitation only) nor S4 (stopped).
    found = titles(search(client, other_member, "見守り"), "subcommittee")
    assert sorted(found) == ["こども食堂分科会", "ひきこもり支援分科会"]
    # ...but not by the description only its members read, nor in the snippet.
    assert titles(search(client, other_member, "ひみつ"), "subcommittee") == []
    response = search(client, other_member, "見守り", kind="subcommittee")
    assert "ひみつ" not in response.content.decode()
    assert titles(search(client, member, "ひみつ"), "subcommittee") == ["ひきこもり支援分科会"]


def test_stopped_subcommittee_is_found_by_nobody(client, world, secretariat):
    assert "休止中の見守り分科会" not in titles(search(client, secretariat, "見守り"))


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", ["S2公開の見守り会議"]),
        ("outsider", ["S2公開の見守り会議"]),
        ("other_member", ["S2公開の見守り会議", "S2限定の見守り会議"]),
        ("member", ["S1公開の見守り会議", "S1限定の見守り会議", "S2公開の見守り会議"]),
        (
            "secretariat",
            ["S1公開の見守り会議", "S1限定の見守り会議"]
            + ["S2公開の見守り会議", "S2限定の見守り会議"],
        ),
    ],
)
def test_meeting_records_as_the_subcommittee_pages_show_them(
    client, world, request, persona, expected
):
    viewer = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    assert sorted(titles(search(client, viewer, "見守り"), "meeting")) == sorted(expected)


def test_meeting_records_of_a_removed_member_vanish(client, world, member, secretariat, s1):
    assert "S1限定の見守り会議" in titles(search(client, member, "見守り"))
    subcommittee_services.remove_member(s1.memberships.get(user=member), by=secretariat)
    assert titles(search(client, member, "見守り"), "meeting") == ["S2公開の見守り会議"]


def test_forum_posts_for_readers_of_their_forum_only(client, world, member, other_member):
    anonymous = titles(search(client, AnonymousUser(), "見守り"), "forum")
    assert sorted(anonymous) == ["S2の見守り話題", "S2の見守り話題"]  # topic post and reply
    assert sorted(titles(search(client, member, "見守り"), "forum")) == [
        "S1の見守り話題",
        "S2の見守り話題",
        "S2の見守り話題",
    ]
    # Held for moderation: found by nobody, not even the poster.
    for viewer in (AnonymousUser(), member, other_member):
        html = search(client, viewer, "承認待ち").content.decode()
        assert "承認待ち" not in "".join(titles(search(client, viewer, "承認待ち")))
        assert "承認待ちの返信" not in html


def test_forum_search_after_subcommittee_made_members_only(
    client, world, member, other_member, secretariat, s2
):
    subcommittee_services.change_visibility(s2, Subcommittee.Visibility.MEMBERS, by=secretariat)
    assert titles(search(client, member, "見守り"), "forum") == ["S1の見守り話題"]
    anonymous = search(client, AnonymousUser(), "見守り")
    assert titles(anonymous, "forum") == titles(anonymous, "meeting") == []
    assert len(titles(search(client, other_member, "見守り"), "forum")) == 2


def test_forum_result_links_to_the_post_in_its_topic(client, world, member):
    response = search(client, member, "返信", kind="forum")
    [result] = response.context["results"]
    post = world["s2_reply"]
    assert unquote(result.url) == f"{url_of(world['s2_topic'])}?post={post.pk}#{post.pk}"
    assert result.kind_label == "フォーラム"
    assert result.context == world["s2_topic"].forum.name
    assert result.date is not None
    assert "<mark>返信</mark>" in response.content.decode()
    assert client.get(result.url).status_code == 200


def test_member_text_in_posts_stays_escaped(client, world, other_member):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>"><svg onload=alert(2)>見守り'
    make_topic(world["s2_topic"].forum, other_member, '<b onclick="x()">件名</b>', payload)
    html = search(client, AnonymousUser(), "見守り", kind="forum").content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<svg" not in html
    assert "<b onclick" not in html
    assert "&lt;b onclick=&quot;x()&quot;&gt;件名&lt;/b&gt;" in html  # the title, as text


def test_counts_per_kind(client, world, member):
    response = search(client, member, "見守り")
    counts = {name: count for name, _label, count in response.context["kinds"]}
    assert counts["subcommittee"] == 2
    assert counts["meeting"] == 3
    assert counts["forum"] == 3
    assert response.context["total"] == sum(counts.values())
    only = search(client, member, "見守り", kind="meeting")
    assert {r.kind for r in only.context["results"]} == {"meeting"}


def test_members_only_organisation_fields_never_match(client, org_a):
    org_a.phone = "0894-77-6543"
    org_a.phone_visibility = Visibility.MEMBERS
    org_a.email = "himitsu-renraku@example.org"
    org_a.email_visibility = Visibility.MEMBERS
    org_a.contact_name = "秘密花子"
    org_a.save()
    for query in ("0894-77-6543", "himitsu-renraku", "秘密花子"):
        assert titles(search(client, AnonymousUser(), query)) == []
    assert titles(search(client, AnonymousUser(), "あおぞら"), "organisation") == [org_a.name]


def test_pagination_and_constant_queries(
    client, world, member, s1, coordinator, django_assert_max_num_queries
):
    client.force_login(member)
    # One more topic and meeting record first, so that the few results fill less
    # than a page and show every kind: each kind shown costs its one loading
    # query, whichever order a backend ranks them in.
    make_topic(s1.forum, coordinator, "見守りの最初の話題", "見守り本文")
    MeetingRecord.objects.create(
        subcommittee=s1, date="2026-10-01", title="見守り最初の会議", agenda="見守り"
    )
    index_everything()
    client.get(URL, {"q": "見守り"})  # warm the caches of the first request
    with CaptureQueriesContext(connection) as few:
        response = client.get(URL, {"q": "見守り"})
    assert response.context["total"] < 20
    assert {result.kind for result in response.context["results"]} >= {"forum", "meeting"}
    for number in range(30):
        make_topic(s1.forum, coordinator, f"見守りの話題{number}", "見守り本文")
        MeetingRecord.objects.create(
            subcommittee=s1, date="2026-11-01", title=f"見守り会議{number}", agenda="見守り"
        )
    index_everything()
    with django_assert_max_num_queries(len(few)):
        response = client.get(URL, {"q": "見守り"})
    assert len(response.context["results"]) == 20
    second = client.get(URL, {"q": "見守り", "kind": "forum", "page": 2})
    assert len(titles(second)) == 34 - 20


@pytest.mark.usefixtures("fragments_kept")
def test_what_a_reader_may_read_is_kept_only_until_it_changes(
    client, world, member, secretariat, s1, s2
):
    """The forums each reader may read are kept between requests (forum/access.py,
    subcommittees/access.py), as with Redis: every change shows on the next search,
    one written by machina's rows alone (bulk writes, no signal) too."""
    assert len(titles(search(client, AnonymousUser(), "見守り"), "forum")) == 2
    assert "S1の見守り話題" in titles(search(client, member, "見守り"), "forum")

    Subcommittee.objects.filter(pk=s2.pk).update(visibility=Subcommittee.Visibility.MEMBERS)
    subcommittee_services.sync_forum(s2)  # only machina's rows change, in bulk
    assert titles(search(client, AnonymousUser(), "見守り"), "forum") == []

    subcommittee_services.remove_member(s1.memberships.get(user=member), by=secretariat)
    assert titles(search(client, member, "見守り"), "forum") == []
