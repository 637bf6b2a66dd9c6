"""Report decisions are in the audit log the secretariat reads (Site history)."""

from wagtail.models import ModelLogEntry

import pytest

from reports.models import Report

pytestmark = pytest.mark.django_db


def _file(client, reporter, post):
    client.force_login(reporter)
    response = client.post(
        f"/moderation/report/forum_post/{post.pk}/", {"reason": "harassment", "details": ""}
    )
    assert response.status_code == 302
    return Report.objects.get(reporter=reporter, object_id=post.pk)


def test_hide_and_dismiss_are_recorded_with_who_and_where(
    client, c1, c2, org_b_admin, secretariat, s2_reply, s2_head
):
    hidden = _file(client, c1, s2_reply)
    client.force_login(org_b_admin)
    client.post(f"/moderation/{hidden.pk}/hide/", REMOTE_ADDR="203.0.113.7")
    dismissed = _file(client, c2, s2_head)
    client.force_login(secretariat)
    client.post(f"/moderation/{dismissed.pk}/dismiss/")

    [hide] = ModelLogEntry.objects.filter(action="reports.hidden")
    assert hide.user_id == org_b_admin.pk
    assert hide.data["object_id"] == s2_reply.pk and hide.data["kind"] == "forum_post"
    assert hide.data["ip"] == "203.0.113.7"
    [dismiss] = ModelLogEntry.objects.filter(action="reports.dismissed")
    assert dismiss.user_id == secretariat.pk

    html = client.get("/admin/reports/site-history/").content.decode()
    assert "通報による非表示" in html
    assert "通報の却下" in html


def test_three_reports_hiding_a_post_are_recorded(client, c1, c2, c3, s2_reply):
    for reporter in (c1, c2, c3):
        _file(client, reporter, s2_reply)
    [entry] = ModelLogEntry.objects.filter(action="reports.auto_hidden")
    assert entry.user_id is None
    assert entry.data["object_id"] == s2_reply.pk
