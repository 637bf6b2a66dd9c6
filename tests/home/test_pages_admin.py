"""Every page type is created through the admin and then rendered live.

Bad input in an admin form must give a clear (Japanese) error and save nothing.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Collection, Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest

from events.models import EventIndexPage, EventPage
from home.models import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    ReportDocument,
    ReportIndexPage,
    ReportPage,
    StandardPage,
)
from practices.models import PracticeIndexPage
from tests.home.factories import (
    PDF_BYTES,
    index_page_data,
    news_page_data,
    paragraph,
    report_page_data,
    standard_page_data,
)
from tests.home.page_helpers import assert_created_and_live, assert_nothing_saved

pytestmark = pytest.mark.django_db


# --- Creating each page type ----------------------------------------------


def test_home_page_is_edited_through_the_admin(admin_client_su, home_page, client):
    url = reverse("wagtailadmin_pages:edit", args=[home_page.pk])
    assert admin_client_su.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "つながりネット",
            "slug": "home",
            "lead": "誰もひとりにしない県へ。",
            "purpose": "行政・NPO・企業がつながり、孤独・孤立を防ぎます。",
            "body": paragraph("ようこそ。"),
        }
    )
    response = admin_client_su.post(url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 302, response.context["form"].errors.as_text()

    home_page.refresh_from_db()
    assert home_page.lead == "誰もひとりにしない県へ。"
    assert HomePage.objects.count() == 1
    client.logout()
    rendered = client.get("/")
    assert rendered.status_code == 200
    assert "誰もひとりにしない県へ。" in rendered.content.decode()


def test_a_second_home_page_cannot_be_added(admin_client_su, home_page):
    assert not HomePage.can_create_at(Page.get_first_root_node())
    url = reverse("wagtailadmin_pages:add", args=["home", "homepage", 1])
    response = admin_client_su.get(url)
    assert response.status_code in (302, 403)
    assert HomePage.objects.count() == 1


def test_standard_page(admin_client_su, home_page, add_page, client):
    response = add_page(home_page, StandardPage, standard_page_data())
    assert_created_and_live(response, StandardPage, "about", client)


def test_standard_page_under_a_standard_page(admin_client_su, home_page, add_page, client):
    add_page(home_page, StandardPage, standard_page_data())
    parent = StandardPage.objects.get(slug="about")
    response = add_page(
        parent, StandardPage, standard_page_data(title="個人情報の取扱い", slug="privacy")
    )
    page = assert_created_and_live(response, StandardPage, "privacy", client)
    assert page.url == "/about/privacy/"


@pytest.mark.parametrize(
    ("model", "title", "slug"),
    [
        (NewsIndexPage, "お知らせ", "news"),
        (ReportIndexPage, "報告書・会議資料", "reports"),
        (EventIndexPage, "イベント", "events"),
    ],
)
def test_index_pages(admin_client_su, home_page, add_page, client, model, title, slug):
    response = add_page(home_page, model, index_page_data(title, slug))
    page = assert_created_and_live(response, model, slug, client)
    assert page.url == f"/{slug}/"


def test_news_page(admin_client_su, news_index, add_page, client):
    response = add_page(news_index, NewsPage, news_page_data())
    page = assert_created_and_live(response, NewsPage, "members-wanted", client)
    assert page.category == "recruitment"
    assert str(page.date) == "2025-04-01"


def upload_pdf(client):
    """Upload a PDF through the admin's document form, as an editor would."""
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "令和6年度 事業実施報告書（本文）",
            "file": SimpleUploadedFile("annual-2024.pdf", PDF_BYTES, "application/pdf"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302
    return get_document_model().objects.get(title="令和6年度 事業実施報告書（本文）")


def test_report_page_with_an_uploaded_pdf(admin_client_su, report_index, add_page, client):
    document = upload_pdf(admin_client_su)
    assert document.file.name.endswith(".pdf")

    response = add_page(report_index, ReportPage, report_page_data(documents=[document]))
    page = assert_created_and_live(response, ReportPage, "annual-2024", client)

    attached = ReportDocument.objects.get(page=page)
    assert attached.document == document
    assert attached.display_title == document.title
    html = client.get(page.url).content.decode()
    assert document.url in html  # served through Wagtail's view (privacy applies)
    assert document.url.startswith("/documents/")


# --- Where each page type may live ------------------------------------------


@pytest.mark.parametrize(
    ("parent", "children"),
    [
        (
            HomePage,
            {StandardPage, NewsIndexPage, ReportIndexPage, EventIndexPage, PracticeIndexPage},
        ),
        (StandardPage, {StandardPage}),
        (NewsIndexPage, {NewsPage}),
        (ReportIndexPage, {ReportPage}),
        (EventIndexPage, {EventPage}),
        (NewsPage, set()),
        (ReportPage, set()),
        (EventPage, set()),
    ],
)
def test_allowed_subpage_types(parent, children):
    assert set(parent.allowed_subpage_models()) == children


@pytest.mark.parametrize(
    ("child", "parents"),
    [
        (HomePage, {Page}),
        (StandardPage, {HomePage, StandardPage}),
        (NewsIndexPage, {HomePage}),
        (NewsPage, {NewsIndexPage}),
        (ReportIndexPage, {HomePage}),
        (ReportPage, {ReportIndexPage}),
        (EventIndexPage, {HomePage}),
        (EventPage, {EventIndexPage}),
    ],
)
def test_allowed_parent_page_types(child, parents):
    assert set(child.allowed_parent_page_models()) == parents


def test_only_one_index_of_each_kind(news_index, report_index, event_index):
    home = news_index.get_parent()
    for model in (NewsIndexPage, ReportIndexPage, EventIndexPage):
        assert not model.can_create_at(home)


def test_news_cannot_be_added_outside_the_news_index(admin_client_su, home_page, add_page):
    before = Page.objects.count()
    response = add_page(home_page, NewsPage, news_page_data())
    assert response.status_code in (302, 403)
    assert NewsPage.objects.count() == 0
    assert Page.objects.count() == before


# --- Bad input: a clear error, nothing saved --------------------------------


def test_report_fiscal_year_out_of_range(admin_client_su, report_index, add_page):
    before = Page.objects.count()
    response = add_page(report_index, ReportPage, report_page_data(fiscal_year="1800"))
    assert_nothing_saved(response, ReportPage, before)
    errors = response.context["form"].errors["fiscal_year"]
    assert errors == ["この値は 1989 以上でなければなりません。"]
    assert errors[0] in response.content.decode()


def test_report_dated_before_its_fiscal_year(admin_client_su, report_index, add_page):
    before = Page.objects.count()
    response = add_page(
        report_index, ReportPage, report_page_data(fiscal_year="2024", date="2024-03-31")
    )
    assert_nothing_saved(response, ReportPage, before)
    assert "発行日・開催日が年度の始まり（4月1日）より前になっています。" in (
        response.content.decode()
    )


def test_full_width_digits_in_fiscal_year_are_accepted(admin_client_su, report_index, add_page):
    """Japanese IMEs often type full-width digits. Django's IntegerField calls
    ``int()``, which reads any Unicode decimal digits, so "２０２４" is stored
    as 2024 rather than rejected."""
    response = add_page(report_index, ReportPage, report_page_data(fiscal_year="２０２４"))
    assert response.status_code == 302
    assert ReportPage.objects.get().fiscal_year == 2024


def test_news_without_summary(admin_client_su, news_index, add_page):
    before = Page.objects.count()
    response = add_page(news_index, NewsPage, news_page_data(summary=""))
    assert_nothing_saved(response, NewsPage, before)
    assert response.context["form"].errors["summary"] == ["この項目は必須です"]


def test_incomplete_draft_is_kept_but_cannot_be_published(
    admin_client_su, news_index, add_page, client
):
    """Wagtail defers required-field checks when a draft is saved (an editor may
    save half-written work); publishing then asks for the missing summary."""
    data = news_page_data(summary="")
    assert add_page(news_index, NewsPage, data, action="action-save").status_code == 302
    page = NewsPage.objects.get(slug="members-wanted")
    assert not page.live

    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = admin_client_su.post(edit_url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 200
    assert response.context["form"].errors["summary"] == ["この項目は必須です"]
    page.refresh_from_db()
    assert not page.live
    client.logout()
    assert client.get("/news/members-wanted/").status_code == 404


@pytest.mark.parametrize(
    "link",
    [
        {"page": "HOME", "url": "https://example.jp/apply"},  # both
        {"page": "", "url": ""},  # neither
    ],
    ids=["both", "neither"],
)
def test_call_to_action_needs_exactly_one_link(admin_client_su, news_index, add_page, link):
    before = Page.objects.count()
    if link["page"] == "HOME":
        link = {**link, "page": str(news_index.get_parent().pk)}
    data = news_page_data()
    data.update(
        nested_form_data(
            {"body": streamfield([("call_to_action", {"text": "参加を申し込む", **link})])}
        )
    )
    response = add_page(news_index, NewsPage, data)
    assert_nothing_saved(response, NewsPage, before)

    error = response.context["form"].errors.as_data()["body"][0]
    assert error.as_json_data() == {
        "blockErrors": {
            0: {
                "blockErrors": {
                    "url": {
                        "messages": ["リンク先ページか外部リンクのどちらか一方を指定してください。"]
                    }
                }
            }
        }
    }


def test_call_to_action_with_one_link_is_saved(admin_client_su, news_index, add_page, client):
    data = news_page_data()
    data.update(
        nested_form_data(
            {
                "body": streamfield(
                    [
                        (
                            "call_to_action",
                            {
                                "text": "参加を申し込む",
                                "page": "",
                                "url": "https://example.jp/apply",
                            },
                        )
                    ]
                )
            }
        )
    )
    page = assert_created_and_live(
        add_page(news_index, NewsPage, data), NewsPage, "members-wanted", client
    )
    assert page.body[0].value["url"] == "https://example.jp/apply"
