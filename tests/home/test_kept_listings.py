"""Kept fragments of the news and reports listings (issue 21).

The unfiltered list of /news/ and /reports/ is the same for every reader, so
it is kept ({% fragment %}, cms/templatetags/fragment_tags.py) under the page
cache's version. These tests run with fragments on whatever the environment
says, and check that a kept list costs fewer queries and gives the same HTML,
that a publish or an unpublish shows on the next request, and that a filtered
list (a query string) is not kept and shows what its filter says.
"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from home.models import SiteSettings
from tests.home.factories import NewsPageFactory, ReportPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragments_kept")]


@pytest.fixture
def listings(site, news_index, report_index):
    # The site's settings row is made on the first request that reads it: a
    # save, which would move the version between the two requests compared.
    SiteSettings.for_site(site)
    NewsPageFactory(parent=news_index, title="見守り研修のお知らせ", category="notice")
    NewsPageFactory(parent=news_index, title="居場所づくりの募集", category="recruitment")
    ReportPageFactory(parent=report_index, title="令和6年度 事業報告", fiscal_year=2024)
    ReportPageFactory(
        parent=report_index,
        title="令和5年度 事業報告",
        fiscal_year=2023,
        date=datetime.date(2024, 3, 31),
    )
    return news_index, report_index


def render(client, url, **query):
    """The number of queries that read ``url``'s items, and the page's HTML."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    assert response.status_code == 200, url
    table = "home_newspage" if url.startswith("/news/") else "home_reportpage"
    return sum(table in query["sql"] for query in captured), response.content.decode()


@pytest.mark.parametrize("url", ["/news/", "/reports/"])
def test_a_kept_list_reads_no_items_and_gives_the_same_page(client, listings, url):
    first, html = render(client, url)
    again, kept = render(client, url)
    assert first > 0
    assert again == 0
    assert kept == html


def test_a_published_news_item_is_listed_on_the_next_request(client, listings):
    news_index, _ = listings
    render(client, "/news/")
    NewsPageFactory(parent=news_index, title="新しく公開したお知らせ")
    assert "新しく公開したお知らせ" in render(client, "/news/")[1]


def test_an_unpublished_report_leaves_the_kept_list_at_once(client, listings):
    _, report_index = listings
    render(client, "/reports/")
    report = report_index.get_children().get(title="令和5年度 事業報告")
    report.unpublish()
    assert "令和5年度 事業報告" not in render(client, "/reports/")[1]


def test_filtered_lists_are_not_kept_and_show_their_filter(client, listings):
    render(client, "/news/")
    render(client, "/reports/")
    news = render(client, "/news/", category="recruitment")[1]
    assert "居場所づくりの募集" in news
    assert "見守り研修のお知らせ" not in news
    reports = render(client, "/reports/", year="2023")[1]
    assert "令和5年度 事業報告" in reports
    assert "令和6年度 事業報告" not in reports
    # And the unfiltered lists are still whole.
    assert "見守り研修のお知らせ" in render(client, "/news/")[1]
    assert "令和6年度 事業報告" in render(client, "/reports/")[1]
