from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey

from cms.blocks import BodyStreamBlock
from cms.dates import fiscal_year_label, fiscal_year_of
from cms.pagination import paginate
from cms.privacy import PRIVATE_PAGE_OPTIONS

from .news import today


class ReportType(models.TextChoices):
    ANNUAL = "annual", _("事業実施報告書")
    MATERIALS = "materials", _("会議資料")
    MINUTES = "minutes", _("議事録")
    SURVEY = "survey", _("調査報告")
    OTHER = "other", _("その他")


class ReportIndexPage(Page):
    """報告書・会議資料: filterable by fiscal year and kind, newest year first."""

    intro = models.TextField(_("リード文"), max_length=500, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    private_page_options = PRIVATE_PAGE_OPTIONS
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ReportPage"]
    max_count = 1
    site_section = "reports"  # {% section_index "reports" %}
    per_page = 20

    class Meta:
        verbose_name = _("報告書・会議資料一覧")

    def reports(self, parent=None):
        from cms import privacy

        pages = ReportPage.objects.live().child_of(parent or self)
        # .public(), restrictions read once per version
        return privacy.public(pages).order_by("-fiscal_year", "-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        from cms import i18n  # imports wagtail.views: not while models load

        context = super().get_context(request, *args, **kwargs)
        reports = self.reports(i18n.original_page(self))  # as news: the Japanese index's
        # Read only when needed: the unfiltered form and list are a kept fragment.
        every_report = reports
        years = SimpleLazyObject(
            lambda: sorted(set(every_report.values_list("fiscal_year", flat=True)), reverse=True)
        )

        year = request.GET.get("year", "")
        if year.isdigit() and int(year) in years:
            reports = reports.filter(fiscal_year=int(year))
        else:
            year = ""
        kind = request.GET.get("type", "")
        if kind in ReportType.values:
            reports = reports.filter(report_type=kind)
        else:
            kind = ""

        page = SimpleLazyObject(
            lambda: i18n.paginated_in_language(
                paginate(request, reports.prefetch_related("documents__document"), self.per_page)
            )
        )
        context.update(
            reports_page=page,
            fiscal_years=SimpleLazyObject(lambda: [(y, fiscal_year_label(y)) for y in years]),
            report_types=ReportType.choices,
            current_year=year,
            current_type=kind,
        )
        return context


class ReportPage(Page):
    report_type = models.CharField(
        _("種類"), max_length=20, choices=ReportType.choices, default=ReportType.ANNUAL
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("年度"),
        validators=[MinValueValidator(1989), MaxValueValidator(2100)],
        help_text=_("4月に始まる年度を西暦で。例：令和6年度なら 2024"),
    )
    date = models.DateField(
        _("発行日・開催日"), default=today, help_text=_("会議資料・議事録は会議の開催日")
    )
    summary = models.TextField(_("概要"), max_length=1000)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("本文"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("report_type"), FieldPanel("fiscal_year"), FieldPanel("date")],
            heading=_("分類"),
        ),
        FieldPanel("summary"),
        InlinePanel("documents", label=_("添付資料（PDF）"), heading=_("添付資料")),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("fiscal_year"),
        index.FilterField("report_type"),
    ]

    private_page_options = PRIVATE_PAGE_OPTIONS
    parent_page_types = ["home.ReportIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("報告書・会議資料")

    @property
    def fiscal_year_label(self):
        return fiscal_year_label(self.fiscal_year)

    @property
    def search_date(self):
        """The report's own date in search results (not when it was loaded)."""
        return self.date

    def clean(self):
        super().clean()
        if self.fiscal_year and self.date and fiscal_year_of(self.date) < self.fiscal_year:
            raise ValidationError(
                {"date": _("発行日・開催日が年度の始まり（4月1日）より前になっています。")}
            )


class ReportDocument(Orderable):
    page = ParentalKey(ReportPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("文書"),
    )
    title = models.CharField(
        _("表示名"), max_length=200, blank=True, help_text=_("空欄なら文書名を表示します")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("添付資料")

    @property
    def display_title(self):
        return self.title or self.document.title
