"""E-mails about forum posts: new posts to members, held posts to coordinators.

Flow (ARCHITECTURE.md: record first, deliver later, never twice):

1. A post is saved approved (or held for moderation): a ``PostEvent`` row is
   written in that transaction; after commit ``process_post_event`` is
   enqueued (a broker outage is logged, the periodic relay catches up).
2. The task re-reads everything and re-checks, per recipient, at send time:
   the post is still approved, the recipient still a member who may read the
   subcommittee (asked through ``forum.owners``: subcommittees.access.can_read)
   and still wants e-mail.
3. For each recipient a ``NotificationDelivery`` row is created; only the
   call that created it queues the e-mail (cms.mail.queue_email, with a dedupe
   key), so a task that runs twice sends once.
4. Members who chose "daily" get a digest from ``send_daily_digests``.

E-mails are in the member's language (Wagtail's preferred language of the
account when set; else Japanese) and carry a one-click unsubscribe link.
"""

import hashlib
import logging
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator

from machina.core.db.models import get_model

from cms import site_address
from cms.mail import queue_email, render_email, user_language
from forum import owners
from forum.models import NotificationDelivery, PostEvent
from forum.names import display_name

logger = logging.getLogger(__name__)

Post = get_model("forum_conversation", "Post")

UNSUBSCRIBE_SALT = "forum.unsubscribe"
DIGEST_HOUR = 7  # local time (CELERY_TIMEZONE / TIME_ZONE): digests go out after this hour
DIGEST_INTERVAL = timedelta(hours=20)


# --- 1. Recording ----------------------------------------------------------------


_silenced = ContextVar("forum_notifications_silenced", default=False)


@contextmanager
def silenced():
    """Posts saved inside this block tell nobody (demo data, imports): no event, no e-mail."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


@receiver(post_save, sender=Post, dispatch_uid="tsunagari_forum_post_event")
def record_post_event(sender, instance, raw=False, **kwargs):
    if raw or _silenced.get():
        return
    kind = PostEvent.Kind.PUBLISHED if instance.approved else PostEvent.Kind.HELD
    try:
        with transaction.atomic():
            event, created = PostEvent.objects.get_or_create(post=instance, kind=kind)
    except IntegrityError:  # a concurrent save recorded it
        return
    if created:
        transaction.on_commit(lambda: enqueue_event(event.pk))


def enqueue_event(event_id):
    from forum.tasks import process_post_event

    try:
        process_post_event.delay(event_id)
    except Exception:  # noqa: BLE001 - broker down: the relay picks the event up
        logger.warning("Could not enqueue forum post event %s; the relay will retry", event_id)


# --- 2./3. Processing -------------------------------------------------------------


def subcommittee_of(forum):
    return owners.owner().owner_of(forum)


def can_read(user, subcommittee):
    return user.is_active and owners.owner().can_read(user, subcommittee)


absolute = site_address.absolute_url


def topic_url(post):
    topic = post.topic
    path = reverse(
        "forum_conversation:topic",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum.pk,
            "slug": topic.slug,
            "pk": topic.pk,
        },
    )
    return absolute(f"{path}?post={post.pk}#{post.pk}")


def unsubscribe_token(membership):
    return signing.dumps({"m": membership.pk, "u": membership.user_id}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """The membership the token was made for; BadSignature if forged or gone."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    membership = owners.owner().membership(data.get("m"), data.get("u"))
    if membership is None:
        raise signing.BadSignature("membership gone")
    return membership


def unsubscribe_url(membership):
    return absolute(reverse("forum_unsubscribe", args=[unsubscribe_token(membership)]))


def excerpt(post, length=400):
    text = strip_tags(post.content.rendered or "")
    return Truncator(" ".join(text.split())).chars(length)


def poster_name(post):
    user = post.poster
    if user is None:
        return post.username or ""
    return display_name(user)


def _claim(post, user, kind):
    """Create the delivery row; True only for the one call that created it."""
    try:
        with transaction.atomic():
            _delivery, created = NotificationDelivery.objects.get_or_create(
                post=post, user=user, kind=kind
            )
    except IntegrityError:
        return False
    return created


def _send_post_email(template, post, membership, kind):
    user = membership.user
    language = user_language(user)
    with translation.override(language):
        context = {
            "user": user,
            "post": post,
            "topic": post.topic,
            "subcommittee": membership.subcommittee,
            "poster_name": poster_name(post),
            "excerpt": excerpt(post),
            "topic_url": topic_url(post),
            "unsubscribe_url": unsubscribe_url(membership),
            "moderation_url": absolute(reverse("forum_moderation:queue")),
        }
    subject, body, html_body = render_email(template, context, language=language)
    queue_email(
        [user.email],
        subject,
        body,
        html_body=html_body,
        dedupe_key=f"forum:{kind}:{post.pk}:{user.pk}",
    )
    NotificationDelivery.objects.filter(post=post, user=user, kind=kind).update(
        sent_at=timezone.now()
    )


def process_event(event_id):
    """Work on one PostEvent (idempotent). Returns the number of e-mails queued."""
    with transaction.atomic():
        event = (
            PostEvent.objects.select_for_update(of=("self",))
            .select_related("post__topic__forum", "post__poster")
            .filter(pk=event_id)
            .first()
        )
        if event is None or event.processed_at is not None:
            return 0
        sent = _process(event)
        event.processed_at = timezone.now()
        event.save(update_fields=["processed_at"])
    return sent


def _process(event):
    post = event.post
    subcommittee = subcommittee_of(post.topic.forum)
    if subcommittee is None:
        return 0
    memberships = subcommittee.memberships.select_related("user", "subcommittee").exclude(
        user_id=post.poster_id
    )
    sent = 0
    if event.kind == PostEvent.Kind.PUBLISHED:
        post.refresh_from_db()
        post.topic.refresh_from_db()
        if not (post.approved and post.topic.approved):
            return 0
        if post.topic.forum_id != subcommittee.forum_id:
            return 0
        for membership in memberships:
            user = membership.user
            if membership.notify == "none" or not user.email or not can_read(user, subcommittee):
                continue
            if membership.notify == "daily":
                _claim(post, user, NotificationDelivery.Kind.DIGEST)
                continue
            if _claim(post, user, NotificationDelivery.Kind.INSTANT):
                _send_post_email("forum/emails/new_post", post, membership, "instant")
                sent += 1
    else:
        for membership in memberships:
            user = membership.user
            if membership.role != "coordinator" or not user.email:
                continue
            if not can_read(user, subcommittee):
                continue
            if _claim(post, user, NotificationDelivery.Kind.MODERATION):
                _send_post_email("forum/emails/held_post", post, membership, "moderation")
                sent += 1
    return sent


def pending_event_ids(older_than_seconds=120):
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    return list(
        PostEvent.objects.filter(processed_at__isnull=True, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )


# --- 4. Daily digests ---------------------------------------------------------------


def digest_due(now=None):
    now = timezone.localtime(now or timezone.now())
    return now.hour >= DIGEST_HOUR


def send_daily_digests(now=None, force=False):
    """One digest per member with pending digest items (at most one per ~day)."""
    now = now or timezone.now()
    if not force and not digest_due(now):
        return 0
    user_ids = (
        NotificationDelivery.objects.filter(
            kind=NotificationDelivery.Kind.DIGEST, sent_at__isnull=True
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    return sum(_send_digest(user_id, now, force) for user_id in list(user_ids))


def _send_digest(user_id, now, force):
    with transaction.atomic():
        last = (
            NotificationDelivery.objects.filter(
                user_id=user_id, kind=NotificationDelivery.Kind.DIGEST, skipped=False
            )
            .exclude(sent_at=None)
            .order_by("-sent_at")
            .values_list("sent_at", flat=True)
            .first()
        )
        if last and not force and now - last < DIGEST_INTERVAL:
            return 0
        pending = list(
            NotificationDelivery.objects.select_for_update(of=("self",))
            .filter(user_id=user_id, kind=NotificationDelivery.Kind.DIGEST, sent_at__isnull=True)
            .select_related("post__topic__forum", "post__poster", "user")
            .order_by("post__created")
        )
        if not pending:
            return 0
        user = pending[0].user
        memberships = {m.subcommittee_id: m for m in owners.owner().memberships(user)}
        items, dropped = [], []
        for delivery in pending:
            post = delivery.post
            subcommittee = subcommittee_of(post.topic.forum)
            membership = memberships.get(getattr(subcommittee, "pk", None))
            if (
                subcommittee is None
                or membership is None
                or membership.notify != "daily"
                or not (post.approved and post.topic.approved)
                or not can_read(user, subcommittee)
            ):
                dropped.append(delivery.pk)
            else:
                items.append((delivery, membership))
        NotificationDelivery.objects.filter(pk__in=dropped).update(sent_at=now, skipped=True)
        if not items or not user.email:
            NotificationDelivery.objects.filter(pk__in=[d.pk for d, _m in items]).update(
                sent_at=now, skipped=True
            )
            return 0
        language = user_language(user)
        with translation.override(language):
            groups = {}
            for delivery, membership in items:
                group = groups.setdefault(
                    membership.subcommittee_id,
                    {
                        "subcommittee": membership.subcommittee,
                        "unsubscribe_url": unsubscribe_url(membership),
                        "posts": [],
                    },
                )
                group["posts"].append(
                    {
                        "post": delivery.post,
                        "topic": delivery.post.topic,
                        "poster_name": poster_name(delivery.post),
                        "excerpt": excerpt(delivery.post, 200),
                        "url": topic_url(delivery.post),
                    }
                )
        context = {"user": user, "groups": list(groups.values()), "count": len(items)}
        subject, body, html_body = render_email("forum/emails/digest", context, language=language)
        ids = sorted(d.pk for d, _m in items)
        key = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:32]
        queue_email(
            [user.email], subject, body, html_body=html_body, dedupe_key=f"forum:digest:{key}"
        )
        NotificationDelivery.objects.filter(pk__in=ids).update(sent_at=now)
    return 1
