"""What a topic's view writes: the reader's read mark only when there is news,
and its view count once a minute.

machina's ``topic_viewed`` receiver (forum_tracking.receivers) marks the topic
read for a signed-in reader on every view: it rewrites the reader's mark and
asks whether every other topic of the forum is read, six queries and a write
each time a member opens a topic they have already read. ``install()``
(forum.apps.ready) puts a receiver in its place that first asks whether the
reader's mark is already newer than the topic's last post; only if not does
machina's handler mark it, as before.

machina also adds one to the topic's ``views_count`` (shown in the forum's
list of topics) with an ``UPDATE`` on every view: a write on a page that
only reads, and on PostgreSQL a new version of a popular topic's row each
time. ``count_view`` counts views in the cache and writes what has gathered
at most once a minute per topic (``cms.counters``, where what that costs
in accuracy is said).
"""

from django.db.models import Exists, F, OuterRef

from machina.apps.forum_conversation import receivers as conversation_receivers
from machina.apps.forum_conversation.signals import topic_viewed
from machina.apps.forum_tracking import receivers
from machina.core.db.models import get_model
from machina.core.loading import get_class

from cms import counters

ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")
Topic = get_model("forum_conversation", "Topic")


def read_marks(user):
    """Annotations for a topic's query: whether ``user``'s marks are newer than its last post.

    The topic's page reads them with the topic, instead of asking after the
    page is rendered; ``already_read`` asks them itself of a topic without.
    """
    newer = {"user": user, "mark_time__gte": OuterRef("last_post_on")}
    return {
        "reader_topic_mark": Exists(TopicReadTrack.objects.filter(topic=OuterRef("pk"), **newer)),
        "reader_forum_mark": Exists(
            ForumReadTrack.objects.filter(forum=OuterRef("forum_id"), **newer)
        ),
    }


def already_read(topic, user):
    """Whether ``user``'s mark on the topic (or on its forum) is newer than its last post."""
    if topic.last_post_on is None:
        return True
    if not hasattr(topic, "reader_topic_mark"):  # not read with the topic's page
        topic = Topic.objects.annotate(**read_marks(user)).only("pk").get(pk=topic.pk)
    return topic.reader_topic_mark or topic.reader_forum_mark


def mark_topic_read(sender, topic, user, request, response, **kwargs):
    if not user.is_authenticated or already_read(topic, user):
        return
    get_class("forum_tracking.handler", "TrackingHandler")().mark_topic_read(topic, user)


def count_view(sender, topic, **kwargs):
    """One more view of ``topic``, written with the others at most once a minute."""

    def write(gathered):
        Topic.objects.filter(pk=topic.pk).update(views_count=F("views_count") + gathered)

    counters.count(f"forum-topic-views:{topic.pk}", write)


def install():
    topic_viewed.disconnect(receivers.update_user_trackers)
    topic_viewed.disconnect(conversation_receivers.update_topic_counter)
    topic_viewed.connect(mark_topic_read, dispatch_uid="forum.viewing.mark_topic_read")
    topic_viewed.connect(count_view, dispatch_uid="forum.viewing.count_view")
