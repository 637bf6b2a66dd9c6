"""Who may see what in the forums, asked in one place.

machina's permission rows (written by forum.permissions from the
subcommittees) decide forum access; on top of that a post waiting for
approval is shown only to its poster and to the forum's moderators.
What the app owning the forums (subcommittees) adds is asked through
``forum.owners``.
"""

from machina.core.db.models import get_model

from .handler import permission_handler

Forum = get_model("forum", "Forum")


def _handler(request_or_user):
    handler = getattr(request_or_user, "forum_permission_handler", None)
    user = getattr(request_or_user, "user", request_or_user)
    return (handler or permission_handler()), user


def readable_forums(request_or_user):
    """The forums the user may read now (a queryset); the answer is kept per
    reader between requests (forum/handler.py)."""
    handler, user = _handler(request_or_user)
    return handler.get_readable_forums(Forum.objects.all(), user)


def can_read_forum(request_or_user, forum) -> bool:
    handler, user = _handler(request_or_user)
    return bool(forum) and handler.can_read_forum(forum, user)


def can_see_post(request_or_user, post) -> bool:
    """Readable forum, and approved (or the viewer is its poster or a moderator there)."""
    handler, user = _handler(request_or_user)
    forum = post.topic.forum
    if not handler.can_read_forum(forum, user):
        return False
    if post.approved and post.topic.approved:
        return True
    if user.is_authenticated and post.poster_id == user.pk:
        return True
    return handler.can_approve_posts(forum, user)


def can_see_topic(request_or_user, topic) -> bool:
    """An approved topic; a held one only for its poster and the forum's moderators.

    (Whether the forum may be read at all is machina's check, made after this.)
    """
    if topic.approved:
        return True
    handler, user = _handler(request_or_user)
    if user.is_authenticated and topic.poster_id == user.pk:
        return True
    return handler.can_approve_posts(topic.forum, user)
