"""Moderation, scheduled publishing and revisions, driven through the admin."""

import datetime

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from wagtail.models import WorkflowState

import pytest

from home.models import NewsPage
from home.tasks import publish_scheduled_pages
from tests.home.factories import NewsPageFactory, news_page_data

pytestmark = pytest.mark.django_db


def admin_datetime(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


# --- Moderation -------------------------------------------------------------


@pytest.fixture
def submitted(client, editor, news_index, add_page):
    """A news item an editor has submitted for moderation through the admin."""
    client.force_login(editor)
    response = add_page(news_index, NewsPage, news_page_data(), action="action-submit")
    assert response.status_code == 302
    client.logout()
    return NewsPage.objects.get(slug="members-wanted")


def test_submitted_page_waits_for_a_moderator(submitted, client):
    assert not submitted.live
    assert submitted.workflow_in_progress
    state = submitted.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "事務局の承認"
    assert client.get("/news/members-wanted/").status_code == 404


def test_moderator_approves_and_the_page_goes_live(submitted, client, moderator):
    task_state = submitted.current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[submitted.pk, "approve", task_state.pk]
    )
    client.force_login(moderator)
    response = client.post(url, {"comment": "確認しました。"})
    assert response.status_code == 302

    submitted.refresh_from_db()
    assert submitted.live
    assert not submitted.workflow_in_progress
    task_state.refresh_from_db()
    assert task_state.status == "approved"
    assert task_state.finished_by == moderator

    client.logout()
    assert client.get("/news/members-wanted/").status_code == 200


def test_editor_cannot_approve_their_own_submission(submitted, client, editor):
    task_state = submitted.current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[submitted.pk, "approve", task_state.pk]
    )
    client.force_login(editor)
    response = client.post(url, {"comment": ""})
    # Wagtail turns the PermissionDenied into a redirect with an error message.
    assert response.status_code in (302, 403)
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"
    submitted.refresh_from_db()
    assert not submitted.live


def test_moderator_requests_changes(submitted, client, moderator):
    task_state = submitted.current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[submitted.pk, "reject", task_state.pk]
    )
    client.force_login(moderator)
    assert client.post(url, {"comment": "日付を確認してください。"}).status_code == 302
    submitted.refresh_from_db()
    assert not submitted.live
    assert submitted.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_editor_cannot_publish_a_new_page(client, editor, news_index, add_page):
    client.force_login(editor)
    response = add_page(news_index, NewsPage, news_page_data(), action="action-publish")
    assert response.status_code == 302  # saved as a draft, not refused outright
    page = NewsPage.objects.get(slug="members-wanted")
    assert not page.live
    assert page.live_revision is None
    client.logout()
    assert client.get("/news/members-wanted/").status_code == 404


def test_editor_cannot_publish_changes_to_a_live_page(client, editor, news_index):
    page = NewsPageFactory(parent=news_index, title="公開済みのお知らせ", slug="live-item")
    page.save_revision().publish()
    client.force_login(editor)
    data = news_page_data(title="公開済みのお知らせ", slug="live-item", summary="書き換えた概要")
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {**data, "action-publish": "action-publish"},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.summary != "書き換えた概要"  # the live content is unchanged
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().summary == "書き換えた概要"


# --- Scheduled publishing ---------------------------------------------------


def test_scheduled_page_goes_live_when_the_task_runs(admin_client_su, news_index, add_page):
    go_live_at = timezone.now() + datetime.timedelta(days=1)
    data = news_page_data(go_live_at=admin_datetime(go_live_at))
    assert add_page(news_index, NewsPage, data).status_code == 302

    page = NewsPage.objects.get(slug="members-wanted")
    assert not page.live
    revision = page.scheduled_revision
    assert revision is not None
    assert revision.approved_go_live_at is not None

    publish_scheduled_pages.delay()  # nothing is due yet
    page.refresh_from_db()
    assert not page.live

    # Time passes (no clock mocking): move the go-live moment into the past
    # everywhere Wagtail keeps it -- the approval, the revision's content and
    # the page row.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    NewsPage.objects.filter(pk=page.pk).update(go_live_at=past)
    publish_scheduled_pages.delay()

    page = NewsPage.objects.get(pk=page.pk)
    assert page.live
    assert page.live_revision_id == revision.pk
    assert page.scheduled_revision is None


def test_expired_page_is_unpublished(news_index):
    page = NewsPageFactory(parent=news_index)
    page.save_revision().publish()
    NewsPage.objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    publish_scheduled_pages.apply()
    page.refresh_from_db()
    assert not page.live
    assert page.expired


def test_task_is_safe_to_run_twice(news_index):
    page = NewsPageFactory(parent=news_index)
    page.save_revision().publish()
    publish_scheduled_pages.delay()
    publish_scheduled_pages.delay()
    page.refresh_from_db()
    assert page.live


# --- Revisions --------------------------------------------------------------


@pytest.fixture
def two_revisions(news_index):
    page = NewsPageFactory(parent=news_index, summary="最初の概要です。")
    first = page.save_revision()
    first.publish()
    page.summary = "書き直した概要です。"
    second = page.save_revision()
    return page, first, second


def test_compare_two_revisions(admin_client_su, two_revisions):
    page, first, second = two_revisions
    url = reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, first.pk, second.pk])
    response = admin_client_su.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "最初の概要です。" in html
    assert "書き直した概要です。" in html


def test_revert_loads_the_old_content_into_the_edit_form(admin_client_su, two_revisions):
    page, first, second = two_revisions
    url = reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, first.pk])
    response = admin_client_su.get(url)
    assert response.status_code == 200
    assert response.context["form"]["summary"].value() == "最初の概要です。"
    assert "最初の概要です。" in response.content.decode()


def test_revisions_are_admin_only(client, two_revisions):
    page, first, second = two_revisions
    url = reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, first.pk, second.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
