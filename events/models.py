"""Event pages: the events index at /events/ and one page per event, with its .ics."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyStreamBlock
from cms.pagination import paginate
from cms.privacy import PRIVATE_PAGE_OPTIONS


class EventType(models.TextChoices):
    FORUM = "forum", _("フォーラム・シンポジウム")
    TRAINING = "training", _("研修会・勉強会")
    VISIT = "visit", _("視察・見学会")
    MEETING = "meeting", _("会議")
    EXCHANGE = "exchange", _("交流会")
    OTHER = "other", _("その他")


class EventFormat(models.TextChoices):
    VENUE = "venue", pgettext_lazy("開催形式", "会場")
    ONLINE = "online", _("オンライン")
    HYBRID = "hybrid", _("会場＋オンライン")


class EventIndexPage(Page):
    """イベント: upcoming events first, then the past ones, newest first."""

    intro = models.TextField(_("リード文"), max_length=500, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    private_page_options = PRIVATE_PAGE_OPTIONS
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1
    site_section = "events"  # {% section_index "events" %}
    past_per_page = 10

    class Meta:
        verbose_name = _("イベント一覧")

    def events(self, parent=None):
        return EventPage.objects.live().public().child_of(parent or self)

    def get_context(self, request, *args, **kwargs):
        from cms import i18n  # imports wagtail.views: not while models load

        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        events = self.events(i18n.original_page(self))  # as news: the Japanese index's
        context["upcoming_events"] = i18n.pages_in_language(
            events.filter(end__gte=now).order_by("start", "pk")
        )
        context["past_events"] = i18n.paginated_in_language(
            paginate(
                request, events.filter(end__lt=now).order_by("-start", "-pk"), self.past_per_page
            )
        )
        return context


class EventPage(RoutablePageMixin, Page):
    event_type = models.CharField(
        _("種類"), max_length=20, choices=EventType.choices, default=EventType.FORUM
    )
    start = models.DateTimeField(_("開始日時"))
    end = models.DateTimeField(_("終了日時"))
    summary = models.TextField(_("概要"), max_length=500)
    venue_name = models.CharField(_("会場名"), max_length=200, blank=True)
    venue_address = models.CharField(_("会場の所在地"), max_length=255, blank=True)
    online_url = models.URLField(
        _("オンライン参加のURL"),
        blank=True,
        help_text=_(
            "Zoom などの参加用URL。会場とオンラインの両方を書けばハイブリッド開催になります"
        ),
    )
    capacity = models.PositiveIntegerField(
        _("定員"), null=True, blank=True, help_text=_("人数。定員なしなら空欄")
    )
    organiser = models.CharField(_("主催"), max_length=200, default="つながりネット事務局")
    fee = models.CharField(_("参加費"), max_length=100, blank=True, default="無料")
    registration_url = models.URLField(_("申込みURL"), blank=True)
    registration_deadline = models.DateField(_("申込締切"), null=True, blank=True)
    contact = models.CharField(_("問い合わせ先"), max_length=255, blank=True)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("詳細"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("event_type"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")])], heading=_("日時")
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("venue_name"), FieldPanel("venue_address"), FieldPanel("online_url")],
            heading=_("会場・オンライン"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldPanel("fee"),
                FieldPanel("organiser"),
                FieldPanel("registration_url"),
                FieldPanel("registration_deadline"),
                FieldPanel("contact"),
            ],
            heading=_("参加のご案内"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("venue_name"),
        index.SearchField("venue_address"),
        index.SearchField("body"),
        index.FilterField("start"),
        index.FilterField("end"),
    ]

    private_page_options = PRIVATE_PAGE_OPTIONS
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("イベント")

    @property
    def format(self):
        if self.venue_name and self.online_url:
            return EventFormat.HYBRID
        return EventFormat.ONLINE if self.online_url else EventFormat.VENUE

    @property
    def format_label(self):
        return EventFormat(self.format).label

    @property
    def is_past(self):
        return self.end < timezone.now()

    @property
    def is_same_day(self):
        return timezone.localtime(self.start).date() == timezone.localtime(self.end).date()

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("終了日時は開始日時より後にしてください。")
        if not (self.venue_name or self.online_url):
            errors["venue_name"] = _(
                "会場名かオンライン参加のURLの少なくとも一方を入力してください。"
            )
        if (
            self.registration_deadline
            and self.start
            and self.registration_deadline > timezone.localtime(self.start).date()
        ):
            errors["registration_deadline"] = _("申込締切は開催日より前にしてください。")
        if errors:
            raise ValidationError(errors)

    @path("ics/", name="ics")
    def ics(self, request):
        from events.calendar import event_ics_response

        return event_ics_response(self, request)
