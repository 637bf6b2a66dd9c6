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
        # The secretariat reads the outbox and sends a failed e-mail again; no
        # one edits an e-mail (cms/background.py, the admin's 送信メール).
        default_permissions = ("view",)
        permissions = [("retry_outboundemail", _("送信に失敗したメールを再送できる"))]

    def __str__(self):
        return self.subject


class BackgroundFailure(models.Model):
    """A background job that failed for good (its retries used up), until someone retries it.

    Written by cms.background.record_failure: Celery's ``task_failure`` for
    every job (index updates among them), and the machine-translation job
    when its translator keeps failing. The admin's 失敗した処理 lists the open
    ones; its retry queues the same job again.
    """

    task = models.CharField(_("処理"), max_length=200, db_index=True)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    error = models.CharField(_("エラー"), max_length=500, blank=True)
    failed_at = models.DateTimeField(_("失敗日時"), auto_now_add=True, db_index=True)
    retried_at = models.DateTimeField(_("再実行日時"), null=True, blank=True)

    class Meta:
        ordering = ["-failed_at", "-pk"]
        verbose_name = _("失敗した処理")
        verbose_name_plural = _("失敗した処理")
        default_permissions = ("view",)
        permissions = [("retry_backgroundfailure", _("失敗した処理を再実行できる"))]

    def __str__(self):
        return f"{self.task} {self.args}"


class Heartbeat(models.Model):
    """When a periodic job last ran: the beat writes "beat" every minute.

    /healthz and the worker compare it with the clock (cms/background.py): a
    job of the beat cannot notice the beat is down.
    """

    name = models.CharField(max_length=50, primary_key=True)
    beat_at = models.DateTimeField()

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"{self.name} {self.beat_at:%Y-%m-%d %H:%M:%S}"


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
