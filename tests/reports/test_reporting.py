"""Members report a forum post, a write-up or an organisation profile (通報)."""

import pytest

from reports.models import Report
from reports.services import RATE_LIMIT
from tests.forum.conftest import url_of

from .conftest import file, report_url

pytestmark = pytest.mark.django_db


def test_member_reports_a_post(client, c1, s2_reply):
    client.force_login(c1)
    page = client.get(report_url("forum_post", s2_reply.pk))
    assert page.status_code == 200
    assert "csrfmiddlewaretoken" in page.content.decode()
    assert "スパム" in page.content.decode()

    response = client.post(
        report_url("forum_post", s2_reply.pk),
        {"reason": "harassment", "details": "ひどい言葉です"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/moderation/report/forum_post/{s2_reply.pk}/done/"
    report = Report.objects.get()
    assert (report.kind, report.object_id, report.reporter) == ("forum_post", s2_reply.pk, c1)
    assert report.reason == "harassment" and report.details == "ひどい言葉です"
    assert report.status == "open"
    assert "通報を受け付けました" in client.get(response["Location"]).content.decode()


def test_anonymous_is_sent_to_sign_in(client, s2_reply):
    response = client.post(report_url("forum_post", s2_reply.pk), {"reason": "spam"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Report.objects.exists()


def test_non_member_is_refused(client, outsider, s2_reply):
    assert file(client, outsider, "forum_post", s2_reply.pk).status_code == 403
    assert client.get(report_url("forum_post", s2_reply.pk)).status_code == 403
    assert not Report.objects.exists()


def test_own_content_is_refused(client, org_a_staff, org_a_admin, s2_reply, practice, org_a):
    response = file(client, org_a_staff, "forum_post", s2_reply.pk)
    assert response.status_code == 403
    assert "ご自身が書いた内容は通報できません" in response.content.decode()
    # A write-up or the profile of one's own organisation, whoever wrote it.
    assert file(client, org_a_staff, "practice", practice.pk).status_code == 403
    assert file(client, org_a_admin, "organisation", org_a.pk).status_code == 403
    assert not Report.objects.exists()


def test_a_second_report_of_the_same_thing_is_refused(client, c1, s2_reply):
    assert file(client, c1, "forum_post", s2_reply.pk).status_code == 302
    response = file(client, c1, "forum_post", s2_reply.pk, reason="other", details="もう一度")
    assert response.status_code == 200
    assert "すでに通報済み" in response.content.decode()
    assert Report.objects.count() == 1


def test_a_post_the_member_cannot_read_is_not_found(client, org_b_admin, s1_post):
    # org B's admin is in no way a member of the members-only S1.
    assert file(client, org_b_admin, "forum_post", s1_post.pk).status_code == 404
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/moderation/report/forum_post/999999/",
        "/moderation/report/no_such_kind/1/",
        "/moderation/report/practice/999999/",
        "/moderation/report/organisation/999999/",
    ],
)
def test_unknown_kind_or_id_is_not_found(client, c1, path):
    client.force_login(c1)
    assert client.get(path).status_code == 404
    assert client.post(path, {"reason": "spam"}).status_code == 404


def test_no_reason_is_a_clear_error(client, c1, s2_reply):
    response = file(client, c1, "forum_post", s2_reply.pk, reason="", details="理由なし")
    assert response.status_code == 200
    body = response.content.decode()
    assert "通報の理由を選んでください" in body
    assert "理由なし" in body  # what was typed is kept
    assert not Report.objects.exists()


def test_unknown_reason_is_refused(client, c1, s2_reply):
    response = file(client, c1, "forum_post", s2_reply.pk, reason="boredom")
    assert response.status_code == 200
    assert not Report.objects.exists()


def test_other_needs_details(client, c1, s2_reply):
    response = file(client, c1, "forum_post", s2_reply.pk, reason="other", details="  ")
    assert "詳しい内容を書いてください" in response.content.decode()
    assert not Report.objects.exists()


def test_overlong_details_are_refused(client, c1, s2_reply):
    response = file(client, c1, "forum_post", s2_reply.pk, reason="other", details="あ" * 1001)
    assert response.status_code == 200
    assert "1000字以内" in response.content.decode()
    assert not Report.objects.exists()


def test_details_are_kept_as_plain_text_and_printed_escaped(client, c1, secretariat, s2_reply):
    details = '<script>alert("x")</script>\x07 本文\r\n二行目'
    assert file(client, c1, "forum_post", s2_reply.pk, "other", details).status_code == 302
    assert Report.objects.get().details == '<script>alert("x")</script> 本文\n二行目'
    client.force_login(secretariat)
    body = client.get("/moderation/").content.decode()
    assert "&lt;script&gt;alert" in body
    assert '<script>alert("x")' not in body


def test_reports_are_rate_limited(client, settings, monkeypatch, c1, s2_head, s2_reply):
    monkeypatch.setattr("reports.services.RATE_LIMIT", 1)
    assert file(client, c1, "forum_post", s2_head.pk).status_code == 302
    response = file(client, c1, "forum_post", s2_reply.pk)
    assert response.status_code == 429
    assert "しばらくしてから" in response.content.decode()
    assert Report.objects.count() == 1
    assert RATE_LIMIT > 1  # the real limit lets a member report a few things


def test_member_reports_a_practice_and_a_profile(client, c1, practice, org_a):
    assert file(client, c1, "practice", practice.pk).status_code == 302
    assert file(client, c1, "organisation", org_a.pk, "false_info").status_code == 302
    assert set(Report.objects.values_list("kind", "object_id")) == {
        ("practice", practice.pk),
        ("organisation", org_a.pk),
    }


# --- The 「通報する」 link ------------------------------------------------------------


def report_links(response):
    return response.content.decode().count('class="report-link"')


def test_topic_page_shows_the_link_to_members_on_others_posts(
    client, c1, org_a_staff, outsider, s2_topic, s2_reply
):
    client.force_login(c1)
    page = client.get(url_of(s2_topic))
    assert report_links(page) == 2
    assert report_url("forum_post", s2_reply.pk) in page.content.decode()
    client.force_login(org_a_staff)  # wrote the reply: only the head post's link
    assert report_links(client.get(url_of(s2_topic))) == 1
    client.force_login(outsider)
    assert report_links(client.get(url_of(s2_topic))) == 0
    client.logout()
    assert report_links(client.get(url_of(s2_topic))) == 0


def test_practice_and_profile_pages_show_the_link_to_other_members(
    client, c1, org_a_staff, practice, org_a
):
    client.force_login(c1)
    assert report_url("practice", practice.pk) in client.get(practice.url).content.decode()
    profile = client.get(f"/organisations/{org_a.slug}/")
    assert report_url("organisation", org_a.pk) in profile.content.decode()
    client.force_login(org_a_staff)
    assert report_links(client.get(practice.url)) == 0
    assert report_links(client.get(f"/organisations/{org_a.slug}/")) == 0
    client.logout()
    assert report_links(client.get(practice.url)) == 0
