from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyStreamBlock
from cms.privacy import PRIVATE_PAGE_OPTIONS


class HomePage(Page):
    """The front page: what the network is for, and what is new in it."""

    lead = models.CharField(
        _("キャッチコピー"),
        max_length=120,
        help_text=_("ページ最上部に大きく表示される一文"),
    )
    purpose = models.TextField(
        _("ネットワークの目的"),
        max_length=1000,
        help_text=_("誰のための、何のためのネットワークかを2〜3文で"),
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("本文"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("lead"), FieldPanel("purpose")], heading=_("導入")),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("purpose"),
    ]

    private_page_options = PRIVATE_PAGE_OPTIONS
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "home.NewsIndexPage",
        "home.ReportIndexPage",
        "events.EventIndexPage",
        "practices.PracticeIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("トップページ")


class StandardPage(Page):
    """About the network, its charter, the privacy policy and the like."""

    intro = models.TextField(_("リード文"), max_length=500, blank=True)
    body = StreamField(BodyStreamBlock(), verbose_name=_("本文"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    private_page_options = PRIVATE_PAGE_OPTIONS
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("標準ページ")
