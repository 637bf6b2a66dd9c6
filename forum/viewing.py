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

import functools

from django.db import connection
from django.db.models import F

from machina.apps.forum_conversation import receivers as conversation_receivers
from machina.apps.forum_conversation.signals import topic_viewed
from machina.apps.forum_tracking import receivers
from machina.core.db.models import get_model
from machina.core.loading import get_class

from cms import counters

ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")


@functools.cache
def _reader_facts_sql():
    """One statement, four yes/no answers about a topic's reader (``reader_facts``).

    Built from the tables' own names once per process; every value is a
    bound parameter.
    """
    quote = connection.ops.quote_name

    def exists(model, where):
        table = quote(model._meta.db_table)
        conditions = " AND ".join(f"{quote(column)} {operator} %s" for column, operator in where)
        return f"EXISTS (SELECT 1 FROM {table} WHERE {conditions})"

    follows = Topic.subscribers.through
    return "SELECT " + ", ".join(
        (
            exists(follows, [("topic_id", "="), ("user_id", "=")]),
            exists(Post, [("topic_id", "="), ("poster_id", "=")]),
            exists(TopicReadTrack, [("topic_id", "="), ("user_id", "="), ("mark_time", ">=")]),
            exists(ForumReadTrack, [("forum_id", "="), ("user_id", "="), ("mark_time", ">=")]),
        )
    )


def reader_facts(topic, user):
    """Set on ``topic`` what its page asks about a signed-in reader.

    ``reader_follows`` (they follow the topic), ``reader_wrote`` (a post of
    theirs is in it), and whether their read mark on the topic
    (``reader_topic_mark``) or on its forum (``reader_forum_mark``) is newer
    than its last post. As four ``Exists`` annotations on the topic's query
    they cost more to compile than the page's other queries together; as
    one statement, a short query of its own.
    """
    last_post_on = connection.ops.adapt_datetimefield_value(topic.last_post_on)
    params = [
        *(topic.pk, user.pk),
        *(topic.pk, user.pk),
        *(topic.pk, user.pk, last_post_on),
        *(topic.forum_id, user.pk, last_post_on),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_reader_facts_sql(), params)
        answers = [bool(answer) for answer in cursor.fetchone()]
    (
        topic.reader_follows,
        topic.reader_wrote,
        topic.reader_topic_mark,
        topic.reader_forum_mark,
    ) = answers
    return topic


def already_read(topic, user):
    """Whether ``user``'s mark on the topic (or on its forum) is newer than its last post."""
    if topic.last_post_on is None:
        return True
    if not hasattr(topic, "reader_topic_mark"):  # not asked by the topic's page
        reader_facts(topic, user)
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
