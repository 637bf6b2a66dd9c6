"""organisations.access: the rules every view relies on."""

import pytest

from organisations import access
from organisations.choices import OrganisationStatus, Visibility

pytestmark = pytest.mark.django_db


def test_roles(org_a, org_a_admin, org_a_staff, org_b_admin, secretariat, outsider):
    assert access.is_member(org_a_staff) and access.is_member(org_a_admin)
    assert not access.is_member(outsider)
    assert access.is_secretariat(secretariat) and not access.is_secretariat(org_a_admin)
    assert access.can_manage_organisation(org_a_admin, org_a)
    assert not access.can_manage_organisation(org_a_staff, org_a)
    assert not access.can_manage_organisation(org_b_admin, org_a)
    assert not access.can_manage_organisation(secretariat, org_a)


@pytest.mark.parametrize(
    "status",
    [OrganisationStatus.SUSPENDED, OrganisationStatus.WITHDRAWN, OrganisationStatus.EXPELLED],
)
def test_suspended_or_departed_organisation_loses_member_rights(
    org_a, org_a_admin, org_a_staff, status
):
    org_a.status = status
    org_a.save()
    for user in (org_a_admin, org_a_staff):
        user.refresh_from_db()  # a fresh request: no cached membership
        assert not access.is_member(user)
        assert not access.can_manage_organisation(user, org_a)


def test_contact_visibility(
    org_a, org_a_staff, org_b_admin, secretariat, outsider, django_user_model
):
    from django.contrib.auth.models import AnonymousUser

    org_a.phone_visibility = Visibility.MEMBERS
    org_a.email_visibility = Visibility.SECRETARIAT
    org_a.contact_name_visibility = Visibility.PUBLIC
    org_a.save()

    anonymous = access.visible_contact(AnonymousUser(), org_a)
    assert set(anonymous) == {"street_address", "contact_name"}
    assert set(access.visible_contact(outsider, org_a)) == {"street_address", "contact_name"}
    assert set(access.visible_contact(org_b_admin, org_a)) == {
        "street_address",
        "contact_name",
        "phone",
    }
    assert "email" in access.visible_contact(secretariat, org_a)
    assert "email" in access.visible_contact(org_a_staff, org_a)  # its own staff see all


def test_practice_writing(org_a, org_a_admin, org_a_staff, org_b_admin, secretariat, outsider):
    from organisations.models import Membership

    assert access.can_edit_practices(org_a_admin, org_a)
    assert not access.can_edit_practices(org_a_staff, org_a)
    assert not access.can_edit_practices(org_b_admin, org_a)
    assert not access.can_edit_practices(secretariat, org_a)
    assert not access.can_edit_practices(outsider, org_a)

    membership = Membership.objects.get(user=org_a_staff)
    membership.can_write_practices = True
    membership.save()  # as the staff page grants it (services.manage)
    org_a_staff = type(org_a_staff).objects.get(pk=org_a_staff.pk)  # a fresh request
    assert access.can_edit_practices(org_a_staff, org_a)
    assert not access.can_grant_practice_writing(org_a_staff, org_a)
    assert access.can_grant_practice_writing(org_a_admin, org_a)

    org_a.status = OrganisationStatus.SUSPENDED
    org_a.save()
    org_a_staff = type(org_a_staff).objects.get(pk=org_a_staff.pk)
    assert not access.can_edit_practices(org_a_staff, org_a)
