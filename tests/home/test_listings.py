"""Index pages: filters, pagination, upcoming/past, privacy and query counts."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from tests.events.factories import EventPageFactory
from tests.home.factories import (
    NewsPageFactory,
    ReportDocumentFactory,
    ReportPageFactory,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now


def titles(items):
    return [item.title for item in items]


# --- News -------------------------------------------------------------------


def dated_news(parent, count, **kwargs):
    """``count`` news items, the first one newest."""
    today = timezone.localdate()
    return [
        NewsPageFactory(parent=parent, date=today - datetime.timedelta(days=n), **kwargs)
        for n in range(count)
    ]


def test_news_index_lists_newest_first(client, news_index):
    items = dated_news(news_index, 3)
    response = client.get("/news/")
    assert response.status_code == 200
    assert titles(response.context["news_page"]) == titles(items)
    assert response.context["current_category"] == ""


def test_news_category_filter(client, news_index):
    notice = NewsPageFactory(parent=news_index, category="notice")
    event = NewsPageFactory(parent=news_index, category="event")
    response = client.get("/news/", {"category": "event"})
    assert response.status_code == 200
    assert titles(response.context["news_page"]) == [event.title]
    assert response.context["current_category"] == "event"
    assert notice.title not in response.content.decode()


@pytest.mark.parametrize("category", ["bogus", "<script>", "", "EVENT"])
def test_unknown_news_category_is_ignored(client, news_index, category):
    items = [NewsPageFactory(parent=news_index, category=c) for c in ("notice", "event")]
    response = client.get("/news/", {"category": category})
    assert response.status_code == 200
    assert len(response.context["news_page"].object_list) == len(items)
    assert response.context["current_category"] == ""


@pytest.mark.parametrize(
    ("page", "expected_number", "expected_count"),
    [
        ("1", 1, 10),
        ("2", 2, 2),
        ("abc", 1, 10),  # not a number: first page
        ("999", 2, 2),  # past the end: last page
        ("0", 2, 2),
        ("-1", 2, 2),
        ("", 1, 10),
        ("1.5", 1, 10),
    ],
)
def test_news_pagination(client, news_index, page, expected_number, expected_count):
    dated_news(news_index, 12)
    response = client.get("/news/", {"page": page})
    assert response.status_code == 200
    news_page = response.context["news_page"]
    assert news_page.number == expected_number
    assert len(news_page.object_list) == expected_count


def test_news_category_and_pagination_together(client, news_index):
    dated_news(news_index, 12, category="recruitment")
    dated_news(news_index, 3, category="notice")
    response = client.get("/news/", {"category": "recruitment", "page": "2"})
    assert response.status_code == 200
    assert response.context["news_page"].paginator.count == 12
    assert len(response.context["news_page"].object_list) == 2


# --- Reports ----------------------------------------------------------------


@pytest.fixture
def reports(report_index):
    return {
        (2023, "annual"): ReportPageFactory(
            parent=report_index, fiscal_year=2023, date=datetime.date(2024, 3, 1)
        ),
        (2024, "annual"): ReportPageFactory(parent=report_index, fiscal_year=2024),
        (2024, "minutes"): ReportPageFactory(
            parent=report_index, fiscal_year=2024, report_type="minutes"
        ),
    }


def test_report_index_lists_years_newest_first(client, reports):
    response = client.get("/reports/")
    assert response.status_code == 200
    assert response.context["fiscal_years"] == [
        (2024, "令和6年度（2024年度）"),
        (2023, "令和5年度（2023年度）"),
    ]
    listed = list(response.context["reports_page"])
    assert [r.fiscal_year for r in listed] == [2024, 2024, 2023]


def test_report_filter_by_year_and_type(client, reports):
    response = client.get("/reports/", {"year": "2024", "type": "minutes"})
    assert response.status_code == 200
    assert list(response.context["reports_page"]) == [reports[(2024, "minutes")]]
    assert response.context["current_year"] == "2024"
    assert response.context["current_type"] == "minutes"

    response = client.get("/reports/", {"year": "2023"})
    assert list(response.context["reports_page"]) == [reports[(2023, "annual")]]


@pytest.mark.parametrize(
    "query",
    [
        {"year": "1999"},  # a year with no reports
        {"year": "abc"},
        {"year": "-2024"},
        {"type": "bogus"},
        {"year": "", "type": ""},
        {"page": "abc"},
        {"page": "999"},
    ],
)
def test_bad_report_filters_are_ignored(client, reports, query):
    response = client.get("/reports/", query)
    assert response.status_code == 200
    assert len(response.context["reports_page"].object_list) == len(reports)
    assert response.context["current_year"] == ""
    assert response.context["current_type"] == ""


# --- Home page and privacy --------------------------------------------------


@pytest.fixture
def world(news_index, report_index, event_index):
    """Public, draft and members-only items of each kind. Private titles carry
    a canary so a leak is a plain substring search."""
    start = NOW() + datetime.timedelta(days=7)
    end = start + datetime.timedelta(hours=2)
    public = {
        "news": NewsPageFactory(parent=news_index, title="公開ニュース"),
        "report": ReportPageFactory(parent=report_index, title="公開報告書"),
        "event": EventPageFactory(parent=event_index, title="公開イベント", start=start, end=end),
    }
    NewsPageFactory(parent=news_index, title="下書きニュース KANARIA-D1", live=False)
    ReportPageFactory(parent=report_index, title="下書き報告書 KANARIA-D2", live=False)
    EventPageFactory(
        parent=event_index, title="下書きイベント KANARIA-D3", live=False, start=start, end=end
    )
    private = [
        NewsPageFactory(parent=news_index, title="会員限定ニュース KANARIA-P1"),
        ReportPageFactory(parent=report_index, title="会員限定報告書 KANARIA-P2"),
        EventPageFactory(
            parent=event_index, title="会員限定イベント KANARIA-P3", start=start, end=end
        ),
    ]
    for page in private:
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return public


def test_home_page_lists_only_live_public_items(client, world):
    response = client.get("/")
    assert response.status_code == 200
    assert list(response.context["latest_news"]) == [world["news"]]
    assert list(response.context["upcoming_events"]) == [world["event"]]
    assert list(response.context["latest_reports"]) == [world["report"]]
    html = response.content.decode()
    for page in world.values():
        assert page.title in html
    assert "KANARIA" not in html


@pytest.mark.parametrize(
    "url", ["/", "/news/", "/reports/", "/events/", "/news/feed/", "/news/rss/"]
)
def test_no_draft_or_private_item_on_any_listing(client, world, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "KANARIA" not in response.content.decode()


def test_private_listings_hold_even_for_a_logged_in_member(client, world, django_user_model):
    """Listings are the same for everyone: a restricted item is reached
    through its own URL (which checks access), never listed."""
    client.force_login(django_user_model.objects.create_user("member", "m@example.jp", "x"))
    for url in ("/", "/news/", "/news/feed/"):
        assert "KANARIA" not in client.get(url).content.decode()


def test_restricted_section_hides_its_children(client, news_index):
    """A restriction on the news index itself covers every item below it."""
    NewsPageFactory(parent=news_index, title="会員向けの連絡 KANARIA-SECTION")
    PageViewRestriction.objects.create(page=news_index, restriction_type=PageViewRestriction.LOGIN)
    assert "KANARIA" not in client.get("/").content.decode()
    assert client.get("/news/").status_code == 302
    assert client.get("/news/feed/").status_code == 302


# --- Query counts do not grow with the number of items ----------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def make_news(index, n):
    NewsPageFactory.create_batch(n, parent=index)


def make_reports(index, n):
    for _ in range(n):
        ReportDocumentFactory(page=ReportPageFactory(parent=index))


def make_events(index, n):
    for _ in range(n):
        EventPageFactory(parent=index)  # upcoming: all of them are listed
        start = NOW() - datetime.timedelta(days=30)
        EventPageFactory(parent=index, start=start, end=start + datetime.timedelta(hours=1))


@pytest.mark.parametrize(
    ("index_fixture", "url", "make"),
    [
        ("news_index", "/news/", make_news),
        ("report_index", "/reports/", make_reports),
        ("event_index", "/events/", make_events),
    ],
    ids=["news", "reports", "events"],
)
def test_index_query_count_is_constant(request, client, index_fixture, url, make):
    index = request.getfixturevalue(index_fixture)
    make(index, 3)
    client.get(url)  # warm up: site root paths and site settings get cached
    few = count_queries(client, url)
    make(index, 12)
    many = count_queries(client, url)
    assert few == many, f"{url}: {few} queries with 3 items, {many} with 15"


def test_home_query_count_is_constant(client, news_index, report_index, event_index):
    def make(n):
        make_news(news_index, n)
        make_reports(report_index, n)
        make_events(event_index, n)

    make(1)
    client.get("/")
    few = count_queries(client, "/")
    make(5)
    assert count_queries(client, "/") == few


def test_full_width_year_is_read_as_the_year(client, reports):
    """``str.isdigit()`` and ``int()`` accept full-width digits (as Django's
    IntegerField does in the admin), so ?year=２０２４ filters to 2024."""
    response = client.get("/reports/", {"year": "２０２４"})
    assert response.status_code == 200
    assert {r.fiscal_year for r in response.context["reports_page"]} == {2024}


def test_report_index_has_a_small_query_budget(client, report_index, django_assert_max_num_queries):
    make_reports(report_index, 15)
    client.get("/reports/")
    with django_assert_max_num_queries(20):
        client.get("/reports/")
