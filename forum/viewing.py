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
at most once a minute per topic, on the first view after that minute. A
topic nobody opens again keeps up to a minute's views unwritten, and views
counted while the cache is down, or lost with it, are not counted.
"""

from django.core.cache import cache
from django.db.models import Exists, F, OuterRef

from machina.apps.forum_conversation import receivers as conversation_receivers
from machina.apps.forum_conversation.signals import topic_viewed
from machina.apps.forum_tracking import receivers
from machina.core.db.models import get_model
from machina.core.loading import get_class

ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")
Topic = get_model("forum_conversation", "Topic")

# A topic's views are written to its row at most this often (seconds).
VIEWS_WRITTEN_EVERY = 60
# Views not yet written are kept this long without a view of the topic.
VIEWS_KEPT_FOR = 7 * 24 * 60 * 60


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
    counted = f"forum-topic-views:{topic.pk}"
    cache.add(counted, 0, VIEWS_KEPT_FOR)
    try:
        cache.incr(counted)
    except ValueError:  # gone between add and incr (evicted)
        cache.set(counted, 1, VIEWS_KEPT_FOR)
    if not cache.add(f"forum-topic-views-written:{topic.pk}", True, VIEWS_WRITTEN_EVERY):
        return
    # The first view after the minute writes what has gathered; ``decr``
    # takes away only that, so views counted meanwhile wait for the next.
    gathered = cache.get(counted) or 0
    if gathered:
        cache.decr(counted, gathered)
        Topic.objects.filter(pk=topic.pk).update(views_count=F("views_count") + gathered)


def install():
    topic_viewed.disconnect(receivers.update_user_trackers)
    topic_viewed.disconnect(conversation_receivers.update_topic_counter)
    topic_viewed.connect(mark_topic_read, dispatch_uid="forum.viewing.mark_topic_read")
    topic_viewed.connect(count_view, dispatch_uid="forum.viewing.count_view")
