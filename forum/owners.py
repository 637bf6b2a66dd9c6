"""What the forum asks of the app whose objects own its forums, without importing it.

A subcommittee owns its forum (``Subcommittee.forum``), and its memberships
say who reads it and who wants e-mail about it. The forum app sits below the
subcommittees app: it imports none of it. The owning app registers a
``ForumOwner`` from its ``AppConfig.ready()``, like a Wagtail hook::

    forum.owners.register(SubcommitteeForums())

Until one is registered, no forum has an owner: nobody is notified and no
forum is closed beyond machina's own permission rows.
"""

from django.db.models import Q


class ForumOwner:
    """The questions the forum asks of the owning app.

    The forum's code and e-mails call the owning object a ``subcommittee``
    and read a membership's ``subcommittee``, ``subcommittee_id``, ``user``,
    ``notify`` ("instant", "daily", "none") and ``role`` ("coordinator", ...).
    """

    def owner_of(self, forum):
        """The object owning ``forum``, or None for a forum of its own."""
        return None

    def can_read(self, user, owner) -> bool:
        """May ``user`` read ``owner`` (and so be told about its forum's posts)?"""
        return False

    def memberships(self, user):
        """``user``'s memberships, their subcommittee loaded with them."""
        return []

    def membership(self, pk, user_id):
        """The membership ``pk`` of ``user_id`` (for an unsubscribe link), or None."""
        return None

    def closed_forums(self, user, field: str) -> Q:
        """Owned forums ``user`` may not read although machina's rows would let them,
        as a condition on ``field`` (a lookup path to a forum); ``Q()`` for none."""
        return Q()


_owner = ForumOwner()


def register(owner: ForumOwner) -> None:
    global _owner
    _owner = owner


def owner() -> ForumOwner:
    return _owner
