import datetime

from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyStreamBlock
from cms.pagination import paginate
from cms.privacy import PRIVATE_PAGE_OPTIONS


def today():
    return timezone.localdate()


class NewsCategory(models.TextChoices):
    NOTICE = "notice", _("お知らせ")
    EVENT = "event", _("イベント")
    RECRUITMENT = "recruitment", _("募集")
    REPORT = "report", _("活動報告")
    PRESS = "press", _("報道発表")


class NewsIndexPage(RoutablePageMixin, Page):
    """お知らせ一覧 with category filter and an Atom/RSS feed."""

    intro = models.TextField(_("リード文"), max_length=500, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    private_page_options = PRIVATE_PAGE_OPTIONS
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    max_count = 1
    site_section = "news"  # {% section_index "news" %}
    per_page = 10

    class Meta:
        verbose_name = _("お知らせ一覧")

    def news(self, parent=None):
        from cms import privacy

        parent = parent or self
        pages = NewsPage.objects.live().child_of(parent).order_by("-date", "-pk")
        return privacy.public(pages)  # .public(), restrictions read once per version

    def get_context(self, request, *args, **kwargs):
        from cms import i18n  # imports wagtail.views: not while models load

        context = super().get_context(request, *args, **kwargs)
        # Under a translation (or its alias) of this index, the Japanese
        # index's items in the reader's language (cms.i18n.original_page).
        items = self.news(i18n.original_page(self))
        category = request.GET.get("category", "")
        if category in NewsCategory.values:
            items = items.filter(category=category)
        else:
            category = ""
        # Read only when rendered: the unfiltered list is a kept fragment.
        context["news_page"] = SimpleLazyObject(
            lambda: i18n.paginated_in_language(paginate(request, items, self.per_page))
        )
        context["categories"] = NewsCategory.choices
        context["current_category"] = category
        return context

    @path("feed/", name="atom")
    def atom_feed(self, request):
        from home.feeds import NewsAtomFeed

        return NewsAtomFeed(self)(request)

    @path("rss/", name="rss")
    def rss_feed(self, request):
        from home.feeds import NewsRssFeed

        return NewsRssFeed(self)(request)


class NewsPage(Page):
    date = models.DateField(_("日付"), default=today)
    category = models.CharField(
        _("カテゴリー"), max_length=20, choices=NewsCategory.choices, default=NewsCategory.NOTICE
    )
    summary = models.TextField(
        _("概要"), max_length=300, help_text=_("一覧とフィードに表示される2〜3文")
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("本文"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("date"), FieldPanel("category")], heading=_("分類")),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.FilterField("category"),
    ]

    private_page_options = PRIVATE_PAGE_OPTIONS
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("お知らせ")

    @property
    def is_new(self):
        return self.date >= today() - datetime.timedelta(days=14)

    @property
    def search_date(self):
        """The news item's own date in search results (not when it was published)."""
        return self.date
