"""A refusal inside a forum the visitor may not read is a 404, as if it did not exist.

machina refuses with a 403 (signed in) or a redirect to the sign-in page
(signed out), which tells a non-member that a members-only forum, topic, post
or poll exists. ``guard`` wraps a machina view (forum/urls.py mounts every
machina URL through it): when the view refuses, the forum the URL is about
is looked up, and unless the visitor may read that forum the answer becomes
a 404. Someone who may read the forum keeps machina's answer: a member
refused a coordinator's action gets the 403, a signed-out visitor of a
public forum who tries to post is sent to sign in.

Signed-out visitors of a members-only forum get the 404 too, rather than the
sign-in page: the page would confirm that the forum, topic or post id exists
to anyone probing ids. Members reach these pages through links in their
e-mails and on the site, where they are signed in or sign in first.
"""

from functools import wraps

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.shortcuts import resolve_url

from machina.core.db.models import get_model

from forum import access

Attachment = get_model("forum_attachments", "Attachment")
Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")
TopicPoll = get_model("forum_polls", "TopicPoll")


def _forum(pk):
    return Forum.objects.get(pk=pk)


def _topic_forum(pk):
    return Topic.objects.select_related("forum").get(pk=pk).forum


def _post_forum(pk):
    return Post.objects.select_related("topic__forum").get(pk=pk).topic.forum


def _poll_forum(pk):
    return TopicPoll.objects.select_related("topic__forum").get(pk=pk).topic.forum


def _attachment_forum(pk):
    return Attachment.objects.select_related("post__topic__forum").get(pk=pk).post.topic.forum


def _no_forum(_kwargs):
    return None


# machina URL name → the forum its URL is about (from the URL's arguments).
# The most specific object wins: a post's topic can be in another forum than
# the one named in the URL. A name not listed keeps machina's answer (pages
# that are nobody's forum: the index, profiles, one's own subscriptions).
FORUM_OF = {
    "forum:forum": lambda kw: _forum(kw["pk"]),
    "forum_conversation:topic": lambda kw: _topic_forum(kw["pk"]),
    "forum_conversation:topic_create": lambda kw: _forum(kw["forum_pk"]),
    "forum_conversation:topic_update": lambda kw: _topic_forum(kw["pk"]),
    "forum_conversation:post_create": lambda kw: _topic_forum(kw["topic_pk"]),
    "forum_conversation:post_update": lambda kw: _post_forum(kw["pk"]),
    "forum_conversation:post_delete": lambda kw: _post_forum(kw["pk"]),
    "forum_conversation:topic_poll_vote": lambda kw: _poll_forum(kw["pk"]),
    "forum_conversation:attachment": lambda kw: _attachment_forum(kw["pk"]),
    "forum_feeds:forum_latest_topics": lambda kw: _forum(kw["forum_pk"]),
    "forum_feeds:forum_latest_topics_with_descendants": lambda kw: _forum(kw["forum_pk"]),
    "forum_member:topic_subscribe": lambda kw: _topic_forum(kw["pk"]),
    "forum_member:topic_unsubscribe": lambda kw: _topic_forum(kw["pk"]),
    "forum_moderation:topic_lock": lambda kw: _topic_forum(kw["pk"]),
    "forum_moderation:topic_unlock": lambda kw: _topic_forum(kw["pk"]),
    "forum_moderation:topic_delete": lambda kw: _topic_forum(kw["pk"]),
    "forum_moderation:topic_move": lambda kw: _topic_forum(kw["pk"]),
    "forum_moderation:topic_update_to_post": lambda kw: _topic_forum(kw["pk"]),
    "forum_moderation:topic_update_to_sticky": lambda kw: _topic_forum(kw["pk"]),
    "forum_moderation:topic_update_to_announce": lambda kw: _topic_forum(kw["pk"]),
    # The queue belongs to no forum: whoever may not use it is told nothing.
    "forum_moderation:queue": _no_forum,
    "forum_moderation:queued_post": lambda kw: _post_forum(kw["pk"]),
    "forum_moderation:approve_queued_post": lambda kw: _post_forum(kw["pk"]),
    "forum_moderation:disapprove_queued_post": lambda kw: _post_forum(kw["pk"]),
    "forum_tracking:mark_subforums_read": lambda kw: _forum(kw["pk"]),
    "forum_tracking:mark_topics_read": lambda kw: _forum(kw["pk"]),
}


def _is_login_redirect(request, response):
    if request.user.is_authenticated or response.status_code != 302:
        return False
    return response.get("Location", "").startswith(resolve_url(settings.LOGIN_URL))


def _readable(request, url_name, kwargs):
    try:
        forum = FORUM_OF[url_name](kwargs)
    except (ObjectDoesNotExist, KeyError, ValueError):
        return False
    return forum is not None and access.can_read_forum(request, forum)


# The largest id a database integer holds: a longer one names nothing.
MAX_ID = 2**63 - 1


def _ids_are_numbers(kwargs):
    return all(
        str(value).isdecimal() and 0 < int(value) <= MAX_ID
        for name, value in kwargs.items()
        if name == "pk" or name.endswith("_pk")
    )


def _names_nothing(url_name, kwargs):
    """Whether an object the URL names does not exist (machina's views crash on that)."""
    try:
        FORUM_OF.get(url_name, _no_forum)(kwargs)
    except ObjectDoesNotExist:
        return True
    return False


def guard(url_name, view):
    """``view`` (machina's ``url_name``) with unknown ids and outsiders' refusals as 404s.

    machina calls ``int()`` on ids and ``get()`` without a 404, and some of its
    views fail on an object that is not there: an id that is not a number, or
    that names nothing, is a 404 rather than a server error.
    """

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not _ids_are_numbers(kwargs):
            raise Http404
        try:
            response = view(request, *args, **kwargs)
        except PermissionDenied:
            if url_name in FORUM_OF and not _readable(request, url_name, kwargs):
                raise Http404 from None
            raise
        except ObjectDoesNotExist:
            raise Http404 from None
        except Exception:
            if _names_nothing(url_name, kwargs):
                raise Http404 from None
            raise
        if url_name not in FORUM_OF:
            return response
        if _is_login_redirect(request, response) and not _readable(request, url_name, kwargs):
            raise Http404
        return response

    return guarded
