"""/my-organisation/staff/: inviting, removing staff and handing over the admin role."""

import datetime
import hashlib
import re

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress

from cms.models import OutboundEmail
from organisations.choices import MembershipRole, OrganisationStatus
from organisations.models import Membership, ProfileChange, StaffInvitation

from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

STAFF_URL = reverse("my_organisation:staff")
INVITE_URL = reverse("my_organisation:invite_staff")
NEW_PASSWORD = "kirei-na-sora-2026"


def accept_url(token):
    return reverse("my_organisation:accept_invitation", args=[token])


@pytest.fixture
def admin_client(as_persona, org_a_admin):
    return as_persona("org_a_admin")


def invite(client, email):
    """Invite ``email`` and return the token from the e-mail's link."""
    response = client.post(INVITE_URL, {"email": email})
    assert response.status_code == 302, response.content.decode()
    mail = OutboundEmail.objects.filter(subject__contains="招待").latest("pk")
    assert mail.to[0].lower() == email.lower()
    return re.search(r"/my-organisation/invitation/([\w-]+)/", mail.body).group(1)


# --- The staff list -------------------------------------------------------------


def test_staff_list_shows_staff_and_pending_invitations(
    admin_client, org_a, org_a_admin, org_a_staff, org_b_admin
):
    invite(admin_client, "new.person@example.jp")
    html = admin_client.get(STAFF_URL).content.decode()
    assert org_a_admin.email in html and org_a_staff.email in html
    assert "団体管理者" in html and "スタッフ" in html
    assert "new.person@example.jp" in html
    assert org_b_admin.email not in html


# --- Inviting ---------------------------------------------------------------------


def test_an_invitation_stores_only_a_hash_and_mails_an_absolute_link(admin_client, org_a):
    token = invite(admin_client, "New.Person@example.jp")
    invitation = StaffInvitation.objects.get()
    assert invitation.organisation == org_a
    assert invitation.role == MembershipRole.STAFF
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash
    lifetime = invitation.expires_at - timezone.now()
    assert datetime.timedelta(days=6, hours=23) < lifetime <= datetime.timedelta(days=7)
    mail = OutboundEmail.objects.get(to=["New.Person@example.jp"])
    assert f"http://testserver/my-organisation/invitation/{token}/" in mail.body
    assert org_a.name in mail.subject


def test_reinviting_a_pending_address_refreshes_the_invitation(admin_client):
    first = invite(admin_client, "twice@example.jp")
    second = invite(admin_client, "TWICE@example.jp")
    assert StaffInvitation.objects.count() == 1
    assert first != second
    assert OutboundEmail.objects.filter(subject__contains="招待").count() == 2
    # The old link stops working; the new one works.
    assert admin_client.get(accept_url(first)).status_code == 404


@pytest.mark.parametrize("who", ["org_a_staff", "org_b_admin"])
def test_an_address_with_a_membership_anywhere_cannot_be_invited(admin_client, who, request):
    email = request.getfixturevalue(who).email
    response = admin_client.post(INVITE_URL, {"email": email})
    assert response.status_code == 200
    assert "すでにいずれかの会員団体のスタッフとして登録されています" in response.content.decode()
    assert email in response.content.decode()  # what was typed is kept
    assert not StaffInvitation.objects.exists()


@pytest.mark.parametrize(
    ("email", "error"),
    [("", "必須です"), ("not-an-address", "有効なメールアドレス"), ("a" * 250 + "@x.jp", "254")],
)
def test_invitation_form_errors_in_japanese(admin_client, email, error):
    response = admin_client.post(INVITE_URL, {"email": email})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not StaffInvitation.objects.exists()


def test_a_full_width_address_is_normalised(admin_client):
    response = admin_client.post(INVITE_URL, {"email": "ｚｅｎｋａｋｕ＠example.jp"})
    assert response.status_code == 302
    assert StaffInvitation.objects.get().email == "zenkaku@example.jp"


# --- Accepting ----------------------------------------------------------------------


def test_accepting_with_a_new_account(admin_client, client, org_a):
    token = invite(admin_client, "new.person@example.jp")
    client.logout()

    page = client.get(accept_url(token))
    assert page.status_code == 200
    assert org_a.name in page.content.decode()
    assert 'autocomplete="new-password"' in page.content.decode()

    response = client.post(
        accept_url(token),
        {
            "last_name": "新井",
            "first_name": "花",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("my_organisation:dashboard")

    user = get_user_model().objects.get(email="new.person@example.jp")
    assert user.check_password(NEW_PASSWORD)
    assert (user.last_name, user.first_name) == ("新井", "花")
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()
    membership = Membership.objects.get(user=user)
    assert membership.organisation == org_a and membership.role == MembershipRole.STAFF
    assert StaffInvitation.objects.get().accepted_at is not None
    # Signed in straight away.
    assert client.get(reverse("my_organisation:dashboard")).status_code == 200
    # Used once: the link now shows the friendly "not usable" page.
    client.logout()
    again = client.get(accept_url(token))
    assert again.status_code == 404
    assert "招待のリンクが使えません" in again.content.decode()


@pytest.mark.parametrize(
    ("password1", "password2", "error"),
    [
        ("short-pw", "short-pw", "短すぎます"),
        ("123456789012345", "123456789012345", "数字"),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "パスワードが一致しません"),
    ],
)
def test_weak_or_mismatched_passwords_are_refused(
    admin_client, client, password1, password2, error
):
    token = invite(admin_client, "new.person@example.jp")
    client.logout()
    response = client.post(
        accept_url(token),
        {"last_name": "新井", "first_name": "花", "password1": password1, "password2": password2},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html
    assert "新井" in html  # the name typed is kept
    assert password1 not in html  # passwords are never echoed back
    assert not get_user_model().objects.filter(email="new.person@example.jp").exists()
    assert StaffInvitation.objects.get().accepted_at is None


def test_accepting_with_an_existing_account(admin_client, client, org_a):
    person = UserFactory(username="existing", email="existing@example.jp")
    token = invite(admin_client, "existing@example.jp")

    # Not signed in: asked to sign in first, and sent back here afterwards.
    client.logout()
    page = client.get(accept_url(token))
    assert page.status_code == 200
    assert f"/accounts/login/?next={accept_url(token)}" in page.content.decode()
    assert not Membership.objects.filter(user=person).exists()

    client.force_login(person)
    confirm = client.get(accept_url(token))
    assert confirm.status_code == 200
    assert client.post(accept_url(token), {}).status_code == 200  # the box must be ticked
    assert not Membership.objects.filter(user=person).exists()

    response = client.post(accept_url(token), {"confirm": "on"})
    assert response.status_code == 302
    membership = Membership.objects.get(user=person)
    assert membership.organisation == org_a and membership.role == MembershipRole.STAFF
    assert client.post(accept_url(token), {"confirm": "on"}).status_code == 404  # single use


def test_another_signed_in_account_cannot_take_the_invitation(admin_client, client, outsider):
    token = invite(admin_client, "someone.else@example.jp")
    client.force_login(outsider)
    response = client.post(accept_url(token), {"confirm": "on"})
    assert response.status_code == 200
    assert "招待されたメールアドレスのものではありません" in response.content.decode()
    assert not Membership.objects.filter(user=outsider).exists()
    assert StaffInvitation.objects.get().accepted_at is None


def test_an_account_that_is_already_staff_cannot_join_a_second_organisation(
    admin_client, client, org_b
):
    token = invite(admin_client, "later.member@example.jp")
    later = MembershipFactory(
        organisation=org_b, user=UserFactory(username="later", email="later.member@example.jp")
    ).user
    client.force_login(later)
    response = client.post(accept_url(token), {"confirm": "on"})
    assert "すでにいずれかの会員団体のスタッフです" in response.content.decode()
    assert Membership.objects.get(user=later).organisation == org_b


def test_an_expired_invitation_is_refused(admin_client, client):
    token = invite(admin_client, "late@example.jp")
    StaffInvitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    client.logout()
    for method in (client.get, client.post):
        response = method(
            accept_url(token),
            {
                "last_name": "a",
                "first_name": "b",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )
        assert response.status_code == 404
        assert "有効期限" in response.content.decode()
    assert not get_user_model().objects.filter(email="late@example.jp").exists()


@pytest.mark.parametrize("token", ["nonsense", "x" * 200, "0" * 43])
def test_an_unknown_token_shows_the_friendly_page(client, token):
    response = client.get(accept_url(token))
    assert response.status_code == 404
    assert "招待のリンクが使えません" in response.content.decode()


def test_invitations_of_a_suspended_organisation_cannot_be_accepted(admin_client, client, org_a):
    token = invite(admin_client, "new.person@example.jp")
    org_a.status = OrganisationStatus.SUSPENDED
    org_a.save()
    client.logout()
    assert client.get(accept_url(token)).status_code == 404


# --- Removing staff -------------------------------------------------------------------


def remove_url(membership):
    return reverse("my_organisation:remove_staff", args=[membership.pk])


def transfer_url(membership):
    return reverse("my_organisation:transfer_admin", args=[membership.pk])


def test_removing_a_member_of_staff(admin_client, org_a, org_a_staff, org_a_admin):
    membership = org_a_staff.membership
    page = admin_client.get(remove_url(membership))
    assert page.status_code == 200
    assert org_a_staff.email in page.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()  # GET changes nothing

    response = admin_client.post(remove_url(membership), {"confirm": "on"})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert get_user_model().objects.filter(pk=org_a_staff.pk).exists()  # the account stays
    change = ProfileChange.objects.get(organisation=org_a)
    assert change.changes == {"staff_removed": [org_a_staff.email, None]}
    assert change.user == org_a_admin


def test_removal_needs_the_confirmation_box(admin_client, org_a_staff):
    response = admin_client.post(remove_url(org_a_staff.membership), {})
    assert response.status_code == 200
    assert "確認のチェックを入れてください" in response.content.decode()
    assert Membership.objects.filter(user=org_a_staff).exists()


def test_the_only_admin_cannot_remove_themselves(admin_client, org_a_admin):
    response = admin_client.post(remove_url(org_a_admin.membership), {"confirm": "on"})
    assert response.status_code == 302
    assert Membership.objects.filter(user=org_a_admin, role=MembershipRole.ADMIN).exists()
    followed = admin_client.get(response["Location"])
    assert "ご自身を削除することはできません" in followed.content.decode()


def test_a_removed_person_loses_access_at_once(admin_client, client, org_a_staff):
    admin_client.post(remove_url(org_a_staff.membership), {"confirm": "on"})
    client.force_login(org_a_staff)
    assert client.get(reverse("my_organisation:dashboard")).status_code == 404


# --- Handing over the admin role -------------------------------------------------------


def test_handing_over_the_admin_role(admin_client, org_a, org_a_admin, org_a_staff, secretariat):
    page = admin_client.get(transfer_url(org_a_staff.membership))
    assert page.status_code == 200
    assert admin_client.post(transfer_url(org_a_staff.membership), {}).status_code == 200
    assert Membership.objects.get(user=org_a_admin).role == MembershipRole.ADMIN

    response = admin_client.post(transfer_url(org_a_staff.membership), {"confirm": "on"})
    assert response.status_code == 302
    roles = dict(Membership.objects.filter(organisation=org_a).values_list("user", "role"))
    assert roles == {org_a_admin.pk: MembershipRole.STAFF, org_a_staff.pk: MembershipRole.ADMIN}
    assert Membership.objects.filter(organisation=org_a, role=MembershipRole.ADMIN).count() == 1
    change = ProfileChange.objects.get(organisation=org_a)
    assert change.changes == {"admin": [org_a_admin.email, org_a_staff.email]}
    assert OutboundEmail.objects.filter(to=[secretariat.email], subject__contains="変更届").exists()

    # The former admin is staff now: the admin pages close at once.
    assert admin_client.get(STAFF_URL).status_code == 403
    assert admin_client.get(reverse("my_organisation:dashboard")).status_code == 200


def test_handing_over_to_yourself_changes_nothing(admin_client, org_a_admin):
    admin_client.post(transfer_url(org_a_admin.membership), {"confirm": "on"})
    assert Membership.objects.get(user=org_a_admin).role == MembershipRole.ADMIN
    assert not ProfileChange.objects.exists()


# --- Another organisation's ids (IDOR) ---------------------------------------------------


@pytest.mark.parametrize("url", [remove_url, transfer_url])
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_organisations_membership_ids_are_not_found(
    admin_client, org_b, org_b_admin, url, method
):
    b_staff = MembershipFactory(organisation=org_b, role=MembershipRole.STAFF)
    for membership in (org_b_admin.membership, b_staff):
        response = getattr(admin_client, method)(url(membership), {"confirm": "on"})
        assert response.status_code == 404
    roles = dict(Membership.objects.filter(organisation=org_b).values_list("user", "role"))
    assert roles == {org_b_admin.pk: MembershipRole.ADMIN, b_staff.user_id: MembershipRole.STAFF}
    assert not ProfileChange.objects.exists()


def test_an_unknown_membership_id_is_not_found(admin_client):
    assert (
        admin_client.post(
            reverse("my_organisation:remove_staff", args=[999999]), {"confirm": "on"}
        ).status_code
        == 404
    )


def test_pending_invitations_are_capped(admin_client, org_a, monkeypatch):
    monkeypatch.setattr("organisations.services.manage.MAX_PENDING_INVITATIONS", 2)
    invite(admin_client, "one@example.jp")
    invite(admin_client, "two@example.jp")
    response = admin_client.post(INVITE_URL, {"email": "three@example.jp"})
    assert response.status_code == 200
    assert "招待中の方が多すぎます" in response.content.decode()
    invite(admin_client, "two@example.jp")  # refreshing a pending one still works
    assert StaffInvitation.objects.filter(organisation=org_a).count() == 2


# --- Who may write write-ups (取組事例) ----------------------------------------------


def practice_writer_url(membership):
    return reverse("my_organisation:set_practice_writer", args=[membership.pk])


def test_admin_allows_and_stops_a_staff_member_writing_write_ups(admin_client, org_a, org_a_staff):
    membership = Membership.objects.get(user=org_a_staff)
    assert not membership.can_write_practices
    html = admin_client.get(STAFF_URL).content.decode()
    assert "さんが取組事例を書けるようにする" in html
    assert practice_writer_url(membership) in html

    response = admin_client.post(practice_writer_url(membership), {"allowed": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == STAFF_URL
    assert "取組事例を書けるようにしました" in response.content.decode()
    membership.refresh_from_db()
    assert membership.can_write_practices
    assert "さんが取組事例を書けないようにする" in response.content.decode()

    admin_client.post(practice_writer_url(membership), {"allowed": "0"})
    membership.refresh_from_db()
    assert not membership.can_write_practices


def test_practice_writer_switch_is_post_only_and_refuses_bad_input(admin_client, org_a_staff):
    membership = Membership.objects.get(user=org_a_staff)
    assert admin_client.get(practice_writer_url(membership)).status_code == 405
    for data in ({}, {"allowed": "yes"}):
        response = admin_client.post(practice_writer_url(membership), data, follow=True)
        assert "変更できませんでした" in response.content.decode()
    membership.refresh_from_db()
    assert not membership.can_write_practices


def test_practice_writer_switch_leaves_admins_alone(admin_client, org_a_admin):
    membership = Membership.objects.get(user=org_a_admin)
    response = admin_client.post(practice_writer_url(membership), {"allowed": "0"}, follow=True)
    assert "変更できませんでした" in response.content.decode()
    membership.refresh_from_db()
    assert not membership.can_write_practices  # admins write anyway; the flag is untouched


@pytest.mark.parametrize(
    ("persona", "status"),
    [("org_b_admin", 404), ("org_a_staff", 403), ("outsider", 404), ("secretariat", 404)],
)
def test_only_the_own_admin_may_allow_writing(
    as_persona, persona, status, org_a_staff, org_b_admin
):
    """ID swap: another organisation's admin posting org_a's membership id gets a 404."""
    membership = Membership.objects.get(user=org_a_staff)
    response = as_persona(persona).post(practice_writer_url(membership), {"allowed": "1"})
    assert response.status_code == status
    membership.refresh_from_db()
    assert not membership.can_write_practices


def test_anonymous_practice_writer_switch_goes_to_login(client, org_a_staff):
    membership = Membership.objects.get(user=org_a_staff)
    response = client.post(practice_writer_url(membership), {"allowed": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    membership.refresh_from_db()
    assert not membership.can_write_practices


def test_practice_writer_switch_needs_csrf(org_a_admin, org_a_staff):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(org_a_admin)
    membership = Membership.objects.get(user=org_a_staff)
    response = client.post(practice_writer_url(membership), {"allowed": "1"})
    assert response.status_code == 403
    membership.refresh_from_db()
    assert not membership.can_write_practices
