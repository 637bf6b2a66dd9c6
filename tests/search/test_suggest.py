"""「もしかして」 (issue 16): a search that finds (almost) nothing offers a nearer spelling.

One module-wide world of pages; the suggestion comes from the index's own
vocabulary and is offered only when it finds more for the viewer.
"""

from wagtail.models import PageViewRestriction
from wagtail.search.backends import get_search_backend

import pytest

from search import suggest
from tests.home.factories import StandardPageFactory

URL = "/search/"


@pytest.fixture(scope="module")
def world(module_db):
    from tests.conftest import point_default_site_at_home

    home = point_default_site_at_home()
    backend = get_search_backend()
    pages = [
        StandardPageFactory(
            parent=home, title="ボランティア募集", intro="地域の子ども食堂を手伝う方", slug="vol"
        ),
        StandardPageFactory(
            parent=home, title="ボランティアの声", intro="地域の活動報告", slug="vol2"
        ),
        StandardPageFactory(
            parent=home, title="社会福祉協議会", intro="地域福祉の相談", slug="council"
        ),
    ]
    secret = StandardPageFactory(
        parent=home, title="会員限定", intro="フィランソロピー研究会の名簿", slug="secret"
    )
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    for page in [*pages, secret]:
        backend.add(page)
    suggest.forget_vocabulary()
    yield
    suggest.forget_vocabulary()


@pytest.fixture
def fresh_vocabulary(world, db):
    suggest.forget_vocabulary()


def test_nearest_term_replaces_the_unknown_word(fresh_vocabulary):
    assert suggest.suggestion("ボランテイヤ") == "ボランティア"
    assert suggest.suggestion("ぼらんてぃや") == "ボランティア"  # compared in katakana too
    assert suggest.suggestion("地域 ボランテイヤ") == "地域 ボランティア"


def test_known_words_get_no_suggestion(fresh_vocabulary):
    assert suggest.suggestion("ボランティア") is None
    assert suggest.suggestion("まったく別の話題ですね") is None


def test_vocabulary_leaves_out_kana_keys_and_fragments(fresh_vocabulary):
    terms = suggest.vocabulary()
    assert "ボランティア" in terms
    assert "ボランテイア" not in terms  # the key, not a spelling anyone wrote


def test_zero_results_page_links_the_suggestion(client, fresh_vocabulary):
    response = client.get(URL, {"q": "ボランテイヤ"})
    assert response.status_code == 200
    assert response.context["suggestion"] == "ボランティア"
    html = response.content.decode()
    assert "もしかして" in html
    assert 'href="/search/?q=%E3%83%9C' in html  # the link searches the suggestion


def test_page_with_results_offers_nothing(client, fresh_vocabulary):
    response = client.get(URL, {"q": "地域"})
    assert "suggestion" not in response.context


def test_no_suggestion_from_pages_the_viewer_may_not_read(client, fresh_vocabulary):
    response = client.get(URL, {"q": "フィランソロピイ"})
    assert "suggestion" not in response.context
    assert "フィランソロピー" not in response.content.decode()


def test_suggestion_in_another_language(client, fresh_vocabulary):
    response = client.get("/en/search/", {"q": "ボランテイヤ"})
    assert response.status_code == 200
    assert response.context["suggestion"] == "ボランティア"
