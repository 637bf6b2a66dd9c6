"""An uploaded register file kept between its dry run and the real import.

The admin upload is two requests (check, then import) that may land on
different web servers, so the file's bytes live in the database, not on a
local disk. Rows are short-lived: the content is dropped once imported and
stale uploads are purged (see organisations/services/register.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegisterImport(models.Model):
    class Status(models.TextChoices):
        CHECKED = "checked", _("確認済み")
        IMPORTED = "imported", _("取込み済み")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("取り込んだ人"),
    )
    created_at = models.DateTimeField(_("アップロード日時"), auto_now_add=True, db_index=True)
    filename = models.CharField(_("ファイル名"), max_length=255)
    content = models.BinaryField(_("ファイルの内容"), editable=False)
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.CHECKED
    )
    report = models.JSONField(_("確認結果"), default=dict)
    imported_at = models.DateTimeField(_("取込み日時"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("名簿の取込み")
        verbose_name_plural = _("名簿の取込み")

    def __str__(self):
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"
