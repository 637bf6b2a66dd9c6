"""Good-practice write-ups (取組事例): one organisation, one initiative.

Write-ups are Wagtail pages under a single ``PracticeIndexPage`` (/practices/),
so revisions, moderation workflows, preview, scheduling and translation come
with them. Everything a write-up holds lives on the page or in its
``ParentalKey`` children (activity types, target groups, partners, results,
photos, attachments), so a revision captures all of it and a submission under
review never touches the published version.

The structure follows DOMAIN.md "A good-practice write-up": header (取組名,
取組地域, 取組の種類・対象 with ★/☆), (1) 取組の内容, (2) 取組の成果, (3) 取組の様子.

Rich text is cleaned by ``cms.sanitise`` in ``clean()``, which Wagtail runs on
every ``save()``, ``save_revision()`` and revision publish, whatever form (admin
or front end) or script wrote it; templates clean it again when they show it.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField

from cms.dates import fiscal_year_label
from cms.privacy import PRIVATE_PAGE_OPTIONS
from cms.sanitise import sanitise_rich_text
from organisations.choices import OrganisationStatus
from organisations.models import ActivityType, Organisation, Prefecture, TargetGroup
from practices.results import parse_quantity

# The small rich-text toolbar members get: no headings, images or embeds.
RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]
RICH_TEXT_FIELDS = ("purpose", "beneficiaries", "content", "outreach", "qualitative_results")


class PracticeIndexPage(Page):
    """取組事例一覧 at /practices/: filterable by type, target, prefecture and year."""

    intro = models.TextField(_("リード文"), max_length=500, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    private_page_options = PRIVATE_PAGE_OPTIONS
    parent_page_types = ["home.HomePage"]
    subpage_types = ["practices.PracticePage"]
    max_count = 1
    per_page = 12

    class Meta:
        verbose_name = _("取組事例一覧")

    def get_context(self, request, *args, **kwargs):
        from practices.context import index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(self, request))
        return context


class PracticePageQuerySet(PageQuerySet):
    def listed(self):
        """Write-ups anyone may read: live, public, of an active member organisation."""
        from cms import privacy

        # .public(), restrictions read once per version
        return privacy.public(self.live()).filter(organisation__status=OrganisationStatus.ACTIVE)


PracticePageManager = PageManager.from_queryset(PracticePageQuerySet)


class PracticePage(Page):
    """取組事例: one initiative of one member organisation."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("団体"),
    )
    areas_prefectures = ParentalManyToManyField(
        Prefecture, blank=True, related_name="+", verbose_name=_("取組地域（都道府県）")
    )
    areas_municipalities = models.CharField(
        _("取組地域（市区町村）"),
        max_length=500,
        blank=True,
        help_text=_("読点（、）で区切って入力。例：八幡浜市、大洲市"),
    )
    year = models.PositiveSmallIntegerField(
        _("実施年度"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("取組を行った年度を西暦で。例：令和6年度なら 2024"),
    )
    summary = models.TextField(
        _("概要"), max_length=300, help_text=_("一覧に表示される2〜3文（300字まで）")
    )

    # (1) 取組の内容
    purpose = RichTextField(_("目的"), max_length=3000, features=RICH_TEXT_FEATURES)
    beneficiaries = RichTextField(_("対象とした人"), max_length=2000, features=RICH_TEXT_FEATURES)
    content = RichTextField(_("内容"), max_length=6000, features=RICH_TEXT_FEATURES)

    # (2) 取組の成果 (partners and quantitative results are inline children)
    outreach = RichTextField(
        _("対象とした人とつながるために行った工夫"),
        max_length=3000,
        blank=True,
        features=RICH_TEXT_FEATURES,
    )
    qualitative_results = RichTextField(
        _("定性的な成果"), max_length=3000, blank=True, features=RICH_TEXT_FEATURES
    )

    objects = PracticePageManager()

    content_panels = [
        FieldPanel("title", heading=_("取組名")),
        FieldPanel("organisation"),
        MultiFieldPanel(
            [
                FieldPanel("areas_prefectures"),
                FieldPanel("areas_municipalities"),
                FieldPanel("year"),
            ],
            heading=_("取組地域・年度"),
        ),
        InlinePanel("activities", label=_("取組の種類"), heading=_("取組の種類")),
        InlinePanel("targets", label=_("取組の対象"), heading=_("取組の対象")),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("purpose"), FieldPanel("beneficiaries"), FieldPanel("content")],
            heading=_("(1) 取組の内容"),
        ),
        MultiFieldPanel(
            [
                InlinePanel("partners", label=_("連携した団体")),
                FieldPanel("outreach"),
                FieldPanel("qualitative_results"),
                InlinePanel("results", label=_("定量的な成果")),
            ],
            heading=_("(2) 取組の成果"),
        ),
        MultiFieldPanel(
            [
                InlinePanel("photos", label=_("写真")),
                InlinePanel("attachments", label=_("添付資料")),
            ],
            heading=_("(3) 取組の様子"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("purpose"),
        index.SearchField("beneficiaries"),
        index.SearchField("content"),
        index.SearchField("outreach"),
        index.SearchField("qualitative_results"),
        index.SearchField("areas_municipalities"),
        # The area's prefectures by name (岐阜県, Gifu): a search for a
        # prefecture finds the write-ups from it.
        index.RelatedFields(
            "areas_prefectures", [index.SearchField("name"), index.SearchField("name_en")]
        ),
        index.RelatedFields("organisation", [index.SearchField("name")]),
        index.FilterField("year"),
        index.FilterField("organisation"),
    ]

    private_page_options = PRIVATE_PAGE_OPTIONS
    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("取組事例")
        verbose_name_plural = _("取組事例")

    def clean(self):
        """Clean the rich text (see module docstring), then validate."""
        for name in RICH_TEXT_FIELDS:
            setattr(self, name, sanitise_rich_text(getattr(self, name)))
        super().clean()

    def serve(self, request, *args, **kwargs):
        # A suspended or departed organisation's write-ups leave the public site
        # at once; previews in the admin still work.
        from practices import access

        if not getattr(request, "is_preview", False) and not access.can_view_practice(
            request.user, self
        ):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from practices.context import detail_context

        context = super().get_context(request, *args, **kwargs)
        context.update(detail_context(self, request))
        return context

    @property
    def year_label(self):
        """ "令和6年度（2024年度）" for 2024, "FY2024 (Reiwa 6)" in English."""
        return fiscal_year_label(self.year) if self.year else ""

    @property
    def municipalities_list(self):
        return [
            m.strip() for m in self.areas_municipalities.replace(",", "、").split("、") if m.strip()
        ]


class PracticeRankedLink(Orderable):
    is_main = models.BooleanField(
        _("主な取組（★）"), default=False, help_text=_("チェックなしは「その他（☆）」")
    )

    class Meta(Orderable.Meta):
        abstract = True


class PracticeActivity(PracticeRankedLink):
    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="activities")
    activity_type = models.ForeignKey(
        ActivityType, on_delete=models.PROTECT, related_name="+", verbose_name=_("取組の種類")
    )

    panels = [FieldPanel("activity_type"), FieldPanel("is_main")]

    class Meta(PracticeRankedLink.Meta):
        verbose_name = _("取組の種類")

    def __str__(self):
        return f"{'★' if self.is_main else '☆'} {self.activity_type}"


class PracticeTarget(PracticeRankedLink):
    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="targets")
    target_group = models.ForeignKey(
        TargetGroup, on_delete=models.PROTECT, related_name="+", verbose_name=_("取組の対象")
    )

    panels = [FieldPanel("target_group"), FieldPanel("is_main")]

    class Meta(PracticeRankedLink.Meta):
        verbose_name = _("取組の対象")

    def __str__(self):
        return f"{'★' if self.is_main else '☆'} {self.target_group}"


class PracticePartner(Orderable):
    """連携した団体: a member organisation from the directory, or the name of another."""

    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("会員団体"),
    )
    name = models.CharField(
        _("会員以外の団体名"),
        max_length=200,
        blank=True,
        help_text=_("会員団体でない連携先は、ここに名前を入力してください"),
    )

    panels = [FieldPanel("organisation"), FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("連携した団体")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.organisation.name if self.organisation_id else self.name

    def clean(self):
        super().clean()
        if bool(self.organisation_id) == bool(self.name.strip()):
            raise ValidationError(
                _("会員団体を選ぶか、会員以外の団体名を入力するか、どちらか一方にしてください。")
            )


class PracticeResult(Orderable):
    """定量的な成果: what was counted (参加者), as written (延べ120), the unit (人),
    the period (2024年度), and the number a report can add up (120).

    ``number`` is read from ``value`` on save when not given (practices.results);
    where the text holds no single number (「120〜150」「多数」) it stays empty
    and the text is what the write-up shows, with ``note`` for anything more.
    """

    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="results")
    label = models.CharField(_("項目"), max_length=100, help_text=_("何を数えたか。例：参加者"))
    value = models.CharField(
        _("数値"), max_length=50, help_text=_("例：120、延べ120（書いたとおりに表示します）")
    )
    unit = models.CharField(_("単位"), max_length=20, blank=True, help_text=_("例：人"))
    number = models.DecimalField(
        _("集計用の数値"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("空欄なら「数値」から読み取ります"),
    )
    period = models.CharField(
        _("期間"), max_length=50, blank=True, help_text=_("例：2024年度、2024年4月〜9月")
    )
    note = models.TextField(_("メモ"), max_length=500, blank=True)

    panels = [
        FieldPanel("label"),
        FieldPanel("value"),
        FieldPanel("unit"),
        FieldPanel("period"),
        FieldPanel("number"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("定量的な成果")

    def __str__(self):
        return f"{self.label} {self.value}{self.unit}"

    def save(self, *args, **kwargs):
        if self.number is None:
            quantity = parse_quantity(self.value)
            self.number = quantity.number
            unit = quantity.unit[:20]
            if unit and not self.unit and self.value.endswith(unit):
                # 「延べ120人」 with no unit given: 「延べ120」 and 「人」, shown the same.
                self.value, self.unit = self.value[: -len(unit)].rstrip(), unit
        super().save(*args, **kwargs)


class PracticePhoto(Orderable):
    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("画像")
    )
    alt_text = models.CharField(
        _("代替テキスト"),
        max_length=200,
        help_text=_("写真を見られない方のために、写っている様子を短く説明してください"),
    )
    caption = models.CharField(_("キャプション"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("写真")

    def __str__(self):
        return self.alt_text


class PracticeAttachment(Orderable):
    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("文書")
    )
    title = models.CharField(
        _("表示名"), max_length=200, blank=True, help_text=_("空欄なら文書名を表示します")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("添付資料")

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return self.title or self.document.title
