from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.choices import OrganisationStatus, Tier

from .organisations import Organisation


class StatusHistory(models.Model):
    """An organisation's status and tier from a day on (until its next row).

    Joined and left dates alone cannot say who was a 幹事団体 on 31 March of
    a past year, or whether an organisation was suspended then: the fiscal
    year's figures (kpi) read this table. One row is added whenever the
    status or the tier changes (receivers.py, services/history.py); rows
    are never edited.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="status_history"
    )
    status = models.CharField(_("会員の状態"), max_length=20, choices=OrganisationStatus.choices)
    tier = models.CharField(_("会員区分"), max_length=20, choices=Tier.choices)
    valid_from = models.DateField(_("適用日"), db_index=True)
    recorded_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    class Meta:
        ordering = ["organisation", "valid_from", "pk"]
        verbose_name = _("会員の状態の履歴")
        verbose_name_plural = _("会員の状態の履歴")
        indexes = [models.Index(fields=["valid_from", "organisation"])]

    def __str__(self):
        return f"{self.organisation_id} {self.valid_from} {self.status} {self.tier}"
