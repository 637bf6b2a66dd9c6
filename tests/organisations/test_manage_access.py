"""Who may open and post every /my-organisation/ URL: a persona matrix.

Each cell is (persona, URL, method) → expected status. Where a persona is
refused, the database is checked unchanged. A URL of the area missing from
the table fails the test (deny by default).
"""

from django.test import Client
from django.urls import get_resolver, reverse

import pytest

from cms.models import OutboundEmail
from organisations.models import Membership, ProfileChange, StaffInvitation
from organisations.urls import manage as manage_urls
from tests.conftest import point_default_site_at_home
from tests.practices.helpers import make_index, make_practice
from tests.worlds import per_test

from .conftest import PERSONAS, make_personas
from .test_manage_profile import profile_data

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/?next="

# URL key → GET status per persona (in PERSONAS order:
# anonymous, outsider, org_a_staff, org_a_admin, org_b_admin, secretariat).
# The staff ids are org_a's: org_b's admin gets 404 for them (never org A's data).
GET = {
    "dashboard": (302, 404, 200, 200, 200, 404),
    "edit_profile": (302, 404, 403, 200, 200, 404),
    "staff": (302, 404, 403, 200, 200, 404),
    "invite_staff": (302, 404, 403, 200, 200, 404),
    "remove_staff": (302, 404, 403, 200, 404, 404),
    "transfer_admin": (302, 404, 403, 200, 404, 404),
    "withdraw": (302, 404, 403, 200, 200, 404),
    "accept_invitation": (404, 404, 404, 404, 404, 404),
    "set_practice_writer": (302, 404, 403, 405, 405, 404),  # POST only
    # Write-ups (tests/practices/test_submissions.py): org admins (and staff they allow,
    # tested there), org_a's write-up.
    "practice_list": (302, 404, 404, 200, 200, 404),
    "practice_new": (302, 404, 404, 200, 200, 404),
    "practice_edit": (302, 404, 404, 200, 404, 404),
    "practice_preview": (302, 404, 404, 200, 404, 404),
    "practice_withdraw": (302, 404, 404, 405, 405, 404),  # POST only
    # Proposing support windows (tests/support/test_proposals.py): org admins only.
    "support_proposals": (302, 404, 404, 200, 200, 404),
    # Profile translations (test_translations.py): org A's, into English.
    "translations": (302, 404, 403, 200, 404, 200),
    "translation_edit": (302, 404, 403, 200, 404, 200),
    "translation_machine": (405, 405, 405, 405, 405, 405),  # POST only
}
POST = {
    "dashboard": (405, 405, 405, 405, 405, 405),
    "edit_profile": (302, 404, 403, 302, 302, 404),
    "staff": (405, 405, 405, 405, 405, 405),
    "invite_staff": (302, 404, 403, 302, 302, 404),
    "remove_staff": (302, 404, 403, 302, 404, 404),
    "transfer_admin": (302, 404, 403, 302, 404, 404),
    "withdraw": (302, 404, 403, 302, 302, 404),
    "accept_invitation": (404, 404, 404, 404, 404, 404),
    "set_practice_writer": (302, 404, 403, 302, 404, 404),
    "practice_list": (405, 405, 405, 405, 405, 405),
    "practice_new": (302, 404, 404, 200, 200, 404),  # empty form: errors, 200
    "practice_edit": (302, 404, 404, 200, 404, 404),
    "practice_preview": (405, 405, 405, 405, 405, 405),
    "practice_withdraw": (302, 404, 404, 302, 404, 404),
    "support_proposals": (302, 404, 404, 200, 200, 404),  # empty form: errors, 200
    "translations": (405, 405, 405, 405, 405, 405),
    "translation_edit": (302, 404, 403, 302, 404, 302),
    "translation_machine": (302, 404, 403, 404, 404, 302),  # the secretariat only
}


@pytest.fixture(scope="module")
def shared_world(module_db):
    """Built once for the module's two hundred-odd cells (each test gets copies)."""
    personas = make_personas()
    practice = make_practice(make_index(point_default_site_at_home()), personas["org_a"])
    world = {
        "org_a": personas["org_a"],
        "staff_membership": personas["org_a_staff"].membership,
        "practice": practice,
    }
    return {**personas, "world": world}


world = per_test("shared_world", "world")
org_a = per_test("shared_world", "org_a")
org_b = per_test("shared_world", "org_b")
org_a_admin = per_test("shared_world", "org_a_admin")
org_a_staff = per_test("shared_world", "org_a_staff")
org_b_admin = per_test("shared_world", "org_b_admin")
outsider = per_test("shared_world", "outsider")
secretariat = per_test("shared_world", "secretariat")


def url_for(key, world):
    if key in ("remove_staff", "transfer_admin", "set_practice_writer"):
        return reverse(f"my_organisation:{key}", args=[world["staff_membership"].pk])
    if key in ("practice_edit", "practice_preview", "practice_withdraw"):
        return reverse(f"my_organisation:{key}", args=[world["practice"].pk])
    if key == "translations":
        return reverse(f"my_organisation:{key}", args=[world["org_a"].pk])
    if key in ("translation_edit", "translation_machine"):
        return reverse(f"my_organisation:{key}", args=[world["org_a"].pk, "en"])
    if key == "accept_invitation":
        return reverse("my_organisation:accept_invitation", args=["not-a-real-token"])
    return reverse(f"my_organisation:{key}")


def post_data(key, world):
    org_a = world["org_a"]
    return {
        "edit_profile": profile_data(org_a, name="乗っ取られた名前", representative="X"),
        "invite_staff": {"email": "invited@example.jp"},
        "remove_staff": {"confirm": "on"},
        "transfer_admin": {"confirm": "on"},
        "withdraw": {"confirm": "on", "reason": "x"},
        "accept_invitation": {"confirm": "on"},
        "set_practice_writer": {"allowed": "1"},
        "translation_edit": {"message": "We run places to meet.", "description": ""},
        "translation_machine": {"confirm": "on"},
    }.get(key, {})


def org_a_state(world):
    org_a = world["org_a"]
    org_a.refresh_from_db()
    return {
        "name": org_a.name,
        "withdrawal": org_a.withdrawal_requested_at,
        "memberships": sorted(
            Membership.objects.filter(organisation=org_a).values_list(
                "user_id", "role", "can_write_practices"
            )
        ),
        "invitations": StaffInvitation.objects.filter(organisation=org_a).count(),
        "changes": ProfileChange.objects.filter(organisation=org_a).count(),
    }


def test_every_url_of_the_area_is_in_the_matrix():
    names = {pattern.name for pattern in manage_urls.urlpatterns}
    assert names == set(GET) == set(POST)
    assert get_resolver()  # the area is mounted
    assert reverse("my_organisation:dashboard") == "/my-organisation/"


@pytest.mark.parametrize("key", sorted(GET))
@pytest.mark.parametrize("persona", PERSONAS)
def test_get(as_persona, world, persona, key):
    client = as_persona(persona)
    before = org_a_state(world)
    mails = OutboundEmail.objects.count()
    url = url_for(key, world)
    response = client.get(url)
    assert response.status_code == GET[key][PERSONAS.index(persona)]
    if response.status_code == 302:
        assert response["Location"] == LOGIN + url
    assert org_a_state(world) == before  # GET never changes anything
    assert OutboundEmail.objects.count() == mails


@pytest.mark.parametrize("key", sorted(POST))
@pytest.mark.parametrize("persona", PERSONAS)
def test_post(as_persona, world, persona, key):
    client = as_persona(persona)
    url = url_for(key, world)
    data = post_data(key, world)
    before = org_a_state(world)
    response = client.post(url, data)
    expected = POST[key][PERSONAS.index(persona)]
    assert response.status_code == expected
    if persona == "anonymous" and expected == 302:
        assert response["Location"] == LOGIN + url
    if persona != "org_a_admin":
        # Nobody but org A's admin changes org A's profile, staff or invitations.
        assert org_a_state(world) == before


def test_org_a_admin_posts_do_change_org_a(as_persona, world):
    """The matrix's positive cells really act (so a refusal can't pass as success)."""
    client = as_persona("org_a_admin")
    client.post(url_for("edit_profile", world), post_data("edit_profile", world))
    client.post(url_for("invite_staff", world), post_data("invite_staff", world))
    client.post(url_for("withdraw", world), post_data("withdraw", world))
    client.post(url_for("transfer_admin", world), post_data("transfer_admin", world))
    state = org_a_state(world)
    assert state["name"] == "乗っ取られた名前"
    assert state["invitations"] == 1
    assert state["withdrawal"] is not None
    assert world["staff_membership"].user_id in [
        user for user, role, _writes in state["memberships"] if role == "admin"
    ]


@pytest.mark.parametrize(
    "key",
    [
        "edit_profile",
        "invite_staff",
        "remove_staff",
        "transfer_admin",
        "withdraw",
        "set_practice_writer",
    ],
)
def test_posts_without_a_csrf_token_are_refused(world, org_a_admin, key):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org_a_admin)
    before = org_a_state(world)
    response = client.post(url_for(key, world), post_data(key, world))
    assert response.status_code == 403
    assert org_a_state(world) == before


def test_forms_carry_a_csrf_token(as_persona, world):
    client = as_persona("org_a_admin")
    for key in ("edit_profile", "invite_staff", "remove_staff", "transfer_admin", "withdraw"):
        assert "csrfmiddlewaretoken" in client.get(url_for(key, world)).content.decode()


def test_friendly_pages(as_persona, world):
    outsider = as_persona("outsider").get(url_for("dashboard", world))
    assert "所属団体がありません" in outsider.content.decode()
    staff = as_persona("org_a_staff").get(url_for("edit_profile", world))
    assert "団体管理者だけが使えます" in staff.content.decode()


def test_staff_see_their_organisation_and_its_admin_read_only(as_persona, world, org_a_admin):
    html = as_persona("org_a_staff").get(url_for("dashboard", world)).content.decode()
    assert world["org_a"].name in html
    assert f"{org_a_admin.last_name} {org_a_admin.first_name}" in html
    assert reverse("my_organisation:edit_profile") not in html
    assert reverse("my_organisation:staff") not in html
    assert reverse("my_organisation:practice_list") not in html
    assert "取組事例を書くには、団体管理者の許可が必要です。" in html


def test_staff_allowed_to_write_see_the_write_ups_card_only(as_persona, world, org_a_staff):
    Membership.objects.filter(user=org_a_staff).update(can_write_practices=True)
    html = as_persona("org_a_staff").get(url_for("dashboard", world)).content.decode()
    assert reverse("my_organisation:practice_list") in html
    assert "取組事例を書く・見る" in html
    assert reverse("my_organisation:edit_profile") not in html
    assert "団体管理者の許可が必要です" not in html


def test_no_write_ups_card_for_a_suspended_organisation(as_persona, world):
    from organisations.choices import OrganisationStatus

    world["org_a"].status = OrganisationStatus.SUSPENDED
    world["org_a"].save()
    html = as_persona("org_a_admin").get(url_for("dashboard", world)).content.decode()
    assert reverse("my_organisation:practice_list") not in html


def test_the_admin_sees_the_management_links(as_persona, world):
    html = as_persona("org_a_admin").get(url_for("dashboard", world)).content.decode()
    for key in ("edit_profile", "staff", "withdraw", "practice_list"):
        assert url_for(key, world) in html
