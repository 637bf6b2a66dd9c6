"""「情報がちがう」 on a window (anyone, rate-limited, to the secretariat's queue),
and sharing a window or a result by LINE or link."""

import pytest

from support.models import WindowCorrection
from tests.organisations.conftest import (  # noqa: F401
    as_persona,
    org_a,
    org_a_admin,
    outsider,
    secretariat,
)
from tests.support.factories import T, make_window, weekdays

pytestmark = pytest.mark.django_db

URL = "/support/soudan/correction/"


@pytest.fixture
def window(db):
    return make_window(name="まちがい相談（デモ）", slug="soudan", slots=weekdays(T(9), T(17)))


def test_anyone_reports_wrong_information_without_an_account(client, window):
    page = client.get("/support/soudan/").content.decode()
    assert f'href="{URL}"' in page and "最終確認日" in page
    form = client.get(URL).content.decode()
    assert 'name="csrfmiddlewaretoken"' in form and 'name="topic"' in form
    details = {"topic": "contact", "details": "番号が 0120-000-002 に変わりました"}
    response = client.post(URL, details)
    assert response.status_code == 302 and response["Location"] == "/support/soudan/"
    correction = WindowCorrection.objects.get()
    assert correction.window == window and correction.status == "open"
    assert "事務局が確かめて" in client.get("/support/soudan/").content.decode()


def test_bad_input_is_explained_and_keeps_what_was_typed(client, window):
    response = client.post(URL, {"topic": "", "details": "土曜日は休みでした"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "入力内容を確認してください" in html and "土曜日は休みでした" in html
    assert client.post(URL, {"topic": "x" * 30}).status_code == 200
    assert not WindowCorrection.objects.exists()


def test_unpublished_windows_take_no_reports(client):
    make_window(slug="kakushi", is_published=False)
    assert client.get("/support/kakushi/correction/").status_code == 404
    assert client.post("/support/kakushi/correction/", {"topic": "other"}).status_code == 404


def test_reports_are_rate_limited(client, window, settings):
    settings.RATELIMIT_ENABLE = True
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "support_correction": "2/h/ip"}
    from django.core.cache import cache

    cache.clear()
    for _n in range(2):
        assert client.post(URL, {"topic": "hours"}).status_code == 302
    response = client.post(URL, {"topic": "hours", "details": "三回目"})
    assert response.status_code == 429
    assert "三回目" in response.content.decode()
    assert WindowCorrection.objects.count() == 2


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("outsider", 403), ("org_a_admin", 403), ("secretariat", 200)],
)
def test_only_the_secretariat_reads_the_queue(as_persona, persona, status, window):  # noqa: F811
    WindowCorrection.objects.create(window=window, topic="hours", details="日曜も開いています")
    response = as_persona(persona).get("/admin/support_corrections/")
    assert response.status_code == status
    if status == 200:
        assert "まちがい相談（デモ）" in response.content.decode()


def test_secretariat_closes_a_report(as_persona, window):  # noqa: F811
    correction = WindowCorrection.objects.create(window=window, topic="closed")
    client = as_persona("secretariat")
    edit = f"/admin/support_corrections/edit/{correction.pk}/"
    assert client.post(edit, {"status": "fixed"}).status_code == 302
    correction.refresh_from_db()
    assert correction.status == "fixed" and correction.topic == "closed"


def test_a_window_and_a_result_are_shared_by_line_or_link(client, window):
    page = client.get("/support/soudan/").content.decode()
    share = (
        "https://social-plugins.line.me/lineit/share"
        "?url=http%3A%2F%2Ftestserver%2Fsupport%2Fsoudan%2F"
    )
    assert f'href="{share}"' in page
    assert 'value="http://testserver/support/soudan/" readonly' in page
    assert "support/js/copy-link.js" in page
    results = client.get("/support/", {"lang": "ja", "page": "1"}).content.decode()
    assert 'value="http://testserver/support/?lang=ja" readonly' in results
