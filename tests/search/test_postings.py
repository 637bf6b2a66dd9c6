"""The postings the database backends rank from (``search.postings``).

They must follow the index (written with an entry, replaced on update, gone
with a deleted or hidden object and after a rebuild's purge), and rank by
BM25: a rare word counts for more than a common one, documents that match
more of the words come first, the words of one run of text must all be
there, and what the postings cannot answer (phrases, very long queries)
still goes through modelsearch.
"""

from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from home.models import StandardPage
from organisations.choices import OrganisationStatus
from organisations.models import IndexedOrganisation, Organisation
from search import postings
from search.backends import ranked_pks
from search.models import IndexedDocument, Posting
from tests.home.factories import StandardPageFactory
from tests.organisations.factories import OrganisationFactory

from .helpers import index_everything

pytestmark = pytest.mark.django_db


def terms_of(obj, model=None):
    content_type = ContentType.objects.get_for_model(model or type(obj))
    return dict(
        Posting.objects.filter(content_type_id=content_type.pk, object_id=obj.pk).values_list(
            "term", "tf"
        )
    )


def page(home_page, slug, title, intro=""):
    made = StandardPageFactory(parent=home_page, title=title, intro=intro, slug=slug)
    get_search_backend().add(made)
    return made


def ranked(query, queryset=None):
    backend = get_search_backend()
    queryset = Page.objects.live() if queryset is None else queryset
    results = backend.search(query, queryset, operator="or")
    return [Page.objects.get(pk=pk).slug for pk in ranked_pks(results)]


def test_postings_follow_the_index(home_page):
    made = page(home_page, "p", "認知症カフェ", "毎月の認知症カフェ。")
    found = terms_of(made)
    # A title term counts TITLE_WEIGHT times, a body term once.
    assert found["認知症"] == postings.TITLE_WEIGHT + 1
    assert found["毎月"] == 1
    assert IndexedDocument.objects.filter(object_id=made.pk).count() == 1

    made.title = "フレイル予防"
    made.save()
    get_search_backend().add(made)
    get_search_backend().add(made)
    assert "認知症" in terms_of(made) and "フレイル" in terms_of(made)
    # One posting per term and object however often it is indexed: ranking's
    # bit mask sums them.
    assert Posting.objects.filter(object_id=made.pk).count() == len(terms_of(made))
    assert terms_of(made)["フレイル"] == postings.TITLE_WEIGHT

    get_search_backend().delete(made)
    assert terms_of(made) == {}
    assert not IndexedDocument.objects.filter(object_id=made.pk).exists()


def test_hidden_organisation_loses_its_postings():
    organisation = OrganisationFactory(description="フードパントリーを開いています。")
    index_everything()
    assert "パントリー" in terms_of(organisation, IndexedOrganisation)

    Organisation.objects.filter(pk=organisation.pk).update(status=OrganisationStatus.SUSPENDED)
    index_everything()

    assert terms_of(organisation, IndexedOrganisation) == {}


def test_rebuild_purges_postings_of_vanished_entries(home_page):
    made = page(home_page, "p", "認知症カフェ")
    # The entry disappears without the backend being told (as after a raw delete).
    made.index_entries.all().delete()
    assert terms_of(made)

    backend = get_search_backend()
    backend.rebuilder_class(backend.get_index_for_model(StandardPage)).start()

    assert terms_of(made) == {}


def test_rare_word_outranks_common_word(home_page):
    """Inverse document frequency: PostgreSQL's ts_rank had none."""
    for number in range(6):
        page(home_page, f"common{number}", f"支援のお知らせ{number}", "地域の支援。")
    page(home_page, "rare", "お知らせ", "ヤングケアラーの集い。")
    page(home_page, "both", "お知らせ", "ヤングケアラーの支援。")

    found = ranked("ヤングケアラー 支援")

    assert found[:2] == ["both", "rare"]
    assert len(found) == 8


def test_words_of_one_run_must_all_match(home_page):
    page(home_page, "both", "官民の連携について")
    page(home_page, "half", "官民の役割")

    assert ranked("官民連携") == ["both"]


def test_queryset_and_slices_apply(home_page):
    for number in range(5):
        page(home_page, f"p{number}", f"認知症カフェ{number}")
    draft = page(home_page, "draft", "認知症カフェの下書き")
    Page.objects.filter(pk=draft.pk).update(live=False)
    backend = get_search_backend()
    results = backend.search("認知症", Page.objects.live(), operator="or")

    assert results.count() == 5
    assert results[3:].count() == 2
    assert results[10:].count() == 0
    assert len(ranked_pks(results[1:3])) == 2
    assert "draft" not in ranked("認知症")
    assert ranked("認知症", Page.objects.none()) == []


def test_phrase_and_long_queries_go_through_modelsearch(home_page):
    from modelsearch.query import Phrase

    page(home_page, "p", "認知症カフェ")
    backend = get_search_backend()
    assert [p.slug for p in backend.search(Phrase("認知症カフェ"), Page.objects.live())] == ["p"]

    # More distinct words than the ranking's bit mask holds.
    long_query = " ".join(["認知症"] + [f"word{number}" for number in range(70)])
    assert ranked(long_query) == ["p"]


def test_full_width_query_meets_half_width_text(home_page):
    page(home_page, "p", "NPOの集い")
    assert ranked("ＮＰＯ") == ["p"]


def test_query_with_more_than_31_words(home_page):
    """Bits past 2**31: the mask must stay an integer on PostgreSQL (SUM of bigint is numeric)."""
    page(home_page, "p", "認知症カフェ")
    words = " ".join(f"word{number}" for number in range(40))
    assert ranked(f"{words} 認知症") == ["p"]


def test_ranking_reads_the_terms_postings_not_each_allowed_pk(home_page):
    """SQLite: the queryset's pks filter the terms' postings, they are not looked up one by one.

    Without statistics SQLite took the pks of the queryset (8,000 live pages)
    as keys of the postings' index, once per term and content type: 80 ms of
    a 100 ms query at 10,000 documents (bench/search_speed.py).
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL plans from its statistics")
    page(home_page, "p", "ヤングケアラーの支援")
    with CaptureQueriesContext(connection) as captured:
        assert ranked("ヤングケアラー 支援") == ["p"]
    ranking = next(q["sql"] for q in captured.captured_queries if q["sql"].startswith("WITH q"))
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {ranking}")
        plan = " ".join(row[-1] for row in cursor.fetchall())
    assert "sitesearch_posting_term (term=? AND content_type_id=?)" in plan
    assert "object_id=?" not in plan


def test_a_queryset_without_the_terms_is_never_compiled(home_page, monkeypatch):
    """No document of the queryset's kind has the query's terms: it is not
    ranked, and its SQL (on the search page: a kind's permission filters and
    their subqueries) is never built."""
    from django.db.models.sql.query import Query

    page(home_page, "p", "認知症カフェ")
    compiled = []
    original = Query.sql_with_params

    def recording(self):
        compiled.append(self.model)
        return original(self)

    monkeypatch.setattr(Query, "sql_with_params", recording)
    with postings.one_page():
        organisations = IndexedOrganisation.objects.all()
        found = get_search_backend().search("認知症", organisations, operator="or")
        assert ranked_pks(found) == []
        assert ranked("認知症") == ["p"]
    assert IndexedOrganisation not in compiled
    assert Page in compiled
