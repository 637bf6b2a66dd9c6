"""The database backends' ranking path (BM25 over the postings, ranked and sliced in SQL).

It must give what modelsearch's correlated-subquery ordering gave: best score
first (a title match above a body match), ties by newest pk, the queryset's
filters applied, slices and counts consistent; autocomplete and score
annotations still go through modelsearch.
"""

from django.db import connection

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from home.models import StandardPage
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(home_page):
    backend = get_search_backend()
    made = {
        "body": StandardPageFactory(
            parent=home_page, title="お知らせ", intro="認知症カフェを開きます。", slug="body"
        ),
        "title": StandardPageFactory(
            parent=home_page, title="認知症カフェ", intro="毎月第二土曜日。", slug="title"
        ),
        "other": StandardPageFactory(
            parent=home_page, title="フレイル予防", intro="体操教室。", slug="other"
        ),
        "draft": StandardPageFactory(
            parent=home_page, title="認知症の下書き", slug="draft", live=False
        ),
    }
    for page in made.values():
        backend.add(page)
    return made


def slugs(results):
    return [page.slug for page in results]


def test_title_match_first_and_filters_applied(pages):
    backend = get_search_backend()
    results = backend.search("認知症", Page.objects.live(), operator="or")
    assert slugs(results) == ["title", "body"]
    assert set(slugs(backend.search("認知症", StandardPage))) == {"title", "draft", "body"}


def test_slices_and_counts(pages):
    backend = get_search_backend()
    results = backend.search("認知症", Page.objects.live(), operator="or")
    assert results.count() == 2
    assert slugs(results[1:]) == ["body"]
    assert results[1:].count() == 1
    assert slugs(results[:1]) == ["title"]
    assert backend.search("存在しない語", Page.objects.live()).count() == 0


def test_score_annotation_and_autocomplete_still_work(pages):
    backend = get_search_backend()
    scored = list(backend.search("認知症", Page.objects.live()).annotate_score("_score"))
    assert {page.slug for page in scored} == {"title", "body"}
    assert all(page._score is not None for page in scored)
    assert list(backend.autocomplete("認知", Page.objects.live())) is not None


def test_same_order_as_modelsearch(pages):
    """Title matches above body matches, as modelsearch's own ranking (score_field set).

    On SQLite both rank by the same weighted bm25, so the whole order is the
    same. PostgreSQL's own ranking averages a ts_rank per word and per column
    and breaks the tie between the two title matches differently from ours
    (one ts_rank per column): only the title-above-body order is shared.
    """
    backend = get_search_backend()
    ours = slugs(backend.search("認知症 フレイル", Page.objects.live(), operator="or"))
    theirs = slugs(
        backend.search("認知症 フレイル", Page.objects.live(), operator="or").annotate_score("s")
    )
    assert set(ours[:2]) == {"title", "other"} and ours[2:] == ["body"]
    if connection.vendor == "sqlite":
        assert ours == theirs
    else:
        assert set(theirs[:2]) == {"title", "other"} and theirs[2:] == ["body"]


def test_ranked_pks_without_loading_objects(pages, django_assert_num_queries):
    from search.backends import ranked_pks

    backend = get_search_backend()
    results = backend.search("認知症", Page.objects.live(), operator="or")
    # The terms' document frequencies, then the ranking itself.
    with django_assert_num_queries(2):
        assert ranked_pks(results[:10]) == [pages["title"].pk, pages["body"].pk]
    assert ranked_pks(results[1:]) == [pages["body"].pk]
