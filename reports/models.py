from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_DETAILS = 1000


class Reason(models.TextChoices):
    SPAM = "spam", _("スパム・宣伝")
    HARASSMENT = "harassment", _("嫌がらせ・誹謗中傷")
    PERSONAL_INFO = "personal_info", _("個人情報の掲載")
    FALSE_INFO = "false_info", _("誤った情報")
    OTHER = "other", _("その他")


class Status(models.TextChoices):
    OPEN = "open", _("未対応")
    HIDDEN = "hidden", _("非表示にした")
    DISMISSED = "dismissed", _("問題なしとした")


class Report(models.Model):
    """One member's report (通報) of one object of a registered kind (reports.registry)."""

    kind = models.CharField(_("種類"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("対象のID"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("通報した人"),
    )
    reason = models.CharField(_("理由"), max_length=20, choices=Reason.choices)
    details = models.TextField(_("詳しい内容"), max_length=MAX_DETAILS, blank=True)
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    # The object was hidden automatically (enough reports) while this one was open:
    # dismissing it shows the object again.
    auto_hidden = models.BooleanField(_("自動で非表示"), default=False)
    created_at = models.DateTimeField(_("通報日時"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("対応日時"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("対応した人"),
    )

    class Meta:
        verbose_name = _("通報")
        verbose_name_plural = _("通報")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "reporter"], name="reports_one_report_per_reporter"
            )
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="reports_object")]

    def __str__(self):
        return f"{self.kind}:{self.object_id} ({self.get_reason_display()})"


class HiddenObject(models.Model):
    """An object hidden after reports, for kinds with no flag of their own (a profile).

    Its app's views ask ``reports.services.is_flagged_hidden`` and leave out
    what was reported; the secretariat shows it again from the review queue.
    """

    kind = models.CharField(_("種類"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("対象のID"))
    hidden_at = models.DateTimeField(_("非表示にした日時"), auto_now_add=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("非表示にした人"),
    )

    class Meta:
        verbose_name = _("非表示にした内容")
        verbose_name_plural = _("非表示にした内容")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="reports_hidden_once")
        ]

    def __str__(self):
        return f"{self.kind}:{self.object_id}"
