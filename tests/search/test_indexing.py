"""The index follows changes: after commit, through the Celery task, for every kind.

Organisations, subcommittees, meeting records and forum posts are indexed by
``search.indexing`` once the transaction commits (the task runs in process
here, ``CELERY_TASK_ALWAYS_EAGER``); pages by Wagtail as they are saved.
``commit`` runs the on-commit callbacks a test's transaction would run.
"""

from unittest import mock

from django.db import transaction

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest
from machina.core.db.models import get_model

from home.models import StandardPage
from organisations.choices import OrganisationStatus
from organisations.models import Prefecture
from search import tasks
from search.indexed import SEARCH_MODELS
from subcommittees import services
from subcommittees.models import MeetingRecord, Subcommittee
from tests.home.factories import StandardPageFactory
from tests.organisations.factories import OrganisationFactory, UserFactory
from tests.workers import CLOSED_BROKER_URL, publishing_to

pytestmark = pytest.mark.django_db

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def found(kind, query):
    model = SEARCH_MODELS[kind]
    return {obj.pk for obj in get_search_backend().search(query, model, operator="or")}


# --- After commit, through the task -------------------------------------------------


def test_nothing_is_indexed_before_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        organisation = OrganisationFactory(description="フードパントリーを開いています。")
    assert found("organisation", "フードパントリー") == set()
    for callback in callbacks:
        callback()
    assert found("organisation", "フードパントリー") == {organisation.pk}


def test_a_rolled_back_save_is_never_indexed(commit):
    with commit():
        try:
            with transaction.atomic():
                OrganisationFactory(description="フードパントリーを開いています。")
                raise RuntimeError
        except RuntimeError:
            pass
    assert found("organisation", "フードパントリー") == set()


def test_the_save_enqueues_the_celery_task_with_the_real_model(commit):
    with mock.patch.object(tasks.update_search_index, "delay") as delay, commit():
        organisation = OrganisationFactory()
    delay.assert_any_call("organisations.organisation", [organisation.pk])


def test_an_index_failure_does_not_break_the_save(commit, caplog):
    failing = mock.patch("search.indexing.index_now", side_effect=ConnectionError("down"))
    no_retry = mock.patch.object(tasks.update_search_index, "max_retries", 0)
    with failing, no_retry, commit():
        organisation = OrganisationFactory()
    assert organisation.pk  # saved; the failure is logged
    assert "down" in caplog.text


def test_a_broker_that_is_down_loses_no_index_update(commit, caplog):
    """Nothing listens on the broker's port: the change is indexed in process.

    A real refused connection (``tests.workers.CLOSED_BROKER_URL``), not a
    mock: Celery's publish fails the way it does when Redis is down.
    """
    with publishing_to(CLOSED_BROKER_URL, "search-broker-down"), commit():
        organisation = OrganisationFactory(description="フードパントリーを開いています。")
    assert found("organisation", "フードパントリー") == {organisation.pk}
    assert "Broker unreachable" in caplog.text

    with publishing_to(CLOSED_BROKER_URL, "search-broker-down"), commit():
        organisation.status = OrganisationStatus.SUSPENDED
        organisation.save()
    assert found("organisation", "フードパントリー") == set()


# --- Organisations ------------------------------------------------------------------


def test_organisation_create_edit_suspend_delete(commit):
    with commit():
        organisation = OrganisationFactory(name="あおぞら食堂", message="")
    assert found("organisation", "あおぞら") == {organisation.pk}

    organisation.name = "ひだまり食堂"
    with commit():
        organisation.save()
    assert found("organisation", "ひだまり") == {organisation.pk}
    assert found("organisation", "あおぞら") == set()

    organisation.status = OrganisationStatus.SUSPENDED
    with commit():
        organisation.save()
    assert found("organisation", "ひだまり") == set()

    organisation.status = OrganisationStatus.ACTIVE
    with commit():
        organisation.save()
    assert found("organisation", "ひだまり") == {organisation.pk}

    with commit():
        organisation.delete()
    assert found("organisation", "ひだまり") == set()


# --- Subcommittees and meeting records ---------------------------------------------------


@pytest.fixture
def subcommittee(commit):
    secretariat = UserFactory(username="sec", groups=["事務局"])
    with commit():
        subcommittee = services.create_subcommittee(
            by=secretariat,
            coordinators=[],
            name="フレイル予防分科会",
            slug="frailty",
            theme="高齢者の健康づくり",
            visibility=Subcommittee.Visibility.PUBLIC,
            join_policy=Subcommittee.JoinPolicy.OPEN,
        )
        services.sync_forum(subcommittee)
    return subcommittee


def test_subcommittee_edit_prefectures_stop_delete(commit, subcommittee):
    assert found("subcommittee", "フレイル") == {subcommittee.pk}

    with commit():
        subcommittee.prefectures.add(Prefecture.objects.get(name="高知県"))
    assert found("subcommittee", "高知") == {subcommittee.pk}

    subcommittee.theme = "認知症カフェ"
    with commit():
        subcommittee.save()
    assert found("subcommittee", "認知症") == {subcommittee.pk}

    subcommittee.is_active = False
    with commit():
        subcommittee.save()
    assert found("subcommittee", "フレイル") == set()

    with commit():
        subcommittee.delete()
    assert found("subcommittee", "フレイル") == set()


def test_meeting_record_create_edit_delete(commit, subcommittee):
    with commit():
        meeting = MeetingRecord.objects.create(
            subcommittee=subcommittee, date="2026-10-01", title="第１回", agenda="居場所づくり"
        )
    assert found("meeting", "居場所") == {meeting.pk}

    meeting.minutes = "ひきこもりの若者の支援について話し合った。"
    with commit():
        meeting.save()
    assert found("meeting", "引きこもり") == {meeting.pk}

    with commit():
        meeting.delete()
    assert found("meeting", "居場所") == set()


def test_deleting_a_subcommittee_removes_its_meeting_records(commit, subcommittee):
    with commit():
        meeting = MeetingRecord.objects.create(
            subcommittee=subcommittee, date="2026-10-01", title="第１回", agenda="居場所づくり"
        )
    with commit():
        subcommittee.delete()
    assert found("meeting", "居場所") == set()
    assert not get_search_backend().search("居場所", SEARCH_MODELS["meeting"]).count()
    assert meeting.pk


# --- Forum posts ---------------------------------------------------------------------------


@pytest.fixture
def topic(commit, subcommittee):
    poster = UserFactory(username="poster")
    with commit():
        topic = Topic.objects.create(
            forum=subcommittee.forum,
            poster=poster,
            subject="食材の集め方",
            type=Topic.TOPIC_POST,
            status=Topic.TOPIC_UNLOCKED,
            approved=True,
        )
        Post.objects.create(
            topic=topic, poster=poster, subject=topic.subject, content="はじめまして"
        )
    topic.refresh_from_db()
    return topic


def test_post_held_approved_edited_deleted(commit, topic):
    with commit():
        post = Post.objects.create(
            topic=topic,
            poster=topic.poster,
            subject="Re: 食材",
            content="フードバンクと連携しています。",
            approved=False,
        )
    assert found("forum", "フードバンク") == set()  # awaiting moderation

    post.approved = True
    with commit():
        post.save()
    assert found("forum", "フードバンク") == {post.pk}

    post.content = "こども食堂と連携しています。"
    with commit():
        post.save()
    assert found("forum", "フードバンク") == set()
    assert found("forum", "こども食堂") == {post.pk}

    with commit():
        post.delete()
    assert found("forum", "こども食堂") == set()


def test_topic_subject_change_reindexes_its_posts(commit, topic):
    with commit():
        reply = Post.objects.create(topic=topic, poster=topic.poster, subject="Re", content="返信")
    topic.refresh_from_db()
    assert reply.pk in found("forum", "食材")
    topic.subject = "認知症カフェの相談"
    with commit():
        topic.save()
    assert found("forum", "認知症") == set(topic.posts.values_list("pk", flat=True))
    assert reply.pk not in found("forum", "食材")


def test_a_new_reply_does_not_reindex_the_whole_topic(commit, topic):
    with mock.patch.object(tasks.update_search_index, "delay") as delay, commit():
        reply = Post.objects.create(
            topic=topic, poster=topic.poster, subject="Re", content="返信です"
        )
    assert {tuple(call.args[1]) for call in delay.call_args_list} == {(reply.pk,)}


def test_deleting_a_topic_removes_its_posts(commit, topic):
    with commit():
        topic.delete()
    assert found("forum", "食材") == set()


# --- Pages (Wagtail's own indexing) ------------------------------------------------


def live_found(query, pages=None):
    pages = Page.objects.live() if pages is None else pages
    return {page.pk for page in get_search_backend().search(query, pages, operator="or")}


def test_page_publish_unpublish_edit_delete(home_page):
    page = StandardPageFactory(parent=home_page, title="認知症カフェのご案内", live=False)
    assert live_found("認知症") == set()  # a draft

    page.save_revision().publish()
    assert live_found("認知症") == {page.pk}

    page.title = "フレイル予防教室のご案内"
    page.save_revision().publish()
    assert live_found("フレイル") == {page.pk}
    assert live_found("認知症") == set()

    page.refresh_from_db()  # publish() worked on the revision's copy
    page.unpublish()
    assert live_found("フレイル") == set()

    page.save_revision().publish()
    page.delete()
    assert live_found("フレイル") == set()
    assert not get_search_backend().search("フレイル", StandardPage).count()


def test_page_move(home_page):
    old = StandardPageFactory(parent=home_page, title="お知らせ", slug="old")
    new = StandardPageFactory(parent=home_page, title="資料", slug="new")
    page = StandardPageFactory(parent=old, title="認知症カフェのご案内", slug="cafe")
    page.move(new, pos="last-child")
    assert live_found("認知症", Page.objects.live().descendant_of(new)) == {page.pk}
    assert live_found("認知症", Page.objects.live().descendant_of(old)) == set()
