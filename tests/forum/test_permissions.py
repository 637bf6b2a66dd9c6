"""forum.permissions: machina rows derived from the subcommittee, effective at once."""

from django.core.management import call_command

import pytest
from machina.apps.forum_permission.handler import PermissionHandler
from machina.core.db.models import get_model

from forum import permissions
from subcommittees import services as subcommittee_services
from subcommittees.models import Subcommittee, SubcommitteeMembership

from .conftest import forum_url

UserForumPermission = get_model("forum_permission", "UserForumPermission")
GroupForumPermission = get_model("forum_permission", "GroupForumPermission")

pytestmark = pytest.mark.django_db


def perms(user, forum):
    return PermissionHandler()._get_checker(user).get_perms(forum) if user else set()


def can(user, codename, forum):
    from django.contrib.auth.models import AnonymousUser

    checker = PermissionHandler()._get_checker(user or AnonymousUser())
    return checker.has_perm(codename, forum)


def test_members_only_forum(s1, coordinator, member, other_member, outsider, secretariat):
    forum = s1.forum
    assert forum is not None and forum.name == s1.name
    for user in (None, outsider, other_member):
        assert not can(user, "can_read_forum", forum)
        assert not can(user, "can_see_forum", forum)
        assert not can(user, "can_start_new_topics", forum)
    for user in (member, coordinator):
        assert can(user, "can_read_forum", forum)
        assert can(user, "can_start_new_topics", forum)
        assert can(user, "can_reply_to_topics", forum)
        assert can(user, "can_attach_file", forum)
        assert can(user, "can_vote_in_polls", forum)
    assert not can(member, "can_approve_posts", forum)
    assert not can(member, "can_lock_topics", forum)
    assert not can(member, "can_delete_posts", forum)
    for codename in (
        "can_approve_posts",
        "can_lock_topics",
        "can_move_topics",
        "can_delete_posts",
        "can_post_stickies",
        "can_edit_posts",
    ):
        assert can(coordinator, codename, forum)
        assert can(secretariat, codename, forum)


def test_public_forum(s2, other_member, member, outsider):
    forum = s2.forum
    for user in (None, outsider, member):
        assert can(user, "can_read_forum", forum)
        assert not can(user, "can_start_new_topics", forum)
        assert not can(user, "can_reply_to_topics", forum)
        assert not can(user, "can_vote_in_polls", forum)
    assert can(other_member, "can_start_new_topics", forum)


def test_explicit_denials_override_global_grants(s1, outsider, django_user_model):
    """A global 'everyone may read' row must not open a members-only forum."""
    from django.contrib.auth.models import AnonymousUser

    ForumPermission = get_model("forum_permission", "ForumPermission")
    read = ForumPermission.objects.get(codename="can_read_forum")
    UserForumPermission.objects.create(permission=read, forum=None, authenticated_user=True)
    UserForumPermission.objects.create(permission=read, forum=None, anonymous_user=True)
    assert not can(outsider, "can_read_forum", s1.forum)
    assert not can(AnonymousUser(), "can_read_forum", s1.forum)


def test_removal_takes_effect_at_once(client, s1, coordinator, member, secretariat):
    client.force_login(member)
    assert client.get(forum_url(s1.forum)).status_code == 200
    membership = SubcommitteeMembership.objects.get(subcommittee=s1, user=member)
    subcommittee_services.remove_member(membership, by=coordinator)
    assert client.get(forum_url(s1.forum)).status_code in (403, 404)
    assert not UserForumPermission.objects.filter(forum=s1.forum, user=member).exists()


def test_visibility_change_and_back(client, s2, secretariat):
    assert client.get(forum_url(s2.forum)).status_code == 200
    subcommittee_services.change_visibility(s2, Subcommittee.Visibility.MEMBERS, by=secretariat)
    assert client.get(forum_url(s2.forum)).status_code in (302, 403, 404)
    subcommittee_services.change_visibility(s2, Subcommittee.Visibility.PUBLIC, by=secretariat)
    assert client.get(forum_url(s2.forum)).status_code == 200


def test_member_of_suspended_organisation_loses_access(s1, member, org_a):
    from organisations.choices import OrganisationStatus

    assert can(member, "can_read_forum", s1.forum)
    org_a.status = OrganisationStatus.SUSPENDED
    org_a.save()
    from django.contrib.auth import get_user_model

    fresh = get_user_model().objects.get(pk=member.pk)
    assert not can(fresh, "can_read_forum", s1.forum)


def test_sync_is_idempotent_and_dry_run_changes_nothing(s1, member):
    assert permissions.sync_forum_permissions(s1) == []
    UserForumPermission.objects.filter(forum=s1.forum, user=member).delete()
    before = UserForumPermission.objects.count()
    changes = permissions.sync_forum_permissions(s1, dry_run=True)
    assert changes and all(f"user:{member.pk}" in change for change in changes)
    assert UserForumPermission.objects.count() == before
    permissions.sync_forum_permissions(s1)
    assert permissions.sync_forum_permissions(s1) == []


def test_stray_group_row_is_removed(s1):
    from django.contrib.auth.models import Group

    ForumPermission = get_model("forum_permission", "ForumPermission")
    group = Group.objects.create(name="誰か")
    GroupForumPermission.objects.create(
        group=group,
        forum=s1.forum,
        permission=ForumPermission.objects.get(codename="can_read_forum"),
    )
    assert any("group" in change for change in permissions.sync_forum_permissions(s1))
    assert not GroupForumPermission.objects.filter(group=group).exists()


def test_command_dry_run_by_default(s1, member, capsys):
    UserForumPermission.objects.filter(forum=s1.forum, user=member).delete()
    call_command("sync_forum_permissions")
    out = capsys.readouterr().out
    assert "dry run" in out and f"s1: grant user:{member.pk} can_read_forum" in out
    assert not UserForumPermission.objects.filter(forum=s1.forum, user=member).exists()
    call_command("sync_forum_permissions", "--apply")
    assert UserForumPermission.objects.filter(forum=s1.forum, user=member).exists()
    call_command("sync_forum_permissions")
    assert "0 change(s)" in capsys.readouterr().out


def test_coordinator_cannot_moderate_another_subcommittee(
    client, s1, s2, coordinator, other_member
):
    """IDOR: S1's coordinator swaps in S2's topic (lock, delete, move, approve)."""
    from .conftest import make_topic, reply

    topic, _post = make_topic(s2.forum, other_member, "S2の話題")
    held = reply(topic, other_member, "承認待ち", approved=False)
    client.force_login(coordinator)
    base = f"/forum/moderation/topic/{topic.slug}-{topic.pk}/"
    for action in ("lock/", "delete/", "move/", "change/sticky/"):
        assert client.get(base + action).status_code == 403
        assert client.post(base + action, {"forum": s1.forum.pk}).status_code == 403
    assert client.post(f"/forum/moderation/queue/{held.pk}/approve/").status_code == 403
    topic.refresh_from_db()
    held.refresh_from_db()
    assert topic.forum_id == s2.forum_id and not topic.is_locked and not held.approved
    # Moving an S1 topic: S2's forum is not offered as a target.
    own, _post = make_topic(s1.forum, coordinator, "S1の話題")
    response = client.get(f"/forum/moderation/topic/{own.slug}-{own.pk}/move/")
    assert response.status_code == 200
    assert f'value="{s2.forum.pk}"' not in response.content.decode()
    response = client.post(
        f"/forum/moderation/topic/{own.slug}-{own.pk}/move/", {"forum": s2.forum.pk}
    )
    own.refresh_from_db()
    assert own.forum_id == s1.forum_id
