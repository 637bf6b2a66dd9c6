from django.contrib.auth.models import User
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    """The outbox: every e-mail the site sends is written here first.

    The row is created inside the transaction of the action that caused it,
    so a rolled-back action sends nothing; a Celery task delivers it after
    commit, and marks it sent, so a task that runs twice (late
    acknowledgement) does not send twice. If the broker is down when the
    task is enqueued, the periodic relay picks the row up later.
    """

    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    to = models.JSONField(_("宛先"))
    subject = models.CharField(_("件名"), max_length=255)
    body = models.TextField(_("本文"))
    html_body = models.TextField(blank=True)
    from_email = models.CharField(max_length=254, blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    # Small text attachments (an event's .ics): [{"filename", "content", "mimetype"}].
    attachments = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("送信メール")
        verbose_name_plural = _("送信メール")

    def __str__(self):
        return self.subject


class Account(User):
    """An account, as the audit log names it (sign-ins, second factor, refused admin access).

    A proxy of the user model whose only permission is "view". Wagtail's Site
    history shows an entry to whoever holds any permission on its object's
    type; logging against the user model itself would need a permission on
    ``auth.User``, which also opens Wagtail's user management (SECURITY.md B5).
    The secretariat holds this one (organisations' migration) and so reads
    these entries; editors and members do not.
    """

    class Meta:
        proxy = True
        default_permissions = ("view",)
        verbose_name = _("アカウント")
        verbose_name_plural = _("アカウント")
