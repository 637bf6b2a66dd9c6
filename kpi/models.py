"""The fiscal year in numbers: indicators, their yearly targets, the figures.

After results frameworks (IATI results, Decidim accountability): an
indicator's definition (``Indicator``) is kept apart from its use in a year
(``IndicatorPeriod``: baseline, target, targets by area); the actual value
comes from the site (``MonthlyFigure``, materialised by a periodic job from
the registry's counts) or from people (``HandEntry``, monthly or a yearly
total, with a note and who entered it). A year marked reported
(``ReportedYear``) keeps a snapshot of its figures that later deletions,
purges and corrections cannot change.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kpi import registry


class Direction(models.TextChoices):
    HIGHER = "higher", _("多いほど良い")
    LOWER = "lower", _("少ないほど良い")


class Aggregation(models.TextChoices):
    SUM = registry.SUM, _("月の合計")
    LAST = registry.LAST, _("年度末の値")


class Indicator(models.Model):
    key = models.SlugField(_("識別名"), max_length=60, unique=True)
    name = models.CharField(_("指標名"), max_length=100)
    unit = models.CharField(_("単位"), max_length=20, help_text=_("例：団体、人、部"))
    direction = models.CharField(
        _("評価の向き"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    definition = models.TextField(
        _("定義"), max_length=2000, help_text=_("何をどう数えるか。画面と報告書で同じ意味に")
    )
    source = models.CharField(
        _("数え方"),
        max_length=60,
        blank=True,
        help_text=_("サイトが数える指標の識別名。空欄は事務局が手入力する指標"),
    )
    aggregation = models.CharField(
        _("年度の値"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    published = models.BooleanField(
        _("トップページに公開"),
        default=False,
        help_text=_("「数字で見るつながりネット」に今年度の値を表示します"),
    )
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=100)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("指標")
        verbose_name_plural = _("指標")

    def __str__(self):
        return self.name

    @property
    def is_site_counted(self):
        return bool(self.source)

    @property
    def site_count(self):
        return registry.get(self.source) if self.source else None


class IndicatorPeriod(models.Model):
    """One indicator in one fiscal year (1 April – 31 March): its baseline and target."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="periods")
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    baseline = models.DecimalField(
        _("基準値"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("目標値"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    evaluation = models.TextField(_("評価"), max_length=2000, blank=True)

    class Meta:
        ordering = ["fiscal_year", "indicator__sort_order", "indicator_id"]
        verbose_name = _("年度の目標")
        verbose_name_plural = _("年度の目標")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "fiscal_year"], name="kpi_period_unique")
        ]

    def __str__(self):
        return f"{self.indicator} {self.fiscal_year}"


class AreaTarget(models.Model):
    """A target split by area (県内 / 他県…), each its own target."""

    period = models.ForeignKey(
        IndicatorPeriod, on_delete=models.CASCADE, related_name="area_targets"
    )
    area = models.CharField(_("地域"), max_length=40)
    target = models.DecimalField(
        _("目標値"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["period", "area"], name="kpi_area_target_unique")
        ]

    def __str__(self):
        return f"{self.period} {self.area}"


class HandEntry(models.Model):
    """A hand-counted figure: for one month, or (no month) a total for the year."""

    period = models.ForeignKey(IndicatorPeriod, on_delete=models.CASCADE, related_name="entries")
    month = models.DateField(_("月"), null=True, blank=True, help_text=_("空欄は年度の合計"))
    area = models.CharField(_("地域"), max_length=40, blank=True)
    value = models.DecimalField(
        _("値"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    note = models.TextField(_("メモ"), max_length=1000, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("入力者"),
    )
    entered_at = models.DateTimeField(_("入力日時"), auto_now_add=True)

    class Meta:
        ordering = ["month", "pk"]
        verbose_name = _("手入力の値")
        verbose_name_plural = _("手入力の値")

    def __str__(self):
        return f"{self.period} {self.month or '-'} {self.value}"


class MonthlyFigure(models.Model):
    """A site-counted indicator's value for one month, materialised by
    ``services.materialise`` (a periodic job): the dashboard reads these."""

    key = models.CharField(max_length=60)
    month = models.DateField()
    part = models.CharField(max_length=40, blank=True, default="")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key", "month", "part"]
        constraints = [
            models.UniqueConstraint(fields=["key", "month", "part"], name="kpi_monthly_unique")
        ]

    def __str__(self):
        return f"{self.key} {self.month:%Y-%m} {self.part} {self.value}"


class ReportedYear(models.Model):
    """A fiscal year the secretariat marked reported: its figures, frozen."""

    fiscal_year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    reported_at = models.DateTimeField(_("報告日時"), auto_now_add=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("報告者"),
    )
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("報告済みの年度")
        verbose_name_plural = _("報告済みの年度")

    def __str__(self):
        return str(self.fiscal_year)


class SearchDay(models.Model):
    """How many searches were made on a day: no query text, no person."""

    day = models.DateField(unique=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day"]

    def __str__(self):
        return f"{self.day} {self.count}"
