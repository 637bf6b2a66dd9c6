"""A member organisation proposes a window; the secretariat reviews it before anything goes live."""

import pytest

from support.models import Window, WindowProposal
from tests.organisations.conftest import (  # noqa: F401
    as_persona,
    org_a,
    org_a_admin,
    org_a_staff,
    outsider,
    secretariat,
)
from tests.support.factories import make_window

pytestmark = pytest.mark.django_db

URL = "/my-organisation/support-windows/"
GOOD = {
    "name": "あおぞら 夜の電話相談（デモ）",
    "summary": "夜、ひとりでさびしいときに話を聞きます。",
    "municipality": "松山市",
    "phone": "089-000-1234",
    "line_url": "",
    "hours": "月〜金 19:00〜22:00（日本語）",
    "note": "",
}


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("outsider", 404), ("org_a_staff", 404), ("org_a_admin", 200)],
)
def test_only_the_organisations_admin_proposes(as_persona, persona, status):  # noqa: F811
    assert as_persona(persona).get(URL).status_code == status


def test_admin_proposes_a_window_and_nothing_goes_live(as_persona, org_a, org_a_admin):  # noqa: F811
    client = as_persona("org_a_admin")
    response = client.post(URL, GOOD)
    assert response.status_code == 302
    proposal = WindowProposal.objects.get()
    assert proposal.organisation == org_a and proposal.proposed_by == org_a_admin
    assert proposal.status == "submitted"
    assert not Window.objects.exists()
    page = client.get(URL).content.decode()
    assert "あおぞら 夜の電話相談（デモ）：審査待ち" in page


def test_bad_proposals_are_explained_in_japanese(as_persona, org_a):  # noqa: F811
    client = as_persona("org_a_admin")
    html = client.post(URL, {**GOOD, "phone": "abc"}).content.decode()
    assert "電話番号は「012-345-6789」のように" in html
    html = client.post(URL, {**GOOD, "phone": ""}).content.decode()
    assert "電話番号かLINEのURLのどちらかを入力してください。" in html
    html = client.post(URL, {**GOOD, "line_url": "javascript:alert(1)"}).content.decode()
    assert "URL" in html
    assert not WindowProposal.objects.exists()


def test_a_change_names_only_the_organisations_own_windows(as_persona, org_a):  # noqa: F811
    own = make_window(name="自分の窓口", organisation=org_a)
    other = make_window(name="よその窓口")
    client = as_persona("org_a_admin")
    html = client.get(URL).content.decode()
    assert "自分の窓口" in html and "よその窓口" not in html
    response = client.post(URL, {**GOOD, "window": other.pk})
    assert response.status_code == 200
    assert not WindowProposal.objects.exists()
    assert client.post(URL, {**GOOD, "window": own.pk}).status_code == 302
    assert WindowProposal.objects.get().window == own


def test_secretariat_reviews_in_the_admin(as_persona, org_a, org_a_admin):  # noqa: F811
    proposal = WindowProposal.objects.create(
        organisation=org_a, proposed_by=org_a_admin, **{**GOOD, "line_url": ""}
    )
    client = as_persona("secretariat")
    assert "あおぞら 夜の電話相談" in client.get("/admin/support_proposals/").content.decode()
    edit = f"/admin/support_proposals/edit/{proposal.pk}/"
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"status": "accepted"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.name == GOOD["name"]
    assert as_persona("org_a_admin").get("/admin/support_proposals/").status_code == 403


def test_the_dashboard_shows_the_way_to_the_admin_only(as_persona, org_a, org_a_staff):  # noqa: F811
    assert URL in as_persona("org_a_admin").get("/my-organisation/").content.decode()
    assert URL not in as_persona("org_a_staff").get("/my-organisation/").content.decode()
