"""The database search backend finds Japanese words inside what was indexed.

Runs on SQLite (default) and on PostgreSQL with
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/search_h``.
"""

from django.db import connection

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from home.models import StandardPage
from tests.home.factories import StandardPageFactory, body

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend():
    return get_search_backend()


@pytest.fixture
def pages(home_page, backend):
    frailty = StandardPageFactory(
        parent=home_page, title="フレイル予防の取り組み", intro="高齢者の健康づくり", slug="frailty"
    )
    watch = StandardPageFactory(
        parent=home_page,
        title="地域見守り活動のご案内",
        intro="八幡浜市で一人暮らしの高齢者を見守っています。",
        body=body("ＮＰＯ法人と社会福祉協議会が連携し、ﾌｰﾄﾞﾊﾟﾝﾄﾘｰも開きました。"),
        slug="watch",
    )
    youth = StandardPageFactory(
        parent=home_page,
        title="子どもの居場所",
        intro="ひきこもりの若者とこども食堂",
        slug="youth",
    )
    for page in (frailty, watch, youth):
        backend.add(page)
    return {"frailty": frailty, "watch": watch, "youth": youth}


def found(backend, query, **kwargs):
    return {page.slug for page in backend.search(query, StandardPage, **kwargs)}


def test_backend_is_ours(backend):
    assert type(backend).__module__ == "search.backends.database"
    assert connection.vendor in type(backend).__name__.lower() or connection.vendor == "postgresql"


@pytest.mark.parametrize(
    "query", ["フレイル", "予防", "取組", "取り組み", "フレイル予防の取り組み"]
)
def test_words_inside_the_title_are_found(backend, pages, query):
    assert found(backend, query) == {"frailty"}


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("見守り", "watch"),
        ("見守る", "watch"),
        ("八幡浜", "watch"),
        ("NPO", "watch"),
        ("npo", "watch"),
        ("フードパントリー", "watch"),
        ("社協", "watch"),
        ("引きこもり", "youth"),
        ("子供", "youth"),
        ("子ども食堂", "youth"),
        ("hikikomori", "youth"),
        ("food pantry", "watch"),
        ("frailty", "frailty"),
    ],
)
def test_variants_and_english_are_found(backend, pages, query, slug):
    assert slug in found(backend, query)


def test_unrelated_word_finds_nothing(backend, pages):
    assert found(backend, "フードバンク") == set()
    assert found(backend, "の") == set()


def test_several_words_and_or(backend, pages):
    assert found(backend, "高齢者 見守り") == {"watch"}
    # With "or", the best partial match comes first.
    results = list(backend.search("見守り 一人暮らし 若者", StandardPage, operator="or"))
    assert results[0].slug == "watch"
    assert {page.slug for page in results} == {"watch", "youth"}


def test_page_search_through_wagtail(pages):
    assert {p.slug for p in Page.objects.live().search("フレイル")} == {"frailty"}


def test_reindex_after_edit(backend, pages):
    page = pages["frailty"]
    page.title = "認知症カフェ"
    page.save_revision().publish()
    backend.add(page)
    assert found(backend, "フレイル") == set()
    assert found(backend, "認知症") == {"frailty"}
