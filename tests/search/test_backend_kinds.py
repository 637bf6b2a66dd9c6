"""Every kind of ``search.indexed.SEARCH_MODELS`` is indexed and found.

The kinds are proxies of other apps' models; modelsearch keys index entries on
the concrete model's content type, and these tests check it finds them again
through the proxy, with the Japanese analysis, on SQLite and PostgreSQL
(``DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db>``).
"""

from wagtail.search.backends import get_search_backend

import pytest
from machina.core.db.models import get_model

from organisations.choices import OrganisationStatus
from organisations.models import Organisation
from search.indexed import SEARCH_MODELS
from search.indexing import index_now
from subcommittees import services
from subcommittees.models import MeetingRecord, Subcommittee
from tests.organisations.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")


def found(kind, query, queryset=None):
    model = SEARCH_MODELS[kind]
    queryset = model.objects.all() if queryset is None else queryset
    return list(get_search_backend().search(query, queryset, operator="or"))


@pytest.fixture
def organisation():
    organisation = OrganisationFactory(
        name="八幡浜こども食堂ネットワーク",
        description="地域見守り活動とフードパントリーを続けています。",
        status=OrganisationStatus.ACTIVE,
        phone="0894-12-3456",
        email="secret-contact@example.org",
        contact_name="連絡担当者",
    )
    index_now(Organisation, [organisation.pk])
    return organisation


@pytest.fixture
def subcommittee():
    secretariat = UserFactory(username="sec", groups=["事務局"])
    subcommittee = services.create_subcommittee(
        by=secretariat,
        coordinators=[],
        name="フレイル予防分科会",
        slug="frailty",
        theme="高齢者のフレイル予防",
        description="ひきこもりの方と高齢者の居場所づくり",
        visibility=Subcommittee.Visibility.PUBLIC,
        join_policy=Subcommittee.JoinPolicy.OPEN,
    )
    services.sync_forum(subcommittee)
    index_now(Subcommittee, [subcommittee.pk])
    return subcommittee


@pytest.fixture
def meeting(subcommittee):
    meeting = MeetingRecord.objects.create(
        subcommittee=subcommittee,
        date="2026-10-01",
        title="第３回定例会",
        agenda="認知症カフェの開設について",
        minutes="取組事例の共有。次回は八幡浜市で開催。",
    )
    index_now(MeetingRecord, [meeting.pk])
    return meeting


@pytest.fixture
def post(subcommittee):
    poster = UserFactory(username="poster")
    topic = Topic.objects.create(
        forum=subcommittee.forum,
        poster=poster,
        subject="ﾌｰﾄﾞﾊﾞﾝｸの食材集め",
        type=Topic.TOPIC_POST,
        status=Topic.TOPIC_UNLOCKED,
        approved=True,
    )
    head = Post.objects.create(
        topic=topic, poster=poster, subject=topic.subject, content="はじめまして", approved=True
    )
    post = Post.objects.create(
        topic=topic, poster=poster, subject="Re: 相談", content="見守り訪問の記録", approved=True
    )
    index_now(Post, [head.pk, post.pk])
    return post


def test_every_kind_is_an_indexed_model():
    from modelsearch.index import get_indexed_models

    assert set(SEARCH_MODELS) == {
        "organisation",
        "subcommittee",
        "meeting",
        "forum",
        "support",
        "exchange",
    }
    assert set(SEARCH_MODELS.values()) <= set(get_indexed_models())


@pytest.mark.parametrize("query", ["こども食堂", "見守り", "フードパントリー", "八幡浜", "愛媛県"])
def test_organisation_profile_is_found(organisation, query):
    results = found("organisation", query)
    assert [result.pk for result in results] == [organisation.pk]
    assert isinstance(results[0], Organisation)
    assert results[0].name == "八幡浜こども食堂ネットワーク"


@pytest.mark.parametrize("query", ["0894-12-3456", "secret-contact", "連絡担当者"])
def test_organisation_contact_details_are_not_indexed(organisation, query):
    assert found("organisation", query) == []


def test_subcommittee_is_found(subcommittee):
    assert [s.pk for s in found("subcommittee", "フレイル")] == [subcommittee.pk]
    assert [s.pk for s in found("subcommittee", "引きこもり")] == [subcommittee.pk]


def test_meeting_record_agenda_and_minutes_are_found(meeting):
    assert [m.pk for m in found("meeting", "認知症")] == [meeting.pk]
    assert [m.pk for m in found("meeting", "事例")] == [meeting.pk]


def test_post_is_found_by_its_content_and_its_topic_subject(post):
    assert [p.pk for p in found("forum", "見守り")] == [post.pk]
    head = post.topic.posts.exclude(pk=post.pk).get()
    assert {p.pk for p in found("forum", "フードバンク")} == {head.pk, post.pk}
    assert {p.pk for p in found("forum", "food bank")} == {head.pk, post.pk}


def test_kinds_do_not_find_each_other(organisation, subcommittee, meeting, post):
    """One content type per kind: an organisation is never returned as a post."""
    assert found("forum", "こども食堂") == []
    assert found("organisation", "認知症") == []


def test_query_time_filters_on_filter_fields(subcommittee, meeting, post):
    meetings = SEARCH_MODELS["meeting"].objects.filter(
        visibility=MeetingRecord.Visibility.PUBLIC,
        subcommittee__is_active=True,
        subcommittee__visibility=Subcommittee.Visibility.PUBLIC,
    )
    assert found("meeting", "認知症", meetings) == []
    readable = Subcommittee.objects.filter(pk=subcommittee.pk).values("pk")
    meetings = SEARCH_MODELS["meeting"].objects.filter(subcommittee__in=readable)
    assert [m.pk for m in found("meeting", "認知症", meetings)] == [meeting.pk]
    posts = SEARCH_MODELS["forum"].objects.filter(
        approved=True, topic__approved=True, topic__forum__in=[subcommittee.forum_id]
    )
    assert [p.pk for p in found("forum", "見守り", posts)] == [post.pk]
    organisations = SEARCH_MODELS["organisation"].objects.filter(
        pk__in=Organisation.objects.listed().values("pk")
    )
    assert found("organisation", "見守り", organisations) == []


def test_hidden_objects_leave_the_index(organisation, post):
    Organisation.objects.filter(pk=organisation.pk).update(status=OrganisationStatus.SUSPENDED)
    index_now(Organisation, [organisation.pk])
    assert found("organisation", "こども食堂") == []
    Post.objects.filter(pk=post.pk).update(approved=False)
    index_now(Post, [post.pk])
    assert found("forum", "見守り") == []
