"""What members may report in the forum: a post (reports.registry).

Reviewed by the forum's moderators (a subcommittee's coordinators, whose
machina rows let them approve posts there: forum.permissions) and the
secretariat. Hiding a post is machina's own "not approved": the topic page,
feeds, search and lists already leave unapproved posts out (a topic's first
post takes the topic with it). Enough reports hide a post by themselves,
pending review (``auto_hide``).
"""

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from machina.core.db.models import get_model

from forum import access, notifications
from forum.handler import permission_handler
from organisations.access import is_secretariat
from reports.registry import ReportKind, register

Post = get_model("forum_conversation", "Post")


def moderated_forums(user):
    return permission_handler().get_moderation_queue_forums(user)


@register
class ForumPostKind(ReportKind):
    key = "forum_post"
    label = _("フォーラムの投稿")
    model = Post
    auto_hide = True

    def get(self, pk):
        return Post.objects.select_related("topic__forum", "poster").filter(pk=pk).first()

    def get_many(self, pks):
        return Post.objects.select_related("topic__forum", "poster").in_bulk(pks)

    def title(self, obj):
        return obj.subject

    def url(self, obj):
        topic = obj.topic
        path = reverse(
            "forum_conversation:topic",
            args=[topic.forum.slug, topic.forum.pk, topic.slug, topic.pk],
        )
        return f"{path}?post={obj.pk}#{obj.pk}"

    def excerpt(self, obj):
        text = strip_tags(obj.content.rendered or "")
        return Truncator(" ".join(text.split())).chars(200)

    def authors(self, obj):
        poster = obj.poster
        return [poster] if poster is not None and poster.is_active else []

    def is_own(self, user, obj):
        return obj.poster_id is not None and obj.poster_id == user.pk

    def can_see(self, user, obj):
        return access.can_see_post(user, obj)

    def can_review(self, user, obj):
        return is_secretariat(user) or permission_handler().can_approve_posts(obj.topic.forum, user)

    def reviews_any(self, user):
        return is_secretariat(user) or bool(moderated_forums(user))

    def reviewable(self, user):
        if is_secretariat(user):
            return None
        return Post.objects.filter(topic__forum__in=moderated_forums(user))

    def is_hidden(self, obj):
        return not obj.approved

    def hide(self, obj, by):
        self._approve(obj, False)

    def unhide(self, obj, by):
        self._approve(obj, True)

    def _approve(self, post, approved):
        # Not a new or held post: nobody is e-mailed about it (reports tells the poster).
        with notifications.silenced():
            post.approved = approved
            post.save()
