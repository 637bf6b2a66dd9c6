"""Subcommittee services and access rules, without HTTP."""

import pytest

from cms.models import OutboundEmail
from organisations.choices import OrganisationStatus
from subcommittees import access, services
from subcommittees.models import (
    DecisionStatus,
    JoinRequest,
    MembershipRole,
    Subcommittee,
    SubcommitteeMembership,
)

pytestmark = pytest.mark.django_db


def test_creating_a_subcommittee_creates_its_forum_and_coordinators(s1, coordinator):
    assert s1.forum is not None
    assert access.is_coordinator(coordinator, s1)
    assert s1.forum_id in access.readable_forum_ids(coordinator)


def test_only_the_secretariat_creates(member):
    with pytest.raises(services.SubcommitteeError):
        services.create_subcommittee(by=member, name="x", slug="x", theme="x")
    assert not Subcommittee.objects.filter(slug="x").exists()


def test_read_rules(world, member, other_member, org_member, outsider, secretariat, coordinator):
    s1, s2, public = world["s1"], world["s2"], world["public"]
    assert access.can_read(member, s1)
    assert not access.can_read(other_member, s1)
    assert not access.can_read(org_member, s1)
    assert not access.can_read(outsider, s1)
    assert access.can_read(secretariat, s1) and access.can_read(secretariat, s2)
    assert access.can_read(outsider, public)
    assert not access.can_post(outsider, public)
    assert access.can_post(coordinator, public)
    assert not access.can_post(member, public)  # not a member of it
    assert set(access.readable_subcommittees(member)) == {s1, public}
    assert set(access.readable_subcommittees(other_member)) == {s2, public}
    assert access.readable_forum_ids(other_member) == {s2.forum_id, public.forum_id}
    assert access.readable_forum_ids(secretariat) == {s1.forum_id, s2.forum_id, public.forum_id}


def test_discovery_of_members_only_subcommittees(world, org_member, outsider, member):
    s1, s2 = world["s1"], world["s2"]
    # On request: members of organisations learn that it exists, nobody else does.
    assert access.can_discover(org_member, s1)
    assert not access.can_discover(outsider, s1)
    # By invitation: invisible to non-members.
    assert not access.can_discover(org_member, s2)
    assert not access.can_discover(member, s2)
    assert set(access.discoverable_subcommittees(org_member)) == {s1, world["public"]}


def test_inactive_subcommittee_is_for_the_secretariat_only(s1, member, coordinator, secretariat):
    s1.is_active = False
    s1.save()
    assert not access.can_read(member, s1)
    assert not access.can_manage(coordinator, s1)
    assert access.can_read(secretariat, s1)
    assert s1 not in access.readable_subcommittees(member)
    assert s1.forum_id not in access.readable_forum_ids(member)


def test_withdrawn_organisation_loses_access_at_once(s1, member, org_a):
    org_a.status = OrganisationStatus.WITHDRAWN
    org_a.save()
    member = type(member).objects.get(pk=member.pk)  # a new request's user
    assert not access.can_read(member, s1)
    assert s1.forum_id not in access.readable_forum_ids(member)


def test_request_accept_emails_both_sides(s1, org_member, coordinator, mailoutbox):
    join_request = services.request_to_join(s1, org_member, message="参加させてください")
    to_coordinator = OutboundEmail.objects.get(to=[coordinator.email])
    assert "参加申請" in to_coordinator.subject
    assert "参加させてください" in to_coordinator.body
    with pytest.raises(services.SubcommitteeError):
        services.request_to_join(s1, org_member)  # one pending request at a time
    services.accept_request(join_request, by=coordinator)
    assert access.can_read(org_member, s1)
    assert OutboundEmail.objects.filter(to=[org_member.email], subject__contains="承認").exists()
    join_request.refresh_from_db()
    assert join_request.status == DecisionStatus.ACCEPTED
    assert join_request.decided_by == coordinator


def test_decline(s1, org_member, coordinator):
    join_request = services.request_to_join(s1, org_member)
    services.decline_request(join_request, by=coordinator)
    assert not access.can_read(org_member, s1)
    assert OutboundEmail.objects.filter(to=[org_member.email], subject__contains="申請").exists()


def test_other_coordinator_cannot_decide(s1, org_member, other_coordinator):
    join_request = services.request_to_join(s1, org_member)
    with pytest.raises(services.SubcommitteeError):
        services.accept_request(join_request, by=other_coordinator)
    join_request.refresh_from_db()
    assert join_request.status == DecisionStatus.PENDING
    assert not access.is_subcommittee_member(org_member, s1)


def test_outsider_cannot_request_or_join(s1, public_sc, outsider):
    with pytest.raises(services.SubcommitteeError):
        services.request_to_join(s1, outsider)
    with pytest.raises(services.SubcommitteeError):
        services.join(public_sc, outsider)
    assert not JoinRequest.objects.exists()


def test_join_open_and_leave(public_sc, org_member):
    services.join(public_sc, org_member)
    assert access.can_post(org_member, public_sc)
    with pytest.raises(services.SubcommitteeError):
        services.join(public_sc, org_member)
    services.leave(public_sc, org_member)
    assert not access.can_post(org_member, public_sc)


def test_invitation(s2, other_coordinator, org_member, member):
    with pytest.raises(services.SubcommitteeError):
        services.invite(s2, "nobody@example.org", by=other_coordinator)
    invitation = services.invite(s2, org_member.email.upper(), by=other_coordinator)
    assert access.can_discover(org_member, s2)
    assert OutboundEmail.objects.filter(to=[org_member.email]).exists()
    with pytest.raises(services.SubcommitteeError):
        services.accept_invitation(invitation, member)  # not theirs
    services.accept_invitation(invitation, org_member)
    assert access.can_read(org_member, s2)


def test_remove_member_and_coordinator_rules(s1, member, coordinator, secretariat):
    other = SubcommitteeMembership.objects.get(subcommittee=s1, user=coordinator)
    with pytest.raises(services.SubcommitteeError):
        services.remove_member(other, by=coordinator)  # oneself
    services.remove_member(SubcommitteeMembership.objects.get(user=member), by=coordinator)
    assert not access.can_read(member, s1)
    services.remove_member(other, by=secretariat)
    assert not access.is_coordinator(coordinator, s1)


def test_set_role_and_visibility_are_the_secretariats(s1, member, coordinator, secretariat):
    membership = SubcommitteeMembership.objects.get(subcommittee=s1, user=member)
    with pytest.raises(services.SubcommitteeError):
        services.set_role(membership, MembershipRole.COORDINATOR, by=coordinator)
    services.set_role(membership, MembershipRole.COORDINATOR, by=secretariat)
    assert access.is_coordinator(member, s1)
    with pytest.raises(services.SubcommitteeError):
        services.change_visibility(s1, "public", by=coordinator)
    services.change_visibility(s1, "public", by=secretariat)
    s1.refresh_from_db()
    assert s1.visibility == "public"


def test_making_public_members_only_hides_it_at_once(public_sc, outsider, secretariat):
    assert access.can_read(outsider, public_sc)
    services.change_visibility(public_sc, "members", by=secretariat)
    assert not access.can_read(outsider, public_sc)
    assert public_sc.forum_id not in access.readable_forum_ids(outsider)


def test_only_org_members_can_be_coordinators(secretariat, outsider):
    with pytest.raises(services.SubcommitteeError):
        services.create_subcommittee(
            by=secretariat, name="x", slug="x", theme="x", coordinators=[outsider]
        )
    assert not Subcommittee.objects.filter(slug="x").exists()


def test_notify_choice_is_the_members_own(s1, member, coordinator):
    membership = SubcommitteeMembership.objects.get(subcommittee=s1, user=member)
    assert membership.notify == "instant"
    with pytest.raises(services.SubcommitteeError):
        services.set_notify(membership, "none", by=coordinator)
    services.set_notify(membership, "daily", by=member)
    membership.refresh_from_db()
    assert membership.notify == "daily"
