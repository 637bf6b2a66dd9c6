"""Coordinators and the secretariat review reports: the queue, hide, dismiss, e-mails."""

import json

from django.test import Client

import pytest
from machina.core.db.models import get_model

from cms.models import OutboundEmail
from reports.models import HiddenObject, Report
from tests.forum.conftest import url_of

from .conftest import file

pytestmark = pytest.mark.django_db

Post = get_model("forum_conversation", "Post")


def emails_to(user):
    return [email for email in OutboundEmail.objects.all() if user.email in email.to]


@pytest.fixture
def reported(client, c1, s1_post, s2_reply, org_a_staff, practice, org_a):
    """One open report on each thing, all by c1 (the one on members-only S1,
    which c1 cannot read, written straight to the table)."""
    s1_report = Report.objects.create(
        kind="forum_post", object_id=s1_post.pk, reporter=c1, reason="spam"
    )
    response = file(client, c1, "forum_post", s2_reply.pk, "harassment", "きつい言葉")
    assert response.status_code == 302
    assert file(client, c1, "practice", practice.pk, "false_info").status_code == 302
    assert file(client, c1, "organisation", org_a.pk, "personal_info").status_code == 302
    client.logout()
    return {
        "s1": s1_report,
        "s2": Report.objects.get(kind="forum_post", object_id=s2_reply.pk),
        "practice": Report.objects.get(kind="practice"),
        "organisation": Report.objects.get(kind="organisation"),
    }


# --- Who sees which queue -------------------------------------------------------------


def test_coordinator_sees_only_their_own_forums_reports(client, reported, org_a_admin, org_b_admin):
    client.force_login(org_a_admin)  # S1's coordinator
    body = client.get("/moderation/").content.decode()
    assert "会員だけの話題" in body
    assert "問題の返信" not in body and "ひだまりカフェ" not in body
    client.force_login(org_b_admin)  # S2's coordinator
    body = client.get("/moderation/").content.decode()
    assert "問題の返信" in body and "きつい言葉" in body
    assert "会員だけの話題" not in body and "秘密の本文" not in body
    assert "ひだまりカフェ" not in body and "あおぞら見守りネット" not in body


def test_secretariat_sees_every_report(client, reported, secretariat):
    client.force_login(secretariat)
    body = client.get("/moderation/").content.decode()
    for text in ("会員だけの話題", "問題の返信", "ひだまりカフェ", "あおぞら見守りネット"):
        assert text in body


@pytest.mark.parametrize("persona", ["c1", "org_a_staff", "outsider"])
def test_members_and_others_have_no_queue(client, reported, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/moderation/").status_code == 403


def test_anonymous_is_sent_to_sign_in(client, reported):
    response = client.get("/moderation/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_secretariat_queue_in_the_admin_with_a_count(client, reported, secretariat, org_a_admin):
    client.force_login(secretariat)
    response = client.get("/admin/reports/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "ひだまりカフェ" in body and "会員だけの話題" in body
    # The menu is JSON in the page: its Japanese is \u-escaped.
    assert json.dumps("通報（4件）")[1:-1] in client.get("/admin/").content.decode()
    client.force_login(org_a_admin)  # no admin access: Wagtail sends them away
    assert client.get("/admin/reports/").status_code in (302, 403)


# --- Hide and dismiss ----------------------------------------------------------------


def test_coordinator_hides_a_post(client, reported, org_b_admin, org_a_staff, c1, c2, s2_topic):
    report = reported["s2"]
    client.force_login(org_b_admin)
    response = client.post(f"/moderation/{report.pk}/hide/", {"next": "/moderation/"})
    assert response.status_code == 302 and response["Location"] == "/moderation/"
    report.refresh_from_db()
    assert report.status == "hidden" and report.resolved_by == org_b_admin
    assert Post.objects.get(pk=report.object_id).approved is False
    [to_reporter] = emails_to(c1)
    assert "非表示にしました" in to_reporter.body
    [to_author] = emails_to(org_a_staff)
    assert "問題の返信" not in to_author.body  # the subject line, not the text
    assert "非表示にしました" in to_author.body
    assert c1.username not in to_author.body  # the reporter stays unnamed
    client.force_login(c2)  # another member no longer sees it
    assert "問題の返信です" not in client.get(url_of(s2_topic)).content.decode()


def test_coordinator_dismisses(client, reported, org_b_admin, org_a_staff, c1):
    report = reported["s2"]
    client.force_login(org_b_admin)
    assert client.post(f"/moderation/{report.pk}/dismiss/").status_code == 302
    report.refresh_from_db()
    assert report.status == "dismissed"
    assert Post.objects.get(pk=report.object_id).approved is True
    [to_reporter] = emails_to(c1)
    assert "問題は見つかりませんでした" in to_reporter.body
    assert emails_to(org_a_staff) == []  # nothing happened to their post
    # Done once: a second click changes and sends nothing.
    assert client.post(f"/moderation/{report.pk}/hide/").status_code == 302
    report.refresh_from_db()
    assert report.status == "dismissed" and len(emails_to(c1)) == 1


@pytest.mark.parametrize("persona", ["org_a_admin", "c1", "org_a_staff", "outsider"])
def test_others_cannot_resolve(client, reported, request, persona):
    report = reported["s2"]
    client.force_login(request.getfixturevalue(persona))
    assert client.post(f"/moderation/{report.pk}/hide/").status_code == 404
    assert client.post(f"/moderation/{reported['practice'].pk}/hide/").status_code == 404
    assert Report.objects.filter(status="open").count() == 4


def test_anonymous_cannot_resolve(client, reported):
    response = client.post(f"/moderation/{reported['s2'].pk}/hide/")
    assert response.status_code == 302
    assert Report.objects.filter(status="open").count() == 4


def test_resolving_needs_post_and_csrf(reported, org_b_admin):
    report = reported["s2"]
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(org_b_admin)
    assert strict.get(f"/moderation/{report.pk}/hide/").status_code == 405
    assert strict.post(f"/moderation/{report.pk}/hide/").status_code == 403
    report.refresh_from_db()
    assert report.status == "open"


def test_unknown_report_is_not_found(client, secretariat):
    client.force_login(secretariat)
    assert client.post("/moderation/999999/hide/").status_code == 404
    assert client.post("/moderation/abc/hide/").status_code == 404


def test_next_elsewhere_is_ignored(client, reported, org_b_admin):
    client.force_login(org_b_admin)
    response = client.post(
        f"/moderation/{reported['s2'].pk}/dismiss/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/moderation/"


def test_secretariat_hides_a_practice(client, reported, secretariat, org_a_admin, c1, practice):
    url = practice.url
    client.force_login(secretariat)
    assert client.post(f"/moderation/{reported['practice'].pk}/hide/").status_code == 302
    practice.refresh_from_db()
    assert practice.live is False
    client.force_login(c1)
    assert client.get(url).status_code == 404
    assert emails_to(org_a_admin) and emails_to(c1)


def test_secretariat_hides_a_profile_text(client, reported, secretariat, org_a, org_a_admin, c1):
    org_a.message = "私たちのメッセージ"
    org_a.save()
    client.force_login(secretariat)
    assert client.post(f"/moderation/{reported['organisation'].pk}/hide/").status_code == 302
    assert HiddenObject.objects.filter(kind="organisation", object_id=org_a.pk).exists()
    client.force_login(c1)
    body = client.get(f"/organisations/{org_a.slug}/").content.decode()
    assert "私たちのメッセージ" not in body and "非表示" in body
    assert "私たちのメッセージ" not in client.get("/organisations/").content.decode()
    client.force_login(org_a_admin)  # its own admin still sees what was hidden
    assert "私たちのメッセージ" in client.get(f"/organisations/{org_a.slug}/").content.decode()
    assert emails_to(org_a_admin)


# --- Automatic hiding ------------------------------------------------------------------


def test_three_reporters_hide_a_post_until_reviewed(
    client, c1, c2, c3, org_b_admin, org_a_staff, s2_topic, s2_reply
):
    for reporter in (c1, c2):
        assert file(client, reporter, "forum_post", s2_reply.pk).status_code == 302
    assert Post.objects.get(pk=s2_reply.pk).approved is True  # two are not enough
    assert file(client, c3, "forum_post", s2_reply.pk).status_code == 302
    assert Post.objects.get(pk=s2_reply.pk).approved is False
    assert set(Report.objects.values_list("auto_hidden", flat=True)) == {True}
    [notice] = emails_to(org_a_staff)
    assert "一時的に非表示" in notice.body
    client.force_login(c1)  # hidden from the other members
    assert "問題の返信です" not in client.get(url_of(s2_topic)).content.decode()

    client.force_login(org_b_admin)
    body = client.get("/moderation/").content.decode()
    assert "自動で非表示中" in body and "3件の通報" in body
    report = Report.objects.first()
    assert client.post(f"/moderation/{report.pk}/dismiss/").status_code == 302
    assert Post.objects.get(pk=s2_reply.pk).approved is True  # shown again
    assert set(Report.objects.values_list("status", flat=True)) == {"dismissed"}
    assert any("再び表示" in email.body for email in emails_to(org_a_staff))
    for reporter in (c1, c2, c3):
        assert len(emails_to(reporter)) == 1
    client.force_login(c1)
    assert "問題の返信です" in client.get(url_of(s2_topic)).content.decode()


def test_a_hidden_topic_head_takes_the_topic_with_it(
    client, c1, c2, c3, org_b_admin, s2_topic, s2_head
):
    for reporter in (c1, c2, c3):
        file(client, reporter, "forum_post", s2_head.pk)
    client.force_login(c1)
    assert client.get(url_of(s2_topic)).status_code == 404
    client.force_login(org_b_admin)  # the forum's moderator still opens it
    assert client.get(url_of(s2_topic)).status_code == 200


def test_a_held_post_is_not_published_by_a_dismissal(client, c1, c2, c3, org_b_admin, s2_reply):
    for reporter in (c1, c2):
        file(client, reporter, "forum_post", s2_reply.pk)
    Post.objects.filter(pk=s2_reply.pk).update(approved=False)  # held by a moderator
    file(client, c3, "forum_post", s2_reply.pk)  # cannot see it any more: 404
    report = Report.objects.first()
    client.force_login(org_b_admin)
    client.post(f"/moderation/{report.pk}/dismiss/")
    assert Post.objects.get(pk=s2_reply.pk).approved is False


def test_secretariat_shows_a_hidden_profile_again(
    client, reported, secretariat, org_a, org_a_admin, c1
):
    org_a.message = "私たちのメッセージ"
    org_a.save()
    client.force_login(secretariat)
    client.post(f"/moderation/{reported['organisation'].pk}/hide/")
    hidden = HiddenObject.objects.get()
    assert "再表示する" in client.get("/admin/reports/").content.decode()
    client.force_login(org_a_admin)  # not theirs to undo
    assert client.post(f"/moderation/hidden/{hidden.pk}/restore/").status_code == 404
    client.force_login(secretariat)
    response = client.post(f"/moderation/hidden/{hidden.pk}/restore/", {"next": "/admin/reports/"})
    assert response.status_code == 302 and response["Location"] == "/admin/reports/"
    assert not HiddenObject.objects.exists()
    client.force_login(c1)
    assert "私たちのメッセージ" in client.get(f"/organisations/{org_a.slug}/").content.decode()
    assert any("再び表示" in email.body for email in emails_to(org_a_admin))


def test_coordinators_find_the_queue_from_their_subcommittee(client, reported, org_b_admin):
    client.force_login(org_b_admin)
    body = client.get("/subcommittees/s2/manage/").content.decode()
    assert 'href="/moderation/"' in body and "通報を確認する（1件）" in body


def test_a_hidden_profile_text_leaves_search_snippets(client, reported, secretariat, org_a, c1):
    from tests.search.helpers import index_everything

    org_a.message = "見守りの輪を広げるメッセージ"
    org_a.save()
    index_everything()
    client.force_login(secretariat)
    client.post(f"/moderation/{reported['organisation'].pk}/hide/")
    client.force_login(c1)
    body = client.get("/search/", {"q": "あおぞら見守りネット", "kind": "organisation"})
    assert "あおぞら見守りネット" in body.content.decode()
    assert "輪を広げる" not in body.content.decode()
