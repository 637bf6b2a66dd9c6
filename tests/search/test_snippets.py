"""Snippets: the matches are found piece by piece, and the marks are the same.

``search.snippets`` analyses a result's text about 200 characters at a
time and stops once the snippet is covered; it must mark what analysing the
whole text at once marked, find a match far into the text, and never cut a
word at a piece's edge.
"""

from sudachipy import SplitMode

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
