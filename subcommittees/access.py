"""Who may see and do what in subcommittees (分科会): the one place these rules live.

- The secretariat (organisations.access.is_secretariat) reads and manages everything,
  inactive subcommittees included.
- An inactive subcommittee is invisible to everybody else.
- A public subcommittee (and its forum) is readable by anyone; a members-only one
  only by its members.
- A member of a subcommittee counts only while they are staff of an active member
  organisation: when their organisation is suspended or leaves, they lose access
  at once, though their membership row stays.
- Members post; coordinators (世話人) are members with the coordinator role and
  manage requests, invitations, members and meeting records.

Nothing here is cached between calls: a removal or a change of visibility takes
effect from the next check.
"""

from django.db.models import Q

from cms import page_cache
from organisations import access as org_access

from .models import MeetingRecord, MembershipRole, Subcommittee, SubcommitteeMembership


def membership(user, subcommittee):
    """The user's SubcommitteeMembership while it counts (org still an active member), else None."""
    if not user.is_authenticated or not org_access.is_member(user):
        return None
    return SubcommitteeMembership.objects.filter(subcommittee=subcommittee, user=user).first()


def is_subcommittee_member(user, subcommittee):
    return membership(user, subcommittee) is not None


def is_coordinator(user, subcommittee):
    found = membership(user, subcommittee)
    return bool(found and found.role == MembershipRole.COORDINATOR and subcommittee.is_active)


def can_read(user, subcommittee):
    """Read the subcommittee's page, its forum and its public meeting records."""
    if org_access.is_secretariat(user):
        return True
    if not subcommittee.is_active:
        return False
    if subcommittee.visibility == Subcommittee.Visibility.PUBLIC:
        return True
    return is_subcommittee_member(user, subcommittee)


def can_post(user, subcommittee):
    """Start topics and reply in its forum: its (current) members only."""
    return subcommittee.is_active and is_subcommittee_member(user, subcommittee)


def can_manage(user, subcommittee):
    """Accept requests, invite and remove members, keep meeting records."""
    return org_access.is_secretariat(user) or is_coordinator(user, subcommittee)


def can_discover(user, subcommittee):
    """Know that the subcommittee exists (its name and theme) and ask to join.

    Everyone who can read it; besides, staff of active member organisations see
    members-only subcommittees that they may join or request to join, by name and
    theme only. A members-only subcommittee that is joined by invitation only is
    invisible to non-members (except to the person holding a pending invitation).
    """
    if can_read(user, subcommittee):
        return True
    if not subcommittee.is_active or not org_access.is_member(user):
        return False
    if subcommittee.join_policy != Subcommittee.JoinPolicy.INVITATION:
        return True
    return subcommittee.invitations.filter(user=user, status="pending").exists()


def can_join(user, subcommittee):
    """Join at once (open policy): an active member's staff who is not in it yet."""
    return (
        subcommittee.is_active
        and subcommittee.join_policy == Subcommittee.JoinPolicy.OPEN
        and org_access.is_member(user)
        and not is_subcommittee_member(user, subcommittee)
    )


def can_request(user, subcommittee):
    return (
        subcommittee.is_active
        and subcommittee.join_policy == Subcommittee.JoinPolicy.REQUEST
        and org_access.is_member(user)
        and not is_subcommittee_member(user, subcommittee)
    )


def can_change_visibility(user, subcommittee):
    """Visibility, join policy and coordinators are the secretariat's decision."""
    return org_access.is_secretariat(user)


def can_read_meeting(user, meeting):
    subcommittee = meeting.subcommittee
    if not can_read(user, subcommittee):
        return False
    if meeting.visibility == MeetingRecord.Visibility.PUBLIC:
        return True
    return org_access.is_secretariat(user) or is_subcommittee_member(user, subcommittee)


def readable_meetings(user, subcommittee):
    """The subcommittee's meeting records this user may read (empty if it is unreadable)."""
    meetings = subcommittee.meetings.all()
    if not can_read(user, subcommittee):
        return meetings.none()
    if org_access.is_secretariat(user) or is_subcommittee_member(user, subcommittee):
        return meetings
    return meetings.filter(visibility=MeetingRecord.Visibility.PUBLIC)


def _member_subcommittee_ids(user):
    if not user.is_authenticated or not org_access.is_member(user):
        return []
    return SubcommitteeMembership.objects.filter(user=user).values_list(
        "subcommittee_id", flat=True
    )


def readable_subcommittees(user):
    """Every subcommittee this user may read, as a queryset."""
    if org_access.is_secretariat(user):
        return Subcommittee.objects.all()
    return Subcommittee.objects.filter(is_active=True).filter(
        Q(visibility=Subcommittee.Visibility.PUBLIC) | Q(pk__in=_member_subcommittee_ids(user))
    )


def discoverable_subcommittees(user):
    """The subcommittees /subcommittees/ lists to this user (see can_discover)."""
    if org_access.is_secretariat(user):
        return Subcommittee.objects.all()
    readable = Q(visibility=Subcommittee.Visibility.PUBLIC) | Q(
        pk__in=_member_subcommittee_ids(user)
    )
    if org_access.is_member(user):
        readable |= ~Q(join_policy=Subcommittee.JoinPolicy.INVITATION)
        readable |= Q(invitations__user=user, invitations__status="pending")
    return Subcommittee.objects.filter(is_active=True).filter(readable).distinct()


def readable_forum_ids(user):
    """The ids of the machina forums of the subcommittees this user may read.

    Only forums that belong to a subcommittee are covered: the forum app decides
    about forums of its own.
    """
    # Kept per reader until the page cache's version moves (subcommittees,
    # their memberships, users and groups move it): the site search asks it
    # on every query.
    return set(
        page_cache.memo(
            ("subcommittee-forums", getattr(user, "pk", None)),
            lambda: frozenset(
                readable_subcommittees(user)
                .filter(forum__isnull=False)
                .values_list("forum_id", flat=True)
            ),
        )
    )
