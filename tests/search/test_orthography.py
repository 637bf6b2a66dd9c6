"""Spellings people really type (issue 16) meet the text's, in the index and the query box.

One class of variant per test: hiragana for katakana and the reverse, old
and variant kanji (旧字体・異体字), a dropped or added long-vowel mark,
old-style large kana and ケ for ヶ, a verb where the text has the noun. The
analysis is checked as data; the database backend (SQLite, or PostgreSQL
with DATABASE_URL) over one module-wide world of pages; the Elasticsearch
settings against the same tables.
"""

from wagtail.search.backends import get_search_backend

import pytest

from home.models import StandardPage
from search.analysis import analyse_query, index_terms, kana_key, normalise, old_kanji
from search.elasticsearch import index_settings
from tests.home.factories import StandardPageFactory

from .test_analysis import finds

VARIANTS = {
    "hiragana for katakana": [
        ("ぼらんてぃあ", "ボランティアを募集します"),
        ("ふーどばんく", "フードバンクと連携"),
        ("ねっとわーく", "支援ネットワークを作る"),
    ],
    "katakana for hiragana": [
        ("ヒキコモリ", "引きこもりの状態にある人"),
        ("ヒキコモリ", "ひきこもり支援"),
        ("キッカケ", "参加のきっかけ"),
        ("コドモ", "子ども食堂"),
    ],
    "old kanji": [
        ("社會福祉協議會", "社会福祉協議会と連携"),
        ("高齡者", "高齢者の見守り"),
        ("國際交流", "国際交流協会"),
        ("廣島縣", "広島県の取組"),
        ("社会福祉協議会", "社會福祉協議會の沿革"),
    ],
    "variant kanji": [
        ("髙橋", "高橋さんの話"),
        ("高橋", "髙橋さんの話"),
        ("山﨑", "山崎地区"),
    ],
    "long-vowel mark": [
        ("コミュニティー", "地域コミュニティの再生"),
        ("コミュニティ", "地域コミュニティーの再生"),
        ("コーディネータ", "コーディネーターを配置"),
        ("サポータ", "認知症サポーター養成講座"),
    ],
    "large kana": [
        ("ネツトワーク", "支援ネットワーク"),
        ("シヨツピング", "ショッピングモールで開催"),
        ("ネットワーク", "ネツトワーク会議"),
        ("ケ月", "3ヶ月に1回"),
        ("霞ケ関", "霞ヶ関の庁舎"),
    ],
    "verb for noun": [
        ("見守る", "地域見守り活動"),
        ("取り組む", "取組事例"),
        ("支える", "家族の支えになる"),
        ("寄り添う", "寄り添い支援"),
        ("つながる", "人と人とのつながり"),
    ],
}
CASES = [(kind, query, text) for kind, pairs in VARIANTS.items() for query, text in pairs]


@pytest.mark.parametrize(("kind", "query", "document"), CASES)
def test_variant_finds_the_text(kind, query, document):
    assert finds(query, document), f"{kind}: {query} should find {document}"


PRECISE = [
    ("ボランティア", "ボラ釣り大会"),  # a katakana word is not cut to its kana fragments
    ("ぼらんてぃあ", "ボラ釣り大会"),
    ("見守る", "守りの固い"),
    ("國際", "国内の話"),
    ("コミュニティ", "コミック"),
    ("霞ケ関", "市が関わる"),
]


def test_variants_stay_precise():
    assert [(query, text) for query, text in PRECISE if finds(query, text)] == []


def test_old_kanji_are_folded_before_segmentation():
    assert normalise("社會福祉協議會") == "社会福祉協議会"
    assert normalise("髙橋 﨑") == "高橋 崎"
    assert normalise("国際") == "国際"  # today's forms stay
    assert old_kanji()["國"] == "国"
    # A kept table (OpenCC's), not a hand-written list: hundreds of characters.
    assert len(old_kanji()) > 800


def test_kana_keys():
    assert kana_key("ぼらんてぃあ") == kana_key("ボランティア") == "ボランテイア"
    assert kana_key("ネットワーク") == kana_key("ネツトワーク")
    assert kana_key("コミュニティー") == kana_key("コミュニティ")
    assert kana_key("センター") == "センター"  # four letters: kept, as kuromoji_stemmer does
    assert kana_key("地域") is None


def test_function_words_in_hiragana_get_no_key():
    terms = index_terms("ということです")
    assert not any(term.isascii() is False and term[:1] in "イトコ" for term in terms)


def test_verb_queries_keep_their_own_form_first():
    (group,) = analyse_query("見守る")
    assert group.alternatives[0] == ("見守る",)
    assert ("見守り",) in group.alternatives


def test_elasticsearch_folds_the_same_old_kanji():
    analysis = index_settings()["settings"]["analysis"]
    mappings = analysis["char_filter"]["ja_old_kanji"]["mappings"]
    assert len(mappings) == len(old_kanji())
    assert "會=>会" in mappings
    for name in ("default", "default_search"):
        analyzer = analysis["analyzer"][name]
        assert "ja_old_kanji" in analyzer["char_filter"]
        assert analyzer["filter"][-1] == "ja_with_kana_key"
    key = analysis["filter"]["ja_kana_key"]
    assert key["type"] == "condition"
    assert key["filter"][0] == "ja_to_katakana"
    assert analysis["filter"]["ja_large_30c3"] == {
        "type": "pattern_replace",
        "pattern": "ッ",
        "replacement": "ツ",
    }
    search = analysis["analyzer"]["default_search"]["filter"]
    assert search.index("ja_synonyms") < search.index("ja_with_kana_key")


# --- The database backend ------------------------------------------------------

PAGES = {
    "volunteer": ("ボランティア募集", "週末の子ども食堂を手伝ってくださる方を募ります。"),
    "council": ("社会福祉協議会のご案内", "地域の福祉の相談を受け付けます。"),
    "community": ("地域コミュニティの再生", "空き家を使った交流拠点。"),
    "watch": ("地域見守り活動", "一人暮らしの高齢者を訪問します。"),
    "trigger": ("参加のきっかけ", "ひきこもりの若者が外へ出るまで。"),
}


@pytest.fixture(scope="module")
def world(module_db):
    from tests.conftest import point_default_site_at_home

    home = point_default_site_at_home()
    backend = get_search_backend()
    for slug, (title, intro) in PAGES.items():
        backend.add(StandardPageFactory(parent=home, title=title, intro=intro, slug=slug))
    return backend


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("ぼらんてぃあ", "volunteer"),
        ("社會福祉協議會", "council"),
        ("コミュニティー", "community"),
        ("見守る", "watch"),
        ("キッカケ", "trigger"),
        ("ヒキコモリ", "trigger"),
    ],
)
def test_database_backend_finds_the_variant(world, query, slug):
    found = [page.slug for page in world.search(query, StandardPage, operator="or")]
    assert found[:1] == [slug]
