"""machina's moderation views, each writing one entry in the audit log (cms/audit.py).

forum/urls.py mounts these at machina's own paths (before machina's URLs,
behind ``guard`` like every forum view). Each entry is logged against the
topic or post acted on, by the person who acted, with the forum and the
client's IP address in its data; the secretariat reads them in Site history
(labels in forum/wagtail_hooks.py). machina does the work: the subclasses only
record, after it succeeded, or, for deletions, in the same transaction just
before the row goes.

(No class here may be named like one of machina's ``forum.views`` classes:
see forum/views.py.)
"""

from django.db import transaction

from machina.apps.forum_conversation.views import PostDeleteView
from machina.apps.forum_moderation.views import (
    PostApproveView,
    PostDisapproveView,
    TopicDeleteView,
    TopicLockView,
    TopicMoveView,
    TopicUnlockView,
    TopicUpdateToAnnounceView,
    TopicUpdateToNormalTopicView,
    TopicUpdateToStickyTopicView,
)

from cms import audit

TOPIC_LOCKED = "forum.topic_locked"
TOPIC_UNLOCKED = "forum.topic_unlocked"
TOPIC_MOVED = "forum.topic_moved"
TOPIC_DELETED = "forum.topic_deleted"
TOPIC_TYPE_CHANGED = "forum.topic_type_changed"
POST_APPROVED = "forum.post_approved"
POST_DISAPPROVED = "forum.post_disapproved"
POST_DELETED = "forum.post_deleted"


def _forum_data(forum):
    return {"forum_id": forum.pk, "forum_name": forum.name}


def record_topic(action, topic, request, **data):
    audit.record(action, topic, request=request, data={**_forum_data(topic.forum), **data})


def record_post(action, post, request, **data):
    audit.record(
        action,
        post,
        request=request,
        data={
            **_forum_data(post.topic.forum),
            "topic_id": post.topic_id,
            "topic_subject": post.topic.subject,
            "poster_id": post.poster_id,
            **data,
        },
    )


class AuditedTopicLockView(TopicLockView):
    def lock(self, request, *args, **kwargs):
        response = super().lock(request, *args, **kwargs)
        record_topic(TOPIC_LOCKED, self.object, request)
        return response


class AuditedTopicUnlockView(TopicUnlockView):
    def unlock(self, request, *args, **kwargs):
        response = super().unlock(request, *args, **kwargs)
        record_topic(TOPIC_UNLOCKED, self.object, request)
        return response


class AuditedTopicDeleteView(TopicDeleteView):
    def form_valid(self, form):
        with transaction.atomic():
            record_topic(TOPIC_DELETED, self.object, self.request)
            return super().form_valid(form)


class AuditedTopicMoveView(TopicMoveView):
    def form_valid(self, form):
        source = self.object.forum
        response = super().form_valid(form)
        record_topic(
            TOPIC_MOVED,
            self.object,
            self.request,
            from_forum_id=source.pk,
            from_forum_name=source.name,
            locked=bool(form.cleaned_data.get("lock_topic")),
        )
        return response


class TopicTypeAuditMixin:
    def update_type(self, request, *args, **kwargs):
        response = super().update_type(request, *args, **kwargs)
        record_topic(TOPIC_TYPE_CHANGED, self.object, request, topic_type=self.target_type)
        return response


class AuditedTopicToNormalView(TopicTypeAuditMixin, TopicUpdateToNormalTopicView):
    pass


class AuditedTopicToStickyView(TopicTypeAuditMixin, TopicUpdateToStickyTopicView):
    pass


class AuditedTopicToAnnounceView(TopicTypeAuditMixin, TopicUpdateToAnnounceView):
    pass


class AuditedPostApproveView(PostApproveView):
    def approve(self, request, *args, **kwargs):
        response = super().approve(request, *args, **kwargs)
        record_post(POST_APPROVED, self.object, request)
        return response


class AuditedPostDisapproveView(PostDisapproveView):
    """machina's "disapprove" deletes the held post (with its topic, if it was alone)."""

    def disapprove(self, request, *args, **kwargs):
        post = self.get_object()
        with transaction.atomic():
            record_post(POST_DISAPPROVED, post, request, topic_deleted=post.is_alone)
            return super().disapprove(request, *args, **kwargs)


class AuditedPostDeleteView(PostDeleteView):
    """A post deleted by a moderator, or by its own author (``own`` in the data)."""

    def form_valid(self, form):
        post = self.object
        with transaction.atomic():
            record_post(
                POST_DELETED,
                post,
                self.request,
                own=post.poster_id is not None and post.poster_id == self.request.user.pk,
                topic_deleted=post.is_alone,
            )
            return super().form_valid(form)
