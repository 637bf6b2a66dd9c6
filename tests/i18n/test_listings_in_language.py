"""Lists of pages for a reader of another language, once part of the site is translated.

Translating one news item copies its parents (the home page, the news index)
into that language as aliases, as wagtail-localize does. The home page's
panels and the index pages then ran their queries under those copies and
listed only the translated pages: a Vietnamese reader saw one news item, "no
events scheduled" and no reports, while the Japanese site had them all.
"""

import datetime

import pytest

from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.home.factories import NewsPageFactory, ReportIndexPageFactory, ReportPageFactory

pytestmark = pytest.mark.django_db

VIETNAMESE_TITLE = "Thông báo: quầy tư vấn mở cửa"


@pytest.fixture
def site_with_one_vietnamese_item(home_page, news_index, news_item, translate):
    NewsPageFactory(
        parent=news_index,
        title="見守り協定を結びました",
        slug="mimamori",
        date=datetime.date.today() - datetime.timedelta(days=1),
    )
    EventPageFactory(parent=EventIndexPageFactory(parent=home_page), title="つながりフォーラム")
    ReportPageFactory(parent=ReportIndexPageFactory(parent=home_page), title="事業実施報告書")
    return translate(
        news_item, "vi", title=VIETNAMESE_TITLE, summary="Quầy tư vấn mở cửa vào thứ Tư."
    )


def test_home_page_lists_japanese_pages_beside_the_translated_one(
    client, site_with_one_vietnamese_item
):
    html = client.get("/vi/").content.decode()
    assert VIETNAMESE_TITLE in html
    assert "相談窓口のお知らせ" not in html  # its translation stands in for it
    for title in ("見守り協定を結びました", "つながりフォーラム", "事業実施報告書"):
        assert title in html, title
    # Untranslated items are linked under the reader's prefix, not back to Japanese.
    assert 'href="/vi/news/mimamori/"' in html


def test_news_index_lists_japanese_items_beside_the_translated_one(
    client, site_with_one_vietnamese_item
):
    html = client.get("/vi/news/").content.decode()
    assert VIETNAMESE_TITLE in html
    assert "見守り協定を結びました" in html
    assert "相談窓口のお知らせ" not in html
    assert 'href="/vi/news/mimamori/"' in html


def test_japanese_lists_are_unchanged(client, site_with_one_vietnamese_item):
    html = client.get("/").content.decode()
    assert "相談窓口のお知らせ" in html and VIETNAMESE_TITLE not in html
    assert "見守り協定を結びました" in html and "つながりフォーラム" in html


def test_event_and_report_indexes_list_the_japanese_pages(
    client, home_page, site_with_one_vietnamese_item, translate
):
    from events.models import EventIndexPage
    from home.models import ReportIndexPage

    events_index = EventIndexPage.objects.get(locale__language_code="ja")
    reports_index = ReportIndexPage.objects.get(locale__language_code="ja")
    translate(
        EventPageFactory(parent=events_index, title="交流会", slug="koryu"), "vi", title="Giao lưu"
    )
    translate(
        ReportPageFactory(parent=reports_index, title="会議資料", slug="shiryo"),
        "vi",
        title="Tài liệu họp",
    )
    events = client.get("/vi/events/").content.decode()
    assert "Giao lưu" in events and "つながりフォーラム" in events
    reports = client.get("/vi/reports/").content.decode()
    assert "Tài liệu họp" in reports and "事業実施報告書" in reports
