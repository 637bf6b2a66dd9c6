"""The subcommittees as the owners of the forums (``forum.owners``), registered in ready()."""

from django.db.models import Q

from forum.owners import ForumOwner

from . import access
from .models import Subcommittee, SubcommitteeMembership


class SubcommitteeForums(ForumOwner):
    def owner_of(self, forum):
        try:
            return forum.subcommittee
        except Subcommittee.DoesNotExist:  # a forum of its own
            return None

    def can_read(self, user, owner):
        return access.can_read(user, owner)

    def memberships(self, user):
        return SubcommitteeMembership.objects.select_related("subcommittee").filter(user=user)

    def membership(self, pk, user_id):
        return (
            SubcommitteeMembership.objects.select_related("subcommittee")
            .filter(pk=pk, user_id=user_id)
            .first()
        )

    def closed_forums(self, user, field):
        """Subcommittee forums ``user`` may not read (the site search keeps to what
        the subcommittee's pages show; machina's rows already follow the subcommittee)."""
        subcommittee_forums = Subcommittee.objects.filter(forum__isnull=False).values("forum_id")
        return Q(**{f"{field}__in": subcommittee_forums}) & ~Q(
            **{f"{field}__in": access.readable_forum_ids(user)}
        )
