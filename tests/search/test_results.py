"""Results (issue 16): names are searchable, documents carry their own dates, one ranked list.

- a write-up is found by its area's prefecture (岐阜県, 岐阜, Gifu);
- a report shows its own date, not the day it was loaded;
- an organisation that matches well is ranked among the pages, not after
  every one of them.
"""

import datetime

from wagtail.search.backends import get_search_backend

import pytest

from search import services
from tests.home.factories import ReportIndexPageFactory, ReportPageFactory, StandardPageFactory
from tests.organisations.factories import OrganisationFactory
from tests.practices.helpers import make_index, make_practice

from .helpers import index_everything

URL = "/search/"
REPORT_DATE = datetime.date(2019, 5, 20)


@pytest.fixture(scope="module")
def world(module_db):
    from tests.conftest import point_default_site_at_home

    home = point_default_site_at_home()
    backend = get_search_backend()
    organisation = OrganisationFactory(name="フレイル予防ネットワーク", slug="frailty-net")
    practice = make_practice(
        make_index(home),
        organisation,
        title="認知症カフェ「ひだまり」",
        prefectures=("21",),  # 岐阜県
        areas_municipalities="",
    )
    reports = ReportIndexPageFactory(parent=home, title="報告書", slug="reports")
    report = ReportPageFactory(
        parent=reports,
        title="令和元年度 見守り調査報告",
        fiscal_year=2019,
        date=REPORT_DATE,
        summary="見守りの調査",
    )
    # Many pages that mention フレイル in passing, in long texts.
    filler = "地域の高齢者の暮らしを支える取り組みを紹介します。" * 20
    pages = [
        StandardPageFactory(
            parent=home, title=f"活動報告 {n}", intro=f"{filler}フレイル{filler}", slug=f"p{n}"
        )
        for n in range(22)
    ]
    for page in [practice, report, *pages]:
        backend.add(page.specific)
    index_everything()
    return {"practice": practice.pk, "report": report.pk, "organisation": organisation.pk}


@pytest.mark.parametrize("query", ["岐阜県", "岐阜", "Gifu"])
def test_write_up_found_by_its_prefecture(client, world, query):
    response = client.get(URL, {"q": query, "kind": "practice"})
    assert [r.title for r in response.context["results"]] == ["認知症カフェ「ひだまり」"]


def test_report_shows_its_own_date(client, world):
    response = client.get(URL, {"q": "見守り調査"})
    (result,) = [r for r in response.context["results"] if r.kind == "page"]
    assert result.date == REPORT_DATE
    assert "2019年5月20日" in response.content.decode()


def test_organisation_ranked_among_the_pages(rf, world):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get(URL)
    request.user = AnonymousUser()
    found = services.search(request, "フレイル")
    kinds = [hit.kind for hit in found.hits]
    assert kinds.count("page") == 22
    # The organisation named after the query is first, not after the 22 pages.
    assert found.hits[0].kind == "organisation"
    scores = [hit.score for hit in found.hits]
    assert scores == sorted(scores, reverse=True)


def test_tabs_still_filter_the_one_list(client, world):
    response = client.get(URL, {"q": "フレイル", "kind": "organisation"})
    assert [r.title for r in response.context["results"]] == ["フレイル予防ネットワーク"]
    counts = {name: count for name, _label, count in response.context["kinds"]}
    assert counts["organisation"] == 1
    assert counts["page"] == 22


def test_found_pages_go_to_the_database_once(client, world):
    """The copies' query names each page's type: no query picks the write-ups
    out of the ranked pages, and the pages shown are loaded by their type at
    once (no query for their types first)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(URL, {"q": "フレイル 岐阜"})  # the first request's caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, {"q": "フレイル 岐阜"})
    shown = {r.kind for r in response.context["results"]}
    assert {"page", "practice", "organisation"} <= shown
    statements = [query["sql"] for query in captured.captured_queries]
    picked = [
        sql
        for sql in statements
        if sql.startswith('SELECT "practices_practicepage"."page_ptr_id" AS "pk"')
        and '"practices_practicepage"."page_ptr_id" IN (' in sql
    ]
    assert picked == []
    typed_first = [
        sql for sql in statements if '"wagtailcore_page"."content_type_id" AS "content_type"' in sql
    ]
    assert typed_first == []
