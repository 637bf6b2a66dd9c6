"""What a topic's view writes: the reader's read mark, only when there is news.

machina's ``topic_viewed`` receiver (forum_tracking.receivers) marks the topic
read for a signed-in reader on every view: it rewrites the reader's mark and
asks whether every other topic of the forum is read, six queries and a write
each time a member opens a topic they have already read. ``install()``
(forum.apps.ready) puts a receiver in its place that first asks whether the
reader's mark is already newer than the topic's last post; only if not does
machina's handler mark it, as before.
"""

from machina.apps.forum_conversation.signals import topic_viewed
from machina.apps.forum_tracking import receivers
from machina.core.db.models import get_model
from machina.core.loading import get_class

ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")


def already_read(topic, user):
    """Whether ``user``'s mark on the topic (or on its forum) is newer than its last post."""
    if topic.last_post_on is None:
        return True
    return (
        TopicReadTrack.objects.filter(
            topic=topic, user=user, mark_time__gte=topic.last_post_on
        ).exists()
        or ForumReadTrack.objects.filter(
            forum_id=topic.forum_id, user=user, mark_time__gte=topic.last_post_on
        ).exists()
    )


def mark_topic_read(sender, topic, user, request, response, **kwargs):
    if not user.is_authenticated or already_read(topic, user):
        return
    get_class("forum_tracking.handler", "TrackingHandler")().mark_topic_read(topic, user)


def install():
    topic_viewed.disconnect(receivers.update_user_trackers)
    topic_viewed.connect(mark_topic_read, dispatch_uid="forum.viewing.mark_topic_read")
