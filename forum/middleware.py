"""machina's permission middleware, without a session for every visitor.

machina's ``ForumPermissionMiddleware`` gives each anonymous visitor a random
"forum key" and stores it in the session, so every page view by anyone
signed out wrote a session row and set a ``sessionid`` cookie (and no shared
cache could keep a public page). The key only identifies an anonymous poster
or poll voter, and here nobody posts or votes without an account (every
forum's anonymous permissions are read-only, forum/permissions.py). So a
visitor signed out gets the key their session already holds, if any, and
otherwise none; machina treats a missing key as "not the author, may not
vote" (forum_permission.handler).

The request's permission handler keeps each reader's answers between
requests (forum/handler.py).
"""

from machina.apps.forum_permission.middleware import (
    ForumPermissionMiddleware as MachinaForumPermissionMiddleware,
)

from .handler import KeptPermissionHandler


class ForumPermissionMiddleware(MachinaForumPermissionMiddleware):
    def process_request(self, request):
        if not request.user.is_authenticated:
            # Reading a session that does not exist creates nothing.
            request.user.forum_key = request.session.get(self.anonymous_forum_key_session_id)
        request.forum_permission_handler = KeptPermissionHandler()
