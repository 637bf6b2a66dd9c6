"""The forum's row of the admin dashboard's 確認待ち panel (cms/waiting.py):
posts held for moderation in the forums this user may approve posts in."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from machina.core.db.models import get_model

from cms import waiting

from .handler import permission_handler

Post = get_model("forum_conversation", "Post")


def held_posts(user):
    if not user.is_authenticated:
        return None
    forums = permission_handler().get_moderation_queue_forums(user)
    if not forums:
        return None
    return Post.objects.filter(approved=False, topic__forum__in=forums).count()


def register():
    waiting.register(
        "forum_posts",
        label=_("承認待ちの投稿"),
        count=held_posts,
        url=lambda: reverse("forum_moderation:queue"),
        order=30,
    )
