"""/my-organisation/withdraw/: the 退会届, and the secretariat completing it."""

from django.urls import reverse
from django.utils import timezone

import pytest

from cms.models import OutboundEmail
from organisations.choices import OrganisationStatus
from organisations.models import Organisation, ProfileChange

pytestmark = pytest.mark.django_db

URL = reverse("my_organisation:withdraw")


@pytest.fixture
def admin_client(as_persona, org_a_admin):
    return as_persona("org_a_admin")


def test_the_form_needs_the_confirmation_box(admin_client, org_a):
    assert admin_client.get(URL).status_code == 200
    response = admin_client.post(URL, {"reason": "活動を終えるため"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "確認のチェックを入れてください" in html
    assert "活動を終えるため" in html  # kept
    org_a.refresh_from_db()
    assert org_a.withdrawal_requested_at is None


def test_a_too_long_reason_is_refused(admin_client, org_a):
    response = admin_client.post(URL, {"reason": "あ" * 1001, "confirm": "on"})
    assert response.status_code == 200
    assert "1000 文字以下" in response.content.decode()
    org_a.refresh_from_db()
    assert org_a.withdrawal_requested_at is None


def test_filing_a_withdrawal(admin_client, org_a, org_a_admin, secretariat):
    response = admin_client.post(URL, {"reason": "活動を終えるため", "confirm": "on"})
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.withdrawal_requested_at is not None
    assert org_a.withdrawal_reason == "活動を終えるため"
    # Still a member until the secretariat completes it.
    assert org_a.status == OrganisationStatus.ACTIVE
    assert org_a in Organisation.objects.listed()
    assert admin_client.get(reverse("my_organisation:edit_profile")).status_code == 200

    change = ProfileChange.objects.get(organisation=org_a)
    assert change.user == org_a_admin
    assert change.changes["withdrawal_reason"] == ["", "活動を終えるため"]
    mail = OutboundEmail.objects.get(subject__contains="退会届")
    assert mail.to == [secretariat.email]
    assert "活動を終えるため" in mail.body
    assert f"/admin/organisations/status/{org_a.pk}/" in mail.body

    dashboard = admin_client.get(reverse("my_organisation:dashboard")).content.decode()
    assert "退会届を提出しました" in dashboard
    assert URL not in dashboard  # no second link
    assert "退会届を提出しました" in admin_client.get(URL).content.decode()


def test_filing_twice_changes_nothing(admin_client, org_a):
    admin_client.post(URL, {"reason": "一回目", "confirm": "on"})
    org_a.refresh_from_db()
    first = org_a.withdrawal_requested_at
    admin_client.post(URL, {"reason": "二回目", "confirm": "on"})
    org_a.refresh_from_db()
    assert org_a.withdrawal_requested_at == first and org_a.withdrawal_reason == "一回目"
    assert OutboundEmail.objects.filter(subject__contains="退会届").count() <= 1
    assert ProfileChange.objects.count() == 1


def test_staff_cannot_file_a_withdrawal(as_persona, org_a, org_a_staff):
    client = as_persona("org_a_staff")
    assert client.post(URL, {"confirm": "on"}).status_code == 403
    org_a.refresh_from_db()
    assert org_a.withdrawal_requested_at is None


def test_the_secretariat_completes_the_withdrawal(admin_client, as_persona, org_a, secretariat):
    admin_client.post(URL, {"reason": "活動を終えるため", "confirm": "on"})
    client = as_persona("secretariat")
    listing = client.get("/admin/organisations/", {"pending_withdrawal": "true"})
    assert org_a.name in listing.content.decode()
    response = client.post(
        reverse("organisation_register:status", args=[org_a.pk]),
        {"status": OrganisationStatus.WITHDRAWN, "reason": "退会届を受理"},
    )
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.status == OrganisationStatus.WITHDRAWN
    assert org_a.left_on == timezone.localdate()
    assert org_a not in Organisation.objects.listed()
    # No longer a pending request in the listing.
    pending = client.get("/admin/organisations/", {"pending_withdrawal": "true"})
    assert org_a not in pending.context["object_list"]
