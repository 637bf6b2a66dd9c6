"""Snippets of result text with the matched words marked, safe to print.

The text is cut around the first match and every piece is HTML-escaped
before the ``<mark>`` tags are put around the words whose analysed terms
(normalised forms, sub-words) are among the query's terms, so 「取組」
marks 「取り組み」 and nothing in the text can inject markup.
"""

from __future__ import annotations

import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from cms.text import nfkc
from search.analysis import _katakana_parts, _term, _tokenizer

WIDTH = 120
BEFORE = 30
SCAN = 6000  # characters looked at for matches
PIECE = 200  # characters analysed at a time, until the snippet's matches are found
SPACES = re.compile(r"\s+")
# Where a piece may end without cutting a word: after a full stop or a space.
BREAK = re.compile(r"[。．！？!?\s]")


def _pieces(text: str):
    """(offset, piece) of ``text[:SCAN]``, each about ``PIECE`` characters, cut between words."""
    limit = min(len(text), SCAN)
    offset = 0
    while offset < limit:
        end = min(limit, offset + PIECE)
        if end < limit:
            found = BREAK.search(text, end, min(limit, end + PIECE))
            end = found.end() if found else min(limit, end + PIECE)
        yield offset, text[offset:end]
        offset = end


def plain_text(value: str) -> str:
    """Tags stripped, width folded, whitespace collapsed."""
    return SPACES.sub(" ", nfkc(strip_tags(value or ""))).strip()


# The terms a dictionary word stands for, by (word id, surface): the same for
# every occurrence, and a results page meets the same few thousand words again
# and again. Unknown words (is_oov) are analysed each time.
MAX_CACHED_WORDS = 50_000
_word_terms: dict[tuple[int, str], frozenset] = {}


def _terms_of(morpheme) -> frozenset:
    """The terms ``morpheme`` matches by: its own, its katakana parts, its short units'.

    Empty for a stop token.
    """
    surface = morpheme.surface()
    key = None if morpheme.is_oov() else (morpheme.word_id(), surface)
    found = _word_terms.get(key) if key else None
    if found is not None:
        return found
    from sudachipy import SplitMode

    term = _term(morpheme)
    if term is None:
        found = frozenset()
    else:
        candidates = {term, *_katakana_parts(surface)}
        parts = morpheme.split(SplitMode.A)
        if len(parts) > 1:
            candidates.update(_term(part) for part in parts)
        found = frozenset(candidates)
    if key:
        if len(_word_terms) >= MAX_CACHED_WORDS:
            _word_terms.clear()
        _word_terms[key] = found
    return found


def _match_spans(text: str, terms: set[str], width: int = WIDTH) -> list[tuple[int, int]]:
    """Spans of the words whose terms are among ``terms``, up to the end of the snippet.

    The text is analysed piece by piece and stops once the snippet around
    the first match is covered: Sudachi takes about 1 ms per 1,000
    characters, and a results page has twenty snippets.
    """
    from sudachipy import SplitMode

    spans = []
    tokenize = _tokenizer().tokenize
    for offset, piece in _pieces(text):
        for morpheme in tokenize(piece, SplitMode.C):
            if not terms.isdisjoint(_terms_of(morpheme)):
                spans.append((offset + morpheme.begin(), offset + morpheme.end()))
        if spans and offset + len(piece) >= max(0, spans[0][0] - BEFORE) + width:
            break
    return spans


def highlight(value: str, terms, width: int = WIDTH) -> SafeString:
    """About ``width`` characters of ``value`` around the first match, matches in <mark>."""
    text = plain_text(value)
    if not text:
        return mark_safe("")
    spans = _match_spans(text, set(terms), width) if terms else []
    start = max(0, spans[0][0] - BEFORE) if spans else 0
    end = min(len(text), start + width)
    pieces = ["…" if start else ""]
    cursor = start
    for begin, finish in spans:
        if finish <= start or begin >= end:
            continue
        begin, finish = max(begin, cursor), min(finish, end)
        if begin < cursor:
            continue
        pieces.append(escape(text[cursor:begin]))
        pieces.append(f"<mark>{escape(text[begin:finish])}</mark>")
        cursor = finish
    pieces.append(escape(text[cursor:end]))
    if end < len(text):
        pieces.append("…")
    return mark_safe("".join(pieces))  # noqa: S308 (every piece of text is escaped)
