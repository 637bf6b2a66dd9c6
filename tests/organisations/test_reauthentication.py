"""Handing over the admin role and filing a withdrawal ask for the password again.

Like changing the sign-in e-mail (tests/cms/test_account_security.py), unless
the password was entered in the last ACCOUNT_REAUTHENTICATION_TIMEOUT
seconds. The suspended POST goes through once it is entered, so what was
typed (the reason for leaving) is not lost. Signing in with ``force_login``
records no password entry: that is the signed-in browser left unattended.
"""

from django.conf import settings
from django.urls import reverse

import pytest

from cms.models import OutboundEmail
from organisations.choices import MembershipRole
from organisations.models import Membership, ProfileChange
from tests.worlds import per_test

from .conftest import make_personas, reauthenticated
from .factories import PASSWORD

pytestmark = pytest.mark.django_db

REAUTHENTICATE = "/accounts/reauthenticate/"
WITHDRAW = "/my-organisation/withdraw/"


@pytest.fixture(scope="module")
def shared(module_db):
    return make_personas()


org_a = per_test("shared", "org_a")
org_a_admin = per_test("shared", "org_a_admin")
org_a_staff = per_test("shared", "org_a_staff")
org_b_admin = per_test("shared", "org_b_admin")


def transfer_url(membership):
    return reverse("my_organisation:transfer_admin", args=[membership.pk])


def roles(organisation):
    return dict(Membership.objects.filter(organisation=organisation).values_list("user", "role"))


@pytest.fixture
def admin_client(client, org_a_admin):
    """Org A's admin, signed in, with no recent password entry on record."""
    client.force_login(org_a_admin)
    return client


def test_handing_over_asks_for_the_password_then_goes_through(
    admin_client, org_a, org_a_admin, org_a_staff
):
    url = transfer_url(org_a_staff.membership)
    assert admin_client.get(url).status_code == 200  # the confirmation page itself is open
    before = roles(org_a)

    response = admin_client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith(REAUTHENTICATE)
    assert roles(org_a) == before
    assert not ProfileChange.objects.exists()

    page = admin_client.get(response["Location"])
    assert page.status_code == 200
    assert 'name="password"' in page.content.decode()

    wrong = admin_client.post(response["Location"], {"password": "not-the-password-at-all"})
    assert wrong.status_code == 200
    assert roles(org_a) == before

    done = admin_client.post(response["Location"], {"password": PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == reverse("my_organisation:dashboard")
    assert roles(org_a) == {
        org_a_admin.pk: MembershipRole.STAFF,
        org_a_staff.pk: MembershipRole.ADMIN,
    }


def test_withdrawal_asks_for_the_password_and_keeps_the_reason(admin_client, org_a):
    response = admin_client.post(WITHDRAW, {"reason": "活動を終えるため", "confirm": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith(REAUTHENTICATE)
    org_a.refresh_from_db()
    assert org_a.withdrawal_requested_at is None
    assert not OutboundEmail.objects.filter(subject__contains="退会届").exists()

    done = admin_client.post(response["Location"], {"password": PASSWORD})
    assert done.status_code == 302
    org_a.refresh_from_db()
    assert org_a.withdrawal_requested_at is not None
    assert org_a.withdrawal_reason == "活動を終えるため"  # typed before, not lost


def test_withdrawal_under_a_language_prefix(admin_client, org_a):
    response = admin_client.post("/en" + WITHDRAW, {"reason": "moving away", "confirm": "on"})
    assert response.status_code == 302
    assert "/accounts/reauthenticate/" in response["Location"]
    org_a.refresh_from_db()
    assert org_a.withdrawal_requested_at is None


def test_a_recent_password_entry_is_enough(admin_client, org_a, org_a_staff):
    reauthenticated(admin_client, seconds_ago=60)
    response = admin_client.post(WITHDRAW, {"reason": "活動を終えるため", "confirm": "on"})
    assert response["Location"] == reverse("my_organisation:dashboard")
    org_a.refresh_from_db()
    assert org_a.withdrawal_requested_at is not None


def test_an_old_password_entry_is_not(admin_client, org_a, org_a_staff):
    reauthenticated(admin_client, seconds_ago=settings.ACCOUNT_REAUTHENTICATION_TIMEOUT + 60)
    before = roles(org_a)
    response = admin_client.post(transfer_url(org_a_staff.membership), {"confirm": "on"})
    assert response["Location"].startswith(REAUTHENTICATE)
    assert roles(org_a) == before


def test_other_staff_actions_do_not_ask(admin_client, org_a_staff):
    """Removing staff or inviting them stays as it was (only the two named actions ask)."""
    response = admin_client.post(
        reverse("my_organisation:remove_staff", args=[org_a_staff.membership.pk]),
        {"confirm": "on"},
    )
    assert response["Location"] == reverse("my_organisation:staff")


@pytest.mark.parametrize("method", ["get", "post"])
def test_who_may_not_act_is_refused_before_any_password_is_asked(
    client, org_a_staff, org_b_admin, method
):
    """Refusals stay what they were: staff 403, another organisation's id 404."""
    client.force_login(org_a_staff)
    assert getattr(client, method)(WITHDRAW, {"confirm": "on"}).status_code == 403
    client.force_login(org_b_admin)
    reauthenticated(client)
    url = transfer_url(org_a_staff.membership)
    assert getattr(client, method)(url, {"confirm": "on"}).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, org_a_staff):
    response = client.post(WITHDRAW, {"confirm": "on"})
    assert response["Location"] == "/accounts/login/?next=" + WITHDRAW
