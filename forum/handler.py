"""machina's permission handler, with each reader's answers kept between requests.

machina works out a reader's forum permissions from the rows of
``forum_permission``: the reader's own rows, their groups' rows and those for
every signed-in user, for the forums asked about. It asks the database each
time, and a topic's page asks up to four times (may read, may reply, may
moderate, which forums may be moderated), besides walking every forum for the
menu's moderation link.

Here both kinds of answer are kept per reader (one entry for all visitors)
until the page cache's version moves (cms.page_cache.memo):

* the permission codenames a reader holds in each forum asked about
  (``KeptPermissionChecker.get_perms_for_forumlist``), which every
  ``can_*`` check ends in;
* the ids of the forums where a reader holds a set of permissions
  (``KeptPermissionHandler._granted_forum_ids``): the readable forums,
  the visible ones, the moderation queue's.

Any save or delete of a forum, a permission row, a user or a group moves the
version, and so does a change of who belongs to which group (an m2m change);
forum/permissions.py, which writes the rows in bulk, moves it itself. Without
a shared cache the answers are kept for the request only, as machina does.
A superuser's answers are machina's, unkept: they hold every permission.

The request's handler is this one (forum/middleware.py); so is the one our
code makes outside a request (``permission_handler()``).
"""

from collections import OrderedDict

from django.db import models

from machina.apps.forum_permission.checker import ForumPermissionChecker
from machina.apps.forum_permission.handler import PermissionHandler
from machina.core.db.models import get_model

from cms import page_cache

Forum = get_model("forum", "Forum")


def _reader_key(user):
    """Whose answers: a signed-in user's own, or every visitor's."""
    return None if user.is_anonymous else user.pk


class KeptPermissionChecker(ForumPermissionChecker):
    def get_perms_for_forumlist(self, forums, perm_codenames=None):
        forums = list(forums)
        if self.user.is_superuser:
            return super().get_perms_for_forumlist(forums, perm_codenames)
        ids = tuple(forum.pk if forum else None for forum in forums)

        def build():
            found = super(KeptPermissionChecker, self).get_perms_for_forumlist(
                forums, perm_codenames
            )
            return {
                (forum.pk if forum else None): frozenset(codes) for forum, codes in found.items()
            }

        kept = page_cache.memo(
            ("forum-perms", _reader_key(self.user), ids, tuple(perm_codenames or ())), build
        )
        pairs = zip(forums, ids, strict=True)
        return OrderedDict((forum, set(kept[forum_id])) for forum, forum_id in pairs)


class KeptPermissionHandler(PermissionHandler):
    def _get_checker(self, user):
        key = user.id if not user.is_anonymous else "anonymous"
        checker = self._user_perm_checkers_cache.get(key)
        if checker is None:
            checker = self._user_perm_checkers_cache[key] = KeptPermissionChecker(user)
        return checker

    def _granted_forum_ids(self, user, perm_codenames, use_tree_hierarchy=False):
        """The ids of the forums where ``user`` holds all of ``perm_codenames``."""

        def build():
            granted = super(KeptPermissionHandler, self)._get_forums_for_user(
                user, list(perm_codenames), use_tree_hierarchy=use_tree_hierarchy
            )
            return frozenset(forum.pk for forum in granted)

        return page_cache.memo(
            ("forum-granted", _reader_key(user), tuple(perm_codenames), use_tree_hierarchy),
            build,
        )

    def _get_forums_for_user(self, user, perm_codenames, use_tree_hierarchy=False):
        if user.is_superuser:
            return super()._get_forums_for_user(user, perm_codenames, use_tree_hierarchy)
        ids = self._granted_forum_ids(user, perm_codenames, use_tree_hierarchy)
        return Forum.objects.filter(id__in=ids)

    # machina's callers below turn the forums back into ids; these skip the round trip.

    def get_readable_forums(self, forums, user):
        if user.is_superuser:
            return forums
        ids = self._granted_forum_ids(user, ["can_read_forum"], use_tree_hierarchy=True)
        if isinstance(forums, (models.Manager, models.QuerySet)):
            return forums.filter(id__in=ids)
        return [forum for forum in forums if forum.pk in ids]

    def _get_hidden_forum_ids(self, forums, user):
        ids = self._granted_forum_ids(
            user, ["can_see_forum", "can_read_forum"], use_tree_hierarchy=True
        )
        return forums.exclude(id__in=ids)

    def codenames_in(self, forum, user) -> frozenset[str]:
        """The permission codenames ``user`` holds in ``forum``, as every check reads them."""
        return frozenset(self._get_checker(user).get_perms(forum))

    def _is_post_author(self, post, user):
        """machina's, from the post's poster id: a member's tools read no poster row."""
        if user.is_authenticated:
            return post.poster_id is not None and post.poster_id == user.pk
        return super()._is_post_author(post, user)

    def can_access_moderation_queue(self, user):
        if user.is_superuser:
            return super().can_access_moderation_queue(user)
        return bool(self._granted_forum_ids(user, ["can_approve_posts"]))


def permission_handler():
    """A handler for code that runs outside a request (tasks, the admin's panels)."""
    return KeptPermissionHandler()
