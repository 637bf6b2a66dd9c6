"""machina's forum permission rows, derived from a subcommittee.

The subcommittee (its visibility and memberships) is the only source of truth
for who may read and post in its forum. ``sync_forum_permissions`` rewrites
machina's ``UserForumPermission`` / ``GroupForumPermission`` rows of that forum
to match, in the caller's transaction, so a change takes effect on the next
request.

Rules:

- public: anonymous visitors and every signed-in user see and read the forum
  (and download its attachments); members also post, reply, attach and vote;
- members-only: only its members see, read and post;
- coordinators moderate (approve, lock, move, delete, pin, edit others' posts);
- every permission not granted is written as an explicit *denied* row for
  anonymous visitors, for all signed-in users and for each member, so nothing
  is inherited from global rows or from
  ``MACHINA_DEFAULT_AUTHENTICATED_USER_FORUM_PERMISSIONS``;
- an inactive subcommittee's forum is closed to everyone but the secretariat;
- the secretariat's groups (those holding organisations.access'
  SECRETARIAT_PERMISSION) read and moderate every subcommittee forum; any
  other group row on such a forum is removed (it would let non-members in).

Members count only while their organisation is an active member (as in
subcommittees.access); subcommittees.forum_sync re-syncs when that changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

from machina.core.db.models import get_model

from cms import page_cache

Forum = get_model("forum", "Forum")
ForumPermission = get_model("forum_permission", "ForumPermission")
GroupForumPermission = get_model("forum_permission", "GroupForumPermission")
UserForumPermission = get_model("forum_permission", "UserForumPermission")

# Every codename machina knows (machina.apps.forum_permission.defaults).
ALL_PERMISSIONS = (
    "can_see_forum",
    "can_read_forum",
    "can_start_new_topics",
    "can_reply_to_topics",
    "can_post_announcements",
    "can_post_stickies",
    "can_delete_own_posts",
    "can_edit_own_posts",
    "can_post_without_approval",
    "can_create_polls",
    "can_vote_in_polls",
    "can_attach_file",
    "can_download_file",
    "can_lock_topics",
    "can_move_topics",
    "can_edit_posts",
    "can_delete_posts",
    "can_approve_posts",
    "can_reply_to_locked_topics",
)

READER_PERMISSIONS = frozenset({"can_see_forum", "can_read_forum", "can_download_file"})

MEMBER_PERMISSIONS = READER_PERMISSIONS | {
    "can_start_new_topics",
    "can_reply_to_topics",
    "can_edit_own_posts",
    "can_delete_own_posts",
    "can_create_polls",
    "can_vote_in_polls",
    "can_attach_file",
}

COORDINATOR_PERMISSIONS = MEMBER_PERMISSIONS | {
    "can_post_without_approval",
    "can_post_announcements",
    "can_post_stickies",
    "can_lock_topics",
    "can_move_topics",
    "can_edit_posts",
    "can_delete_posts",
    "can_approve_posts",
    "can_reply_to_locked_topics",
}

ANONYMOUS = ("anonymous", None)
AUTHENTICATED = ("authenticated", None)


@dataclass(frozen=True)
class Change:
    action: str  # "grant", "deny", "update", "delete"
    target: str
    codename: str
    has_perm: bool | None

    def __str__(self):
        value = "" if self.has_perm is None else ("=yes" if self.has_perm else "=no")
        return f"{self.action} {self.target} {self.codename}{value}"


# --- Reading the subcommittee (tolerant of the model's exact shape) ---------


def is_public(subcommittee) -> bool:
    return getattr(subcommittee, "visibility", "members") == "public"


def moderates_new_posts(subcommittee) -> bool:
    """Whether members' posts wait for a coordinator's approval."""
    for name in ("moderate_posts", "posts_require_approval", "require_post_approval"):
        value = getattr(subcommittee, name, None)
        if value is not None:
            return bool(value)
    return False


def _membership_counts(membership) -> bool:
    """A current membership: an active user on the staff of an active member organisation.

    (subcommittees.access counts a membership only while the member's
    organisation is an active member; the rows follow the same rule.)
    """
    user = getattr(membership, "user", None)
    if user is None or not user.is_active:
        return False
    if getattr(membership, "is_active", True) is False:
        return False
    from organisations import access as org_access

    return org_access.is_member(user)


def member_roles(subcommittee) -> dict[int, str]:
    """user id → "member" or "coordinator" for the subcommittee's current members."""
    memberships = getattr(subcommittee, "memberships", None)
    if memberships is None or subcommittee.pk is None:
        return {}
    if getattr(subcommittee, "is_active", True) is False:
        return {}
    roles = {}
    for membership in memberships.select_related("user"):
        if not _membership_counts(membership):
            continue
        role = getattr(membership, "role", "member")
        if roles.get(membership.user_id) != "coordinator":
            roles[membership.user_id] = role
    return roles


def secretariat_group_ids() -> set[int]:
    """Groups whose members are the secretariat (organisations.access.SECRETARIAT_PERMISSION)."""
    from organisations.access import SECRETARIAT_PERMISSION

    app_label, codename = SECRETARIAT_PERMISSION.split(".")
    return set(
        Group.objects.filter(
            permissions__content_type__app_label=app_label, permissions__codename=codename
        ).values_list("pk", flat=True)
    )


# --- Desired and current rows ----------------------------------------------


def desired_permissions(subcommittee) -> dict[tuple, dict[str, bool]]:
    """target → {codename: has_perm} for every target with rows on the forum."""
    active = getattr(subcommittee, "is_active", True) is not False
    public = is_public(subcommittee) and active
    reader = READER_PERMISSIONS if public else frozenset()
    member = set(MEMBER_PERMISSIONS)
    if not moderates_new_posts(subcommittee):
        member.add("can_post_without_approval")

    def row(granted):
        return {codename: codename in granted for codename in ALL_PERMISSIONS}

    desired = {ANONYMOUS: row(reader), AUTHENTICATED: row(reader)}
    for user_id, role in member_roles(subcommittee).items():
        granted = COORDINATOR_PERMISSIONS if role == "coordinator" else member
        desired[("user", user_id)] = row(granted)
    # The secretariat reads and moderates every forum, inactive ones included.
    for group_id in secretariat_group_ids():
        desired[("group", group_id)] = row(COORDINATOR_PERMISSIONS)
    return desired


def _target_of(row) -> tuple:
    if row.anonymous_user:
        return ANONYMOUS
    if row.authenticated_user:
        return AUTHENTICATED
    return ("user", row.user_id)


def _label(target) -> str:
    kind, target_id = target
    return kind if target_id is None else f"{kind}:{target_id}"


# --- Public API --------------------------------------------------------------


def sync_forum_permissions(subcommittee, dry_run: bool = False) -> list[str]:
    """Make the forum's permission rows match the subcommittee; return the changes."""
    forum = getattr(subcommittee, "forum", None)
    if forum is None:
        return []
    with transaction.atomic():
        changes = _sync(subcommittee, forum, dry_run)
    return [str(change) for change in changes]


def _sync(subcommittee, forum, dry_run) -> list[Change]:
    permissions = dict(ForumPermission.objects.values_list("codename", "pk"))
    missing = set(ALL_PERMISSIONS) - set(permissions)
    if missing and not dry_run:
        for codename in missing:
            permissions[codename] = ForumPermission.objects.get_or_create(codename=codename)[0].pk
    codename_of = {pk: codename for codename, pk in permissions.items()}

    desired = desired_permissions(subcommittee)
    changes: list[Change] = []
    to_create, to_update, to_delete = [], [], []

    existing = {}
    rows = UserForumPermission.objects.filter(forum=forum)
    if not dry_run:
        rows = rows.select_for_update()
    for row in rows:
        target = _target_of(row)
        codename = codename_of.get(row.permission_id)
        key = (target, codename)
        wanted = desired.get(target, {}).get(codename)
        if wanted is None or key in existing:
            to_delete.append(row.pk)
            changes.append(Change("delete", _label(target), codename, None))
            continue
        existing[key] = row
        if row.has_perm != wanted:
            row.has_perm = wanted
            to_update.append(row)
            changes.append(Change("update", _label(target), codename, wanted))

    for target, perms in desired.items():
        if target[0] == "group":
            continue
        for codename, has_perm in perms.items():
            if (target, codename) in existing:
                continue
            kind, user_id = target
            to_create.append(
                UserForumPermission(
                    forum=forum,
                    permission_id=permissions.get(codename),
                    has_perm=has_perm,
                    anonymous_user=kind == "anonymous",
                    authenticated_user=kind == "authenticated",
                    user_id=user_id,
                )
            )
            changes.append(
                Change("grant" if has_perm else "deny", _label(target), codename, has_perm)
            )

    group_existing = {}
    group_delete, group_update, group_create = [], [], []
    rows = GroupForumPermission.objects.filter(forum=forum)
    if not dry_run:
        rows = rows.select_for_update()
    for row in rows:
        target = ("group", row.group_id)
        codename = codename_of.get(row.permission_id)
        wanted = desired.get(target, {}).get(codename)
        if wanted is None or (target, codename) in group_existing:
            group_delete.append(row.pk)
            changes.append(Change("delete", _label(target), codename, None))
            continue
        group_existing[(target, codename)] = row
        if row.has_perm != wanted:
            row.has_perm = wanted
            group_update.append(row)
            changes.append(Change("update", _label(target), codename, wanted))
    for target, perms in desired.items():
        if target[0] != "group":
            continue
        for codename, has_perm in perms.items():
            if (target, codename) in group_existing:
                continue
            group_create.append(
                GroupForumPermission(
                    forum=forum,
                    permission_id=permissions.get(codename),
                    has_perm=has_perm,
                    group_id=target[1],
                )
            )
            changes.append(
                Change("grant" if has_perm else "deny", _label(target), codename, has_perm)
            )

    if not dry_run:
        if to_delete:
            UserForumPermission.objects.filter(pk__in=to_delete).delete()
        if group_delete:
            GroupForumPermission.objects.filter(pk__in=group_delete).delete()
        if group_update:
            GroupForumPermission.objects.bulk_update(group_update, ["has_perm"])
        if group_create:
            GroupForumPermission.objects.bulk_create(group_create)
        if to_update:
            UserForumPermission.objects.bulk_update(to_update, ["has_perm"])
        if to_create:
            UserForumPermission.objects.bulk_create(to_create)
        if changes:
            # Bulk writes send no signal: what is kept per reader (the forums
            # they may read, forum/access.py) must not outlive them.
            page_cache.content_changed()
    return changes


def ensure_forum(subcommittee):
    """The subcommittee's machina forum, created (with its permissions) if missing."""
    with transaction.atomic():
        forum = getattr(subcommittee, "forum", None)
        name = str(getattr(subcommittee, "name", "") or "")[:100]
        if forum is None:
            forum = Forum.objects.create(name=name or "forum", type=Forum.FORUM_POST)
            subcommittee.forum = forum
            subcommittee.save(update_fields=["forum"])
        elif name and forum.name != name:
            forum.name = name
            forum.save()
        sync_forum_permissions(subcommittee)
    return forum
