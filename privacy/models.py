from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DeletionRequest(models.Model):
    """A member's request that the site delete their personal data (削除の申し出).

    The member asks; the 事務局 confirms (``privacy.services.confirm_deletion``),
    which scrubs the account. ``email`` and ``name`` are a copy, taken when the
    request is made, so the queue can show who asked and the confirmation can
    still reach them; both are blanked once the request is closed.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("確認待ち")
        CONFIRMED = "confirmed", _("削除済み")
        CANCELLED = "cancelled", _("取り下げ")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="deletion_requests",
        verbose_name=_("アカウント"),
    )
    name = models.CharField(_("氏名"), max_length=300, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    language = models.CharField(max_length=15, blank=True)
    reason = models.TextField(_("理由（任意）"), blank=True)
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("申出日時"), auto_now_add=True)
    decided_at = models.DateTimeField(_("対応日時"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("対応者"),
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("削除の申し出")
        verbose_name_plural = _("削除の申し出")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="pending"),
                name="privacy_one_pending_deletion_per_user",
            )
        ]

    def __str__(self):
        return f"{self.name or self.pk} ({self.get_status_display()})"
