"""Snippets: the matches are found piece by piece, and the marks are the same.

``search.snippets`` analyses a result's text about 200 characters at a
time and stops once the snippet is covered; it must mark what analysing the
whole text at once marked, find a match far into the text, and never cut a
word at a piece's edge. The pieces analysed are kept by the text: another
snippet of the same text reads them and analyses only pieces never needed
before, with the same marks as a fresh analysis.
"""

import pytest
from sudachipy import SplitMode

from search import snippets
from search.analysis import _term, _tokenizer, query_terms
from search.snippets import SCAN, _match_spans, highlight

SENTENCE = "地域の見守り活動を続けています。認知症カフェは毎月第二土曜日に開きます。"


def whole_text_spans(text, terms):
    spans = []
    for morpheme in _tokenizer().tokenize(text[:SCAN], SplitMode.C):
        if _term(morpheme) in terms:
            spans.append((morpheme.begin(), morpheme.end()))
    return spans


def test_same_marks_as_analysing_the_whole_text():
    text = SENTENCE * 40  # 1,400 characters: several pieces
    terms = set(query_terms("認知症 見守り"))
    assert _match_spans(text, terms, width=len(text)) == whole_text_spans(text, terms)


def test_match_far_into_the_text_is_found():
    text = "お知らせです。" * 400 + "フレイル予防の体操教室。"
    snippet = highlight(text, query_terms("フレイル"))
    assert snippet.startswith("…")
    assert "<mark>フレイル</mark>" in snippet


def test_word_at_a_piece_edge_is_not_cut():
    text = "あ" * 198 + "認知症カフェ。" + "後" * 600
    snippet = highlight(text, query_terms("認知症"))
    assert "<mark>認知症</mark>" in snippet


def test_stops_after_the_snippet():
    text = SENTENCE * 100
    spans = _match_spans(text, set(query_terms("認知症")))
    assert spans and spans[-1][0] < 1000


@pytest.fixture
def analysed_pieces(monkeypatch):
    """A fresh cache; the number of pieces Sudachi is given."""
    snippets.clear_cache()
    counted = []
    tokenizer = snippets._tokenizer

    class Counting:
        def tokenize(self, text, mode):
            counted.append(text)
            return tokenizer().tokenize(text, mode)

    monkeypatch.setattr(snippets, "_tokenizer", Counting)
    yield counted
    snippets.clear_cache()


def fresh(text, query, width=snippets.WIDTH):
    snippets.clear_cache()
    return str(highlight(text, query_terms(query), width))


def test_same_text_is_not_analysed_again(analysed_pieces):
    text = "お知らせです。" * 200  # no match: every piece up to SCAN
    highlight(text, query_terms("フレイル"))
    pieces = len(analysed_pieces)
    assert pieces > 3

    again = highlight(text, query_terms("認知症 カフェ"))

    assert len(analysed_pieces) == pieces
    assert str(again) == fresh(text, "認知症 カフェ")


def test_later_match_analyses_only_the_pieces_not_yet_needed(analysed_pieces):
    text = SENTENCE * 10 + "フレイル予防の体操教室。" + "お知らせです。" * 200
    alone = fresh(text, "フレイル")
    needed = len(analysed_pieces)
    assert 2 < needed < len(list(snippets._pieces(text)))
    snippets.clear_cache()
    analysed_pieces.clear()

    first = str(highlight(text, query_terms("見守り")))  # a match in the first piece
    assert len(analysed_pieces) == 1
    later = str(highlight(text, query_terms("フレイル")))

    # The first piece was read, not analysed again; the rest once each.
    assert len(analysed_pieces) == needed
    assert later == alone and "<mark>フレイル</mark>" in later
    assert first == fresh(text, "見守り")


def test_changed_text_is_analysed_anew(analysed_pieces):
    highlight(SENTENCE, query_terms("認知症"))
    changed = SENTENCE.replace("認知症", "フレイル")
    snippet = str(highlight(changed, query_terms("フレイル 認知症")))
    assert len(analysed_pieces) == 2
    assert "<mark>フレイル</mark>" in snippet and "認知症" not in snippet


def test_cache_is_bounded(analysed_pieces, monkeypatch):
    monkeypatch.setattr(snippets, "MAX_CACHED_TEXT_WORDS", 50)
    for number in range(5):
        highlight(f"{number}番目。" + SENTENCE * 2, query_terms("フレイル"))
    cache = snippets._cache
    assert cache.words <= 50 or len(cache.texts) == 1
    assert len(cache.texts) < 5
    # The oldest went first: the last text is read, not analysed again.
    analysed = len(analysed_pieces)
    highlight("4番目。" + SENTENCE * 2, query_terms("認知症"))
    assert len(analysed_pieces) == analysed
