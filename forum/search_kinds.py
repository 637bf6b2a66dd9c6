"""The forum's searchable kind (``search.registry``): forum posts.

Approved posts of approved topics, in forums machina lets the viewer read
(``forum.access``) and not closed by the app that owns the forum (for a
subcommittee's forum: only while the viewer may read the subcommittee,
``forum.owners``). Posts awaiting moderation are never found,
not even by their poster.
"""

from urllib.parse import urlencode

from django.db.models.signals import post_init, post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from machina.core.db.models import get_model

from forum import access, owners
from forum.models import IndexedPost
from search.registry import IndexedKind, Result, register
from search.snippets import highlight

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")


def readable_posts(request):
    """Approved posts of approved topics the viewer may read now."""
    posts = Post.objects.filter(
        approved=True,
        topic__approved=True,
        topic__forum__in=access.readable_forums(request),
    )
    closed = owners.owner().closed_forums(request.user, "topic__forum")
    return posts.exclude(closed) if closed else posts


@register
class ForumPostKind(IndexedKind):
    key = "forum"
    label = _("フォーラム")
    order = 60
    model = IndexedPost

    def readable(self, request):
        return readable_posts(request)

    def results(self, request, ids, terms):
        posts = Post.objects.select_related("topic__forum").in_bulk(ids)
        out = {}
        for pk, post in posts.items():
            topic = post.topic
            url = reverse(
                "forum_conversation:topic",
                args=[topic.forum.slug, topic.forum.pk, topic.slug, topic.pk],
            )
            out[pk] = Result(
                kind=self.key,
                title=topic.subject,
                url=f"{url}?{urlencode({'post': post.pk})}#{post.pk}",
                snippet=highlight(post.content.raw, terms),
                date=timezone.localdate(post.created),
                context=topic.forum.name,
            )
        return out

    def connect(self, schedule):
        """A topic's posts carry its subject: re-index them when it changes."""

        def topic_loaded(sender, instance, **kwargs):
            instance._search_subject = instance.__dict__.get("subject")

        def topic_saved(sender, instance, created=False, raw=False, **kwargs):
            if raw or created or instance.subject == getattr(instance, "_search_subject", None):
                return
            instance._search_subject = instance.subject
            schedule(IndexedPost, instance.posts.values_list("pk", flat=True))

        post_init.connect(topic_loaded, sender=Topic, weak=False, dispatch_uid="search-topic-init")
        post_save.connect(topic_saved, sender=Topic, weak=False, dispatch_uid="search-topic-saved")
