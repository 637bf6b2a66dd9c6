"""Factories for the editorial page types, plus admin form data for each.

Pages are built with ``wagtail_factories.PageFactory`` so ``parent=`` places
them in the tree. Slugs come from a sequence: Japanese titles slugify to ""
with ``WAGTAIL_ALLOW_UNICODE_SLUGS = False``.
"""

import datetime

from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Collection
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import factory
import wagtail_factories

from home.models import (
    NewsIndexPage,
    NewsPage,
    ReportDocument,
    ReportIndexPage,
    ReportPage,
    StandardPage,
)

# A minimal but well-formed PDF, so uploads look like the real thing.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def body(text="本文です。"):
    """A one-paragraph StreamField value."""
    return [("paragraph", RichText(f"<p>{text}</p>"))]


def _published_at(obj):
    return timezone.now()


class PublishedPageFactory(wagtail_factories.PageFactory):
    """A page that looks published: live, with first/last published times."""

    live = True
    first_published_at = factory.LazyAttribute(_published_at)
    last_published_at = factory.LazyAttribute(lambda obj: obj.first_published_at)

    class Meta:
        abstract = True


class StandardPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"つながりネットについて {n}")
    slug = factory.Sequence(lambda n: f"about-{n}")
    intro = "ネットワークの概要です。"
    body = factory.LazyFunction(body)

    class Meta:
        model = StandardPage


class NewsIndexPageFactory(PublishedPageFactory):
    title = "お知らせ"
    slug = "news"
    intro = "事務局からのお知らせです。"

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"お知らせ {n}")
    slug = factory.Sequence(lambda n: f"news-item-{n}")
    date = factory.LazyFunction(timezone.localdate)
    category = "notice"
    summary = factory.LazyAttribute(lambda obj: f"{obj.title} の概要です。")
    body = factory.LazyFunction(body)

    class Meta:
        model = NewsPage


class ReportIndexPageFactory(PublishedPageFactory):
    title = "報告書・会議資料"
    slug = "reports"

    class Meta:
        model = ReportIndexPage


class ReportPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"報告書 {n}")
    slug = factory.Sequence(lambda n: f"report-{n}")
    report_type = "annual"
    fiscal_year = 2024
    date = datetime.date(2025, 3, 31)
    summary = "令和6年度の事業実施報告です。"

    class Meta:
        model = ReportPage


class DocumentFactory(factory.django.DjangoModelFactory):
    """A PDF in the root collection (wagtail_factories' own makes a new root).

    Like an upload through the admin, it stores the file's size and hash, so
    templates never have to measure the file (and save the row) on view.
    """

    title = factory.Sequence(lambda n: f"報告書PDF {n}")
    file = factory.django.FileField(filename="report.pdf", data=PDF_BYTES)
    collection = factory.LazyFunction(Collection.get_first_root_node)

    class Meta:
        model = get_document_model()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        document = model_class(*args, **kwargs)
        document._set_document_file_metadata()
        document.save()
        return document


class ReportDocumentFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(ReportPageFactory)
    document = factory.SubFactory(DocumentFactory)
    title = ""

    class Meta:
        model = ReportDocument


# --- Admin form data -------------------------------------------------------
# What the page add/edit form posts, built with Wagtail's form_data helpers.


def paragraph(text="本文です。"):
    return streamfield([("paragraph", rich_text(f"<p>{text}</p>"))])


def standard_page_data(**overrides):
    return nested_form_data(
        {
            "title": "ネットワークについて",
            "slug": "about",
            "intro": "私たちの目的",
            "body": paragraph("県内の団体がつながります。"),
            **overrides,
        }
    )


def index_page_data(title, slug, **overrides):
    return nested_form_data({"title": title, "slug": slug, "intro": "一覧です。", **overrides})


def news_page_data(**overrides):
    return nested_form_data(
        {
            "title": "会員募集のお知らせ",
            "slug": "members-wanted",
            "date": "2025-04-01",
            "category": "recruitment",
            "summary": "新しい会員団体を募集しています。",
            "body": paragraph("詳しくは事務局まで。"),
            **overrides,
        }
    )


def report_page_data(documents=(), **overrides):
    return nested_form_data(
        {
            "title": "令和6年度 事業実施報告書",
            "slug": "annual-2024",
            "report_type": "annual",
            "fiscal_year": "2024",
            "date": "2025-03-31",
            "summary": "令和6年度の活動をまとめました。",
            "documents": inline_formset([{"document": str(d.pk), "title": ""} for d in documents]),
            "body": streamfield([]),
            **overrides,
        }
    )
