"""Notification bookkeeping for the forums.

Both tables exist so that nothing is lost and nothing is sent twice:

- ``PostEvent`` is written in the same transaction that publishes a post (or
  holds it for moderation). The task that works on it is enqueued after
  commit; if the broker is down, the periodic relay (forum.tasks.run_periodic)
  picks the event up later.
- ``NotificationDelivery`` records, per post, recipient and kind, that the
  recipient was dealt with. A task that runs twice (late acknowledgement)
  finds the row and sends nothing more.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelsearch import index

from machina.apps.forum_conversation.models import Post


class PostEvent(models.Model):
    class Kind(models.TextChoices):
        PUBLISHED = "published", _("公開された投稿")
        HELD = "held", _("承認待ちの投稿")

    post = models.ForeignKey("forum_conversation.Post", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "kind"], name="forum_post_event_unique")
        ]
        verbose_name = _("投稿の通知イベント")
        verbose_name_plural = _("投稿の通知イベント")

    def __str__(self):
        return f"{self.kind} #{self.post_id}"


class NotificationDelivery(models.Model):
    class Kind(models.TextChoices):
        INSTANT = "instant", _("新しい投稿（すぐに）")
        DIGEST = "digest", _("新しい投稿（1日1回のまとめ）")
        MODERATION = "moderation", _("承認待ちの投稿（世話人へ）")

    post = models.ForeignKey("forum_conversation.Post", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    # Instant and moderation notices: when the e-mail went to the outbox.
    # Digest items: when a digest took them (sent or, if access was lost, dropped).
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    skipped = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user", "kind"], name="forum_notification_delivery_unique"
            )
        ]
        verbose_name = _("通知の配信記録")
        verbose_name_plural = _("通知の配信記録")

    def __str__(self):
        return f"{self.kind} #{self.post_id} → {self.user_id}"


class IndexedPost(index.Indexed, Post):
    """A forum post as the site search indexes it, with its topic's subject.

    (Its kind: ``forum/search_kinds.py``.) Posts awaiting moderation are left
    out; who may read the rest is decided at query time by the kind.
    """

    search_fields = [
        index.SearchField("title"),
        index.SearchField("content"),
        index.RelatedFields(
            "topic",
            [
                index.SearchField("subject"),
                index.FilterField("id"),
                index.FilterField("forum"),
                index.FilterField("approved"),
                index.FilterField("status"),
            ],
        ),
        index.FilterField("id"),
        index.FilterField("approved"),
        index.FilterField("topic"),
        index.FilterField("poster"),
        index.FilterField("created"),
    ]

    # Indexed after commit by search.indexing (its kind in search_kinds.py), not by
    # modelsearch's handlers.
    search_auto_update = False

    class Meta:
        proxy = True

    @property
    def title(self):
        return self.subject

    @classmethod
    def get_indexed_objects(cls):
        return super().get_indexed_objects().filter(approved=True)
