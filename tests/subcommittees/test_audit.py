"""Subcommittee role and membership changes in the audit log, read by the secretariat.

Each change writes exactly one entry of Wagtail's audit log against the
subcommittee, naming who acted and the member concerned; the secretariat reads
them in Site history (and the subcommittee's own history in the admin), a
coordinator, a member and an editor do not.
"""

import re

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from forum.names import display_name
from subcommittees import services
from subcommittees.models import JoinRequest, MembershipRole, SubcommitteeMembership
from tests.subcommittees.test_admin import form_data
from tests.worlds import per_test_fixtures

from .conftest import WORLD_FIXTURES

pytestmark = pytest.mark.django_db

globals().update(per_test_fixtures("module_world", WORLD_FIXTURES))

SITE_HISTORY = "/admin/reports/site-history/"


def url(name, *args):
    return reverse(f"subcommittees:{name}", args=args)


def entries(action):
    return list(ModelLogEntry.objects.filter(action=action))


def assert_one_entry(action, subcommittee, actor, member):
    [entry] = entries(action)
    assert entry.object_id == str(subcommittee.pk)
    assert entry.content_type.model_class()._meta.label == "subcommittees.Subcommittee"
    assert entry.label == subcommittee.name
    assert entry.user_id == actor.pk
    assert entry.data["member_id"] == member.pk
    assert entry.data["member_name"] == display_name(member)
    return entry


def test_accepting_a_join_request(world, org_member, coordinator, sign_in):
    join_request = JoinRequest.objects.create(subcommittee=world["s1"], user=org_member)
    response = sign_in("coordinator").post(
        url("accept_request", "kodomo", join_request.pk), REMOTE_ADDR="198.51.100.31"
    )
    assert response.status_code == 302
    entry = assert_one_entry(services.REQUEST_ACCEPTED, world["s1"], coordinator, org_member)
    assert entry.data["ip"] == "198.51.100.31"


def test_declining_a_join_request(world, org_member, coordinator, sign_in):
    join_request = JoinRequest.objects.create(subcommittee=world["s1"], user=org_member)
    sign_in("coordinator").post(url("decline_request", "kodomo", join_request.pk))
    assert_one_entry(services.REQUEST_DECLINED, world["s1"], coordinator, org_member)


def test_removing_a_member(world, member, coordinator, sign_in):
    target = SubcommitteeMembership.objects.get(subcommittee=world["s1"], user=member)
    sign_in("coordinator").post(url("remove_member", "kodomo", target.pk))
    entry = assert_one_entry(services.MEMBER_REMOVED, world["s1"], coordinator, member)
    assert entry.data["role"] == MembershipRole.MEMBER
    assert entry.data["ip"] == "127.0.0.1"  # the test client's address


def test_a_service_called_outside_a_request_records_no_address(world, member, coordinator):
    target = SubcommitteeMembership.objects.get(subcommittee=world["s1"], user=member)
    services.remove_member(target, by=coordinator)
    entry = assert_one_entry(services.MEMBER_REMOVED, world["s1"], coordinator, member)
    assert "ip" not in entry.data


def test_a_refused_change_writes_nothing(world, member, sign_in, other_coordinator):
    target = SubcommitteeMembership.objects.get(subcommittee=world["s1"], user=member)
    sign_in("member").post(url("remove_member", "kodomo", target.pk))
    join_request = JoinRequest.objects.create(subcommittee=world["s1"], user=other_coordinator)
    sign_in("member").post(url("accept_request", "kodomo", join_request.pk))
    assert not ModelLogEntry.objects.filter(action__startswith="subcommittees.").exists()


def test_the_secretariat_changes_coordinators_in_the_admin(
    client, world, secretariat, coordinator, member
):
    client.force_login(secretariat)
    s1 = world["s1"]
    response = client.post(
        reverse("subcommittee_admin:edit", args=[s1.pk]), form_data(member, slug="kodomo")
    )
    assert response.status_code == 302
    changes = {entry.data["member_id"]: entry for entry in entries(services.ROLE_CHANGED)}
    assert set(changes) == {member.pk, coordinator.pk}
    assert changes[member.pk].data["role"] == MembershipRole.COORDINATOR
    assert changes[coordinator.pk].data["role"] == MembershipRole.MEMBER
    assert all(entry.user_id == secretariat.pk for entry in changes.values())
    assert all(entry.data["ip"] == "127.0.0.1" for entry in changes.values())


def test_set_role_is_recorded_once_and_not_when_nothing_changes(world, member, secretariat):
    membership = SubcommitteeMembership.objects.get(subcommittee=world["s1"], user=member)
    services.set_role(membership, MembershipRole.COORDINATOR, by=secretariat)
    services.set_role(membership, MembershipRole.COORDINATOR, by=secretariat)
    entry = assert_one_entry(services.ROLE_CHANGED, world["s1"], secretariat, member)
    assert entry.data["role"] == MembershipRole.COORDINATOR


@pytest.fixture
def changes(world, org_member, member, coordinator, secretariat):
    accepted = JoinRequest.objects.create(subcommittee=world["s1"], user=org_member)
    services.accept_request(accepted, by=coordinator)
    target = SubcommitteeMembership.objects.get(subcommittee=world["s1"], user=member)
    services.remove_member(target, by=coordinator)
    return world


def test_the_secretariat_reads_them_in_site_history(client, changes, secretariat, org_member):
    client.force_login(secretariat)
    response = client.get(SITE_HISTORY)
    assert response.status_code == 200
    html = response.content.decode()
    for action, label in (
        (services.REQUEST_ACCEPTED, "参加申請の承認"),
        (services.MEMBER_REMOVED, "参加者の削除"),
    ):
        assert re.search(rf'value="{action}"[^>]*>\s*{label}</label>', html), label
    assert f"{display_name(org_member)}さんの参加申請を承認しました" in html
    assert "さんを分科会から外しました" in html
    assert "こども食堂分科会" in html

    # The subcommittee's own history in the admin tells the same.
    history = client.get(reverse("subcommittee_admin:history", args=[changes["s1"].pk]))
    assert history.status_code == 200
    assert "さんを分科会から外しました" in history.content.decode()


@pytest.mark.parametrize("persona", ["coordinator", "member"])
def test_coordinators_and_members_cannot_read_them(changes, sign_in, persona):
    response = sign_in(persona).get(SITE_HISTORY)
    assert response.status_code in (302, 403)
    assert "参加申請を承認しました" not in response.content.decode()


def test_an_editor_does_not_see_them(client, changes, django_user_model):
    editor = django_user_model.objects.create_user(username="editor-sc", password="x" * 16)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get(SITE_HISTORY)
    assert response.status_code == 200
    html = response.content.decode()
    assert "参加申請を承認しました" not in html
    assert "こども食堂分科会" not in html
