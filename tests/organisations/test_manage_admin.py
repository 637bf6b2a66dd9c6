"""The secretariat's register in the Wagtail admin: listing, edits, status changes, audit trail."""

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

import pytest

from organisations.choices import LegalForm, OrganisationStatus, Tier
from organisations.models import Organisation, Prefecture, ProfileChange
from organisations.services import manage as services

from .factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

INDEX_URL = reverse("organisation_register:index")


def edit_url(organisation):
    return reverse("organisation_register:edit", args=[organisation.pk])


def status_url(organisation):
    return reverse("organisation_register:status", args=[organisation.pk])


def audit_url(organisation):
    return reverse("organisation_register:audit", args=[organisation.pk])


@pytest.fixture
def secretariat_client(as_persona, secretariat):
    return as_persona("secretariat")


def test_urls_live_under_admin_organisations(org_a):
    assert INDEX_URL == "/admin/organisations/"
    assert status_url(org_a) == f"/admin/organisations/status/{org_a.pk}/"


# --- Who sees the register -------------------------------------------------------------


@pytest.mark.parametrize("persona", ["outsider", "org_a_staff", "org_a_admin", "org_b_admin"])
def test_members_and_outsiders_never_reach_the_register(as_persona, persona, org_a):
    client = as_persona(persona)
    # Signed in without admin access: the refusal page (cms/middleware.py).
    for url in (INDEX_URL, edit_url(org_a), status_url(org_a), audit_url(org_a)):
        assert client.get(url).status_code == 403
    response = client.post(
        status_url(org_a), {"status": OrganisationStatus.EXPELLED, "reason": "x"}
    )
    assert response.status_code == 403
    org_a.refresh_from_db()
    assert org_a.status == OrganisationStatus.ACTIVE


def test_anonymous_is_sent_to_sign_in(client, org_a):
    response = client.get(status_url(org_a))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_an_editor_without_the_register_permission_cannot_change_status(client, org_a):
    editor = UserFactory(username="page-editor", groups=["Editors"])
    client.force_login(editor)
    home = client.get("/admin/")
    assert home.status_code == 200
    assert f'"url": "{INDEX_URL}"' not in home.content.decode()  # no menu item
    for url in (INDEX_URL, status_url(org_a), audit_url(org_a)):
        assert client.get(url).status_code == 302  # Wagtail: back to the dashboard
    client.post(status_url(org_a), {"status": OrganisationStatus.EXPELLED, "reason": "x"})
    org_a.refresh_from_db()
    assert org_a.status == OrganisationStatus.ACTIVE


def test_the_secretariat_sees_the_menu_item(secretariat_client):
    html = secretariat_client.get("/admin/").content.decode()
    assert '"name": "organisations"' in html and f'"url": "{INDEX_URL}"' in html


# --- The listing -------------------------------------------------------------------------


def test_listing_filters_and_search(secretariat_client, org_a, org_b):
    org_b.status = OrganisationStatus.SUSPENDED
    org_b.tier = Tier.STEERING
    org_b.legal_form = LegalForm.COMPANY
    org_b.save()
    other = OrganisationFactory(
        name="こうち子ども食堂", prefecture=Prefecture.objects.get(code="39")
    )

    def names(**params):
        response = secretariat_client.get(INDEX_URL, params)
        assert response.status_code == 200
        html = response.content.decode()
        return {o.name for o in (org_a, org_b, other) if o.name in html}

    assert names() == {org_a.name, org_b.name, other.name}
    assert names(status="suspended") == {org_b.name}
    assert names(tier="steering") == {org_b.name}
    assert names(legal_form="company") == {org_b.name}
    assert names(prefecture=str(other.prefecture_id)) == {other.name}
    assert names(q="みなと") == {org_b.name}
    assert names(q="ミナト") == {org_b.name}  # the reading too
    assert names(status="active", prefecture=str(org_a.prefecture_id)) == {org_a.name}


def test_pending_withdrawals_are_visible_and_filterable(secretariat_client, org_a, org_b):
    org_a.withdrawal_requested_at = timezone.now()
    org_a.save()
    html = secretariat_client.get(INDEX_URL).content.decode()
    assert "提出あり（未処理）" in html
    pending = secretariat_client.get(INDEX_URL, {"pending_withdrawal": "true"}).content.decode()
    assert org_a.name in pending and org_b.name not in pending
    others = secretariat_client.get(INDEX_URL, {"pending_withdrawal": "false"}).content.decode()
    assert org_b.name in others and org_a.name not in others


# --- Editing the register ---------------------------------------------------------------------


def register_data(organisation, **changes):
    data = {
        "name": organisation.name,
        "name_kana": organisation.name_kana,
        "slug": organisation.slug,
        "legal_form": organisation.legal_form,
        "tier": organisation.tier,
        "joined_on": "",
        "representative": organisation.representative,
        "founded_on": "",
        "staff_count": "",
        "website": organisation.website,
        "message": organisation.message,
        "description": organisation.description,
        "postcode": organisation.postcode,
        "prefecture": organisation.prefecture_id,
        "municipality": organisation.municipality,
        "street_address": organisation.street_address,
        "street_address_visibility": organisation.street_address_visibility,
        "contact_name": organisation.contact_name,
        "contact_name_visibility": organisation.contact_name_visibility,
        "phone": organisation.phone,
        "phone_visibility": organisation.phone_visibility,
        "email": organisation.email,
        "email_visibility": organisation.email_visibility,
        "areas_municipalities": organisation.areas_municipalities,
        "logo": "",
        "logo_alt_text": organisation.logo_alt_text,
    }
    data.update(changes)
    return data


def test_the_secretariat_edits_the_tier_and_it_is_audited(secretariat_client, org_a, secretariat):
    assert secretariat_client.get(edit_url(org_a)).status_code == 200
    response = secretariat_client.post(
        edit_url(org_a),
        register_data(
            org_a, tier=Tier.STEERING, joined_on="2024-04-01", phone="０８９４－１１－２２２２"
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    org_a.refresh_from_db()
    assert org_a.tier == Tier.STEERING
    assert str(org_a.joined_on) == "2024-04-01"
    assert org_a.phone == "0894-11-2222"
    change = ProfileChange.objects.get(organisation=org_a)
    assert change.user == secretariat
    assert change.changes["tier"] == ["一般団体", "幹事団体"]
    assert change.changes["joined_on"] == [None, "2024-04-01"]


def test_status_cannot_be_set_through_the_edit_form(secretariat_client, org_a):
    secretariat_client.post(
        edit_url(org_a),
        register_data(org_a, status=OrganisationStatus.EXPELLED, left_on="2020-01-01"),
    )
    org_a.refresh_from_db()
    assert org_a.status == OrganisationStatus.ACTIVE and org_a.left_on is None


def test_the_edit_page_links_to_status_and_audit(secretariat_client, org_a):
    html = secretariat_client.get(edit_url(org_a)).content.decode()
    assert status_url(org_a) in html and audit_url(org_a) in html


# --- Status changes ----------------------------------------------------------------------------


def test_the_status_form_requires_a_reason(secretariat_client, org_a):
    page = secretariat_client.get(status_url(org_a))
    assert page.status_code == 200
    assert "資格停止" in page.content.decode() and "除名" in page.content.decode()
    response = secretariat_client.post(
        status_url(org_a), {"status": OrganisationStatus.SUSPENDED, "reason": ""}
    )
    assert response.status_code == 200
    assert "理由を入力してください" in response.content.decode()
    org_a.refresh_from_db()
    assert org_a.status == OrganisationStatus.ACTIVE
    assert not ProfileChange.objects.exists()


def test_status_change_is_csrf_protected(client, secretariat, org_a):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(secretariat)
    response = csrf_client.post(
        status_url(org_a), {"status": OrganisationStatus.EXPELLED, "reason": "x"}
    )
    assert response.status_code == 403
    org_a.refresh_from_db()
    assert org_a.status == OrganisationStatus.ACTIVE


@pytest.mark.parametrize(
    ("status", "departs"),
    [
        (OrganisationStatus.SUSPENDED, False),
        (OrganisationStatus.EXPELLED, True),
        (OrganisationStatus.WITHDRAWN, True),
    ],
)
def test_a_status_change_takes_effect_at_once(
    as_persona, secretariat, org_a, org_a_admin, org_a_staff, status, departs
):
    # Before: the admin edits the profile, the public sees the organisation.
    admin = as_persona("org_a_admin")
    assert admin.get(reverse("my_organisation:edit_profile")).status_code == 200
    assert org_a in Organisation.objects.listed()
    public = as_persona("anonymous")
    assert public.get(org_a.get_absolute_url()).status_code == 200
    assert org_a.name in public.get(reverse("organisations:list")).content.decode()

    secretariat_client = as_persona("secretariat")
    response = secretariat_client.post(
        status_url(org_a), {"status": status, "reason": "幹事会の決議（2026年度第1回）"}
    )
    assert response.status_code == 302
    assert response["Location"] == audit_url(org_a)

    org_a.refresh_from_db()
    assert org_a.status == status
    assert org_a.status_reason == "幹事会の決議（2026年度第1回）"
    assert (org_a.left_on == timezone.localdate()) is departs
    if not departs:
        assert org_a.left_on is None
    change = ProfileChange.objects.get(organisation=org_a)
    assert change.user == secretariat
    assert change.changes["status"] == ["会員", org_a.get_status_display()]
    assert change.changes["status_reason"] == ["", "幹事会の決議（2026年度第1回）"]

    # After: the admin's next request is refused, staff lose member rights…
    admin = as_persona("org_a_admin")
    assert admin.get(reverse("my_organisation:edit_profile")).status_code == 403
    assert admin.post(reverse("my_organisation:staff")).status_code in (403, 405)
    dashboard = admin.get(reverse("my_organisation:dashboard"))
    assert org_a.get_status_display() in dashboard.content.decode()
    # …and the organisation leaves the public directory.
    assert org_a not in Organisation.objects.listed()
    anonymous = as_persona("anonymous")
    assert anonymous.get(org_a.get_absolute_url()).status_code == 404
    assert org_a.name not in anonymous.get(reverse("organisations:list")).content.decode()


def test_reinstating_clears_the_departure_date(secretariat_client, org_a):
    services.set_status(org_a, OrganisationStatus.EXPELLED, by=None, reason="決議")
    response = secretariat_client.post(
        status_url(org_a), {"status": OrganisationStatus.ACTIVE, "reason": "決議の取消し"}
    )
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.status == OrganisationStatus.ACTIVE and org_a.left_on is None
    assert org_a in Organisation.objects.listed()


def test_the_current_status_is_not_offered(secretariat_client, org_a):
    response = secretariat_client.post(
        status_url(org_a), {"status": OrganisationStatus.ACTIVE, "reason": "x"}
    )
    assert response.status_code == 200
    assert not ProfileChange.objects.exists()


def test_departure_revokes_pending_invitations(as_persona, org_a, org_a_admin, secretariat):
    admin = as_persona("org_a_admin")
    admin.post(reverse("my_organisation:invite_staff"), {"email": "pending@example.jp"})
    services.set_status(org_a, OrganisationStatus.WITHDRAWN, by=secretariat, reason="退会届")
    assert org_a.invitations.get().revoked_at is not None


# --- The audit trail --------------------------------------------------------------------------


def test_the_audit_trail_lists_changes_for_the_secretariat(
    as_persona, secretariat, org_a, org_a_admin, org_b
):
    ProfileChange.objects.create(
        organisation=org_a,
        user=org_a_admin,
        changes={"phone": ["0894-00-0000", "0894-11-2222"], "activities": [["★a"], ["☆b", "★c"]]},
    )
    ProfileChange.objects.create(
        organisation=org_b, user=None, changes={"name": ["みなと", "KANARIA-B"]}
    )
    client = as_persona("secretariat")
    response = client.get(audit_url(org_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "電話番号" in html and "0894-11-2222" in html and "0894-00-0000" in html
    assert "取組の種類" in html and "☆b、★c" in html
    assert org_a_admin.email in html
    assert "KANARIA-B" not in html  # only this organisation's rows


def test_audit_trail_of_an_unknown_organisation_is_404(secretariat_client):
    assert secretariat_client.get("/admin/organisations/audit/999999/").status_code == 404


def test_the_secretariat_group_has_no_user_management(db):
    group = Group.objects.get(name="事務局")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert not codenames & {"add_user", "change_user", "delete_user", "change_group"}
    assert "delete_organisation" not in codenames


def test_the_add_and_history_views_open_for_the_secretariat(secretariat_client, org_a):
    assert secretariat_client.get(reverse("organisation_register:add")).status_code == 200
    history = reverse("organisation_register:history", args=[org_a.pk])
    assert secretariat_client.get(history).status_code == 200
    # Nobody in the 事務局 group may delete the register's rows.
    delete = reverse("organisation_register:delete", args=[org_a.pk])
    assert secretariat_client.post(delete).status_code == 302
    assert Organisation.objects.filter(pk=org_a.pk).exists()
