"""Snippets of result text with the matched words marked, safe to print.

The text is cut around the first match and every piece is HTML-escaped
before the ``<mark>`` tags are put around the words whose analysed terms
(normalised forms, sub-words) are among the query's terms, so 「取組」
marks 「取り組み」 and nothing in the text can inject markup.
"""

from __future__ import annotations

import hashlib
import re
import threading
from array import array
from collections import OrderedDict

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


def _pieces(text: str, offset: int = 0):
    """(offset, piece) of ``text[:SCAN]``, each about ``PIECE`` characters, cut between words.

    From ``offset`` (where an earlier piece ended), the same pieces as from the start.
    """
    limit = min(len(text), SCAN)
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


class _Analysed:
    """The words of a text's first pieces that have terms, as Sudachi found them.

    ``pieces[i]`` is where piece ``i`` ends; its words are
    ``words[starts[i]:starts[i + 1]]`` (``starts`` has one more item), each
    a begin, an end and the id of its terms (``_Cache.term_sets``). Never changed
    once made: a longer analysis of the same text replaces it.
    """

    __slots__ = ("begins", "ends", "ids", "pieces", "starts")

    def __init__(self):
        self.pieces = array("I")
        self.starts = array("I", [0])
        self.begins = array("I")
        self.ends = array("I")
        self.ids = array("I")

    def extended(self) -> _Analysed:
        """A copy to analyse more pieces into (this one may be read by another request)."""
        copy = _Analysed.__new__(_Analysed)
        for name in self.__slots__:
            setattr(copy, name, array("I", getattr(self, name)))
        return copy


# The analysed pieces of the texts shown lately, by a digest of the text's
# first SCAN characters (all the pieces depend on): a results page shows the
# same best-ranked documents to every query of their words, and Sudachi takes
# about 1 ms per 1,000 characters. Bounded by the words kept (about 12 bytes
# each); each distinct set of terms is kept once, by id.
MAX_CACHED_TEXT_WORDS = 500_000
MAX_TERM_SETS = 200_000


class _Cache:
    def __init__(self):
        self.texts: OrderedDict[bytes, _Analysed] = OrderedDict()
        self.words = 0
        self.term_sets: list[frozenset] = []
        self.term_set_ids: dict[frozenset, int] = {}
        self.lock = threading.Lock()

    def get(self, key: bytes) -> _Analysed | None:
        with self.lock:
            found = self.texts.get(key)
            if found is not None:
                self.texts.move_to_end(key)
            return found

    def keep(self, key: bytes, analysed: _Analysed) -> None:
        with self.lock:
            previous = self.texts.pop(key, None)
            if previous is not None:
                self.words -= len(previous.ids)
            self.texts[key] = analysed
            self.words += len(analysed.ids)
            while self.words > MAX_CACHED_TEXT_WORDS and len(self.texts) > 1:
                _key, dropped = self.texts.popitem(last=False)
                self.words -= len(dropped.ids)

    def term_set_id(self, found: frozenset) -> int:
        number = self.term_set_ids.get(found)
        if number is None:
            with self.lock:
                number = self.term_set_ids.get(found)
                if number is None:
                    number = len(self.term_sets)
                    self.term_sets.append(found)
                    self.term_set_ids[found] = number
        return number


_cache = _Cache()


def clear_cache() -> None:
    """Forget the analysed texts and the words' terms (tests; a changed analysis).

    A snippet being made meanwhile keeps the cache it started with.
    """
    global _cache
    _cache = _Cache()
    _word_terms.clear()


def _text_key(text: str) -> bytes:
    return hashlib.blake2b(text[:SCAN].encode(), digest_size=16).digest()


def _analyse_piece(cache: _Cache, analysed: _Analysed, offset: int, piece: str) -> None:
    """Add ``piece``'s words that have terms (at ``offset`` in the text) to ``analysed``."""
    from sudachipy import SplitMode

    get = _word_terms.get
    set_id = cache.term_set_ids.get
    begins, ends, ids = analysed.begins, analysed.ends, analysed.ids
    for morpheme in _tokenizer().tokenize(piece, SplitMode.C):
        found = None if morpheme.is_oov() else get((morpheme.word_id(), morpheme.surface()))
        if found is None:
            found = _terms_of(morpheme)
        if found:
            begins.append(offset + morpheme.begin())
            ends.append(offset + morpheme.end())
            number = set_id(found)
            ids.append(cache.term_set_id(found) if number is None else number)
    analysed.pieces.append(offset + len(piece))
    analysed.starts.append(len(ids))


def _match_spans(text: str, terms: set[str], width: int = WIDTH) -> list[tuple[int, int]]:
    """Spans of the words whose terms are among ``terms``, up to the end of the snippet.

    The text is analysed piece by piece and stops once the snippet around
    the first match is covered: Sudachi takes about 1 ms per 1,000
    characters, and a results page has twenty snippets. The pieces
    analysed are kept (``_cache``): the next snippet of the same text
    reads them, and analyses only the pieces that were never needed before.
    """
    cache = _cache
    if len(cache.term_sets) > MAX_TERM_SETS:
        clear_cache()
        cache = _cache
    key = _text_key(text)
    analysed = cache.get(key) or _Analysed()
    spans: list[tuple[int, int]] = []
    matches: dict[int, bool] = {}
    term_sets = cache.term_sets

    def read(number: int) -> bool:
        """Add the matches of piece ``number``; True once the snippet is covered."""
        for index in range(analysed.starts[number], analysed.starts[number + 1]):
            set_id = analysed.ids[index]
            matched = matches.get(set_id)
            if matched is None:
                matched = matches[set_id] = not terms.isdisjoint(term_sets[set_id])
            if matched:
                spans.append((analysed.begins[index], analysed.ends[index]))
        return bool(spans) and analysed.pieces[number] >= max(0, spans[0][0] - BEFORE) + width

    for number in range(len(analysed.pieces)):
        if read(number):
            return spans
    start = analysed.pieces[-1] if analysed.pieces else 0
    if start >= min(len(text), SCAN):
        return spans
    analysed = analysed.extended()
    for offset, piece in _pieces(text, start):
        _analyse_piece(cache, analysed, offset, piece)
        if read(len(analysed.pieces) - 1):
            break
    cache.keep(key, analysed)
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
