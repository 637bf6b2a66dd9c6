"""Our replacements for machina views that leak (ARCHITECTURE.md, SECURITY.md).

forum/urls.py mounts these at machina's own paths, before machina's URLs, so
machina's templates and ``{% url %}`` names keep working.

Note: machina's class loader looks in *this* package for overrides of its own
``forum`` app (``get_class("forum.views", ...)``), because our app's module is
called ``forum`` too. So no class here may be named like one of machina's
``forum.views`` classes (IndexView, ForumView).
"""

from urllib.parse import urlencode

from django.core import signing
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache

from machina.apps.forum_conversation.views import (
    PostCreateView,
    PostUpdateView,
    TopicCreateView,
    TopicUpdateView,
    TopicView,
)
from machina.apps.forum_feeds.feeds import LastTopicsFeed
from machina.apps.forum_member.views import TopicSubscriptionListView, UserPostsView
from machina.core.db.models import get_model

from cms import page_cache
from forum import access, viewing
from forum.attachments import AttachmentFormset, content_type_for
from forum.topic_types import PlainTopicForm
from reports.services import may_report_anything
from search.views import MAX_QUERY

Attachment = get_model("forum_attachments", "Attachment")
Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")


# --- Lists ------------------------------------------------------------------


class MemberPostsView(UserPostsView):
    """A member's posts: only approved posts of approved topics in readable forums."""

    def get_queryset(self):
        forums = access.readable_forums(self.request)
        return (
            Post.approved_objects.select_related(
                "topic", "topic__forum", "poster__membership__organisation"
            )
            .prefetch_related("poster__forum_profile")
            .filter(poster=self.poster, topic__approved=True, topic__forum__in=forums)
            .order_by("-created")
        )


class SubscriptionListView(TopicSubscriptionListView):
    """The user's topic subscriptions, limited to topics they may still read."""

    def get_queryset(self):
        forums = access.readable_forums(self.request)
        return (
            self.request.user.topic_subscriptions.filter(approved=True, forum__in=forums)
            .select_related("forum", "poster", "last_post", "last_post__poster")
            .order_by("-last_post_on", "-pk")
        )


class TopicsFeed(LastTopicsFeed):
    """Latest topics: approved topics of readable forums; an unreadable forum is a 404."""

    title = _("フォーラムの新しいトピック")
    description = _("つながりネット フォーラムで最近更新されたトピック")
    description_template = "forum/feeds/topic_description.html"

    def get_object(self, request, *args, **kwargs):
        # machina reads forum 0 as "no forum given" and serves every forum's feed.
        if kwargs.get("forum_pk") == 0:
            raise Http404
        super().get_object(request, *args, **kwargs)
        if kwargs.get("forum_pk") and not self.forums.exists():
            raise Http404

    def items(self):
        return (
            Topic.approved_objects.filter(forum__in=self.forums)
            .select_related("forum", "last_post")
            .order_by("-last_post_on")[:30]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = kwargs.get("item")
        last_post = getattr(item, "last_post", None)
        context["last_post"] = last_post if last_post is not None and last_post.approved else None
        return context


# --- A topic ----------------------------------------------------------------------


class HeldAwareTopicView(TopicView):
    """machina's topic page, except that a topic held for moderation is a 404.

    machina hides a held topic from the forum's list but still renders its
    page (subject included) for anyone who may read the forum. Here only its
    poster and the forum's moderators open it until it is approved.
    """

    def get_topic(self):
        if not hasattr(self, "topic"):
            # machina's query, with the topic's poll (or its absence) in it;
            # then whether the reader follows the topic, wrote in it, and has
            # read it since its last post (forum/viewing.py).
            topics = Topic.objects.select_related("forum", "poll")
            user = self.request.user
            topic = get_object_or_404(topics, pk=self.kwargs["pk"])
            if not access.can_see_topic(self.request, topic):
                raise Http404
            if user.is_authenticated:
                viewing.reader_facts(topic, user)
                # machina's ``has_subscriber`` reads every follower into
                # ``_subscribers``; the page asks only about its reader.
                topic._subscribers = [user] if topic.reader_follows else []
            self.topic = topic
        return self.topic

    def get_queryset(self):
        """machina's posts, with what a post's part needs when it is rendered.

        With parts kept (forum/post_bodies.py) a member's page renders only
        each post's tools, which need no poster: the posts come alone, and a
        post whose part is missing gets its poster, organisation,
        attachments and profile then. Without them every part is rendered,
        and the posters and organisations come in the same query.
        """
        posts = super().get_queryset().prefetch_related(None)
        if page_cache.fragments_enabled():
            return posts.select_related(None)
        return posts.select_related("poster__membership__organisation")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["posts_kept_as"] = self.posts_kept_as()
        return context

    def posts_kept_as(self) -> str:
        """Who sees this page's posts as the reader does: their {% fragment %}'s key part.

        Visitors only read (forum/permissions.py), so every visitor sees the
        same posts. A signed-in reader's posts carry tools (edit, delete,
        report) that follow from what they may do in the forum (their
        permission codenames there, whether they are a superuser, whether
        they may report) and, on posts they wrote, from who they are. So a
        reader who wrote none of the topic's posts shares the kept posts
        with every reader who may do the same; one who wrote some keeps
        their own. Any change of permissions, roles, posts or the topic
        moves the page cache's version.
        """
        user = self.request.user
        if not user.is_authenticated:
            return "visitor"
        topic = self.get_topic()
        codenames = self.request.forum_permission_handler.codenames_in(topic.forum, user)
        return "reader|{}|{}|{}|{}".format(
            int(user.is_superuser),
            int(may_report_anything(user)),
            user.pk if topic.reader_wrote else "",
            ",".join(sorted(codenames)),
        )


# --- Attachments --------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class AttachmentDownloadView(View):
    """Serve an attachment only to someone who may read its post.

    The post must be approved (its poster and the forum's moderators may see a
    post waiting for approval), the forum readable and downloads allowed there.
    Every refusal is the same 404, so ids cannot be probed.
    """

    def get(self, request, pk):
        attachment = get_object_or_404(
            Attachment.objects.select_related("post__topic__forum", "post__poster"), pk=pk
        )
        if not access.can_see_post(request, attachment.post):
            raise Http404
        forum = attachment.post.topic.forum
        if not request.forum_permission_handler.can_download_files(forum, request.user):
            raise Http404
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, OSError) as error:
            raise Http404 from error
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.filename,
            content_type=content_type_for(attachment.file.name),
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response


# --- Post forms with our attachment checks ----------------------------------


class _SafeAttachments:
    attachment_formset_class = AttachmentFormset


class _HeldPostMessages:
    """A held post's poster is told, in one plain story, that it waits for the coordinator.

    machina says "posted" and then "shown once approved", on the forum page
    whose list does not show the held topic. The post form sets ``approved``
    from the same permission asked here.
    """

    held_success_message = _("投稿を受け付けました。")
    approval_required_message = _("世話人が承認すると、分科会の参加者に表示されます。")

    def form_valid(self, post_form, *args, **kwargs):
        if not post_form.perm_handler.can_post_without_approval(post_form.forum, post_form.user):
            self.success_message = self.held_success_message
        return super().form_valid(post_form, *args, **kwargs)


class SafeTopicCreateView(_HeldPostMessages, _SafeAttachments, TopicCreateView):
    post_form_class = PlainTopicForm


class SafeTopicUpdateView(_SafeAttachments, TopicUpdateView):
    post_form_class = PlainTopicForm


class SafePostCreateView(_HeldPostMessages, _SafeAttachments, PostCreateView):
    pass


class SafePostUpdateView(_SafeAttachments, PostUpdateView):
    pass


# --- Search -------------------------------------------------------------------


def forum_search(request):
    """/forum/search/?q=… → the site search narrowed to the forum, in the same language.

    machina's own search filters on what was indexed, not on who asks now;
    the site search decides at query time (the ``forum`` kind,
    ``forum/search_kinds.py``).
    """
    params = {"kind": "forum"}
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    if query:
        params["q"] = query
    return redirect(f"{reverse('search')}?{urlencode(params)}")


class ForumSearchView(View):
    """Forum search straight from the database, filtered at query time.

    machina's haystack search filters on the forum recorded at index time;
    this one only ever looks at approved posts of forums the visitor may read
    now.
    """

    template_name = "forum/search.html"
    max_results = 50

    def get(self, request):
        query = " ".join(request.GET.get("q", "").split())[:200]
        results = []
        if query:
            forums = access.readable_forums(request)
            condition = Q()
            for word in query.split(" ")[:8]:
                condition &= Q(subject__icontains=word) | Q(content__icontains=word)
            results = list(
                Post.approved_objects.filter(
                    condition, topic__approved=True, topic__forum__in=forums
                )
                .select_related("topic", "topic__forum", "poster")
                .order_by("-created")[: self.max_results]
            )
        return render(request, self.template_name, {"query": query, "results": results})


# --- Unsubscribe (no login needed) -----------------------------------------


class UnsubscribeView(View):
    """One-click unsubscribe from a subcommittee's forum e-mails (signed link)."""

    template_name = "forum/unsubscribe.html"

    def _membership(self, token):
        from forum.notifications import read_unsubscribe_token

        try:
            return read_unsubscribe_token(token)
        except signing.BadSignature as error:
            raise Http404 from error

    def get(self, request, token):
        membership = self._membership(token)
        return render(request, self.template_name, {"membership": membership, "done": False})

    def post(self, request, token):
        membership = self._membership(token)
        if membership.notify != "none":
            membership.notify = "none"
            membership.save(update_fields=["notify"])
        return render(request, self.template_name, {"membership": membership, "done": True})
