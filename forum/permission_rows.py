"""machina's permission checker reads each member's permission rows with their user.

``ForumPermissionChecker.get_perms_for_forumlist`` (machina 1.3) loads the
``UserForumPermission`` rows with ``select_related()``, which follows only the
foreign keys that cannot be null, and then asks ``if p.user`` of each row:
one query for the user per row. forum/permissions.py writes a row for every
permission and member (about twenty per member and forum), so a member's
forum page cost twenty queries more for each forum it checked.

``install()`` (forum.apps.ready) gives the checker, in place of the model it
reads the rows from, an object whose ``objects.select_related()`` follows the
permission, as before, and the user. Only the checker's module is touched: the
model and every other reader of it are as machina made them.
"""

from types import SimpleNamespace

from machina.apps.forum_permission import checker


class _RowsWithTheirUser:
    def __init__(self, model):
        self.model = model

    def select_related(self, *fields):
        return self.model.objects.select_related(*(fields or ("permission", "user")))


def install():
    model = checker.UserForumPermission
    if isinstance(model, type):  # not installed yet
        checker.UserForumPermission = SimpleNamespace(
            objects=_RowsWithTheirUser(model), model=model
        )
