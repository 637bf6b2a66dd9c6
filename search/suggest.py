"""「もしかして」: for a search that finds (almost) nothing, the nearest words that find more.

Each word of the query whose analysed terms the index does not hold is
replaced by the nearest term of the index's own vocabulary (the terms of
``search.postings``), by edit distance (``rapidfuzz``'s normalised
Indel similarity), a word typed in hiragana also compared in katakana, the
term held by more documents winning a tie. The suggestion is offered only
when it finds more for this viewer than the query did, so it never names a
word that only pages the viewer may not read contain.

The vocabulary is read at most once per ``VOCABULARY_SECONDS`` per process
and kept in its memory (tens of thousands of terms: too big to fetch from
a shared cache on each request). The Elasticsearch backend keeps no
postings: it offers no suggestion.
"""

from __future__ import annotations

import time

from django.db.models import Count

from rapidfuzz import fuzz, process

from search.analysis import (
    HIRAGANA_ONLY,
    KANA_ONLY,
    SCRIPT_RUN,
    analyse_query,
    kana_key,
    normalise,
    to_katakana,
)
from search.models import Posting

# A query with fewer results than this gets a suggestion, if one finds more.
FEW_RESULTS = 3
# How similar (0–100) a vocabulary term must be to a typed word.
MIN_SIMILARITY = 70
CANDIDATES = 5
VOCABULARY_SECONDS = 600
_vocabulary: dict = {}  # "terms", "read_at"


def forget_vocabulary() -> None:
    """Read the vocabulary afresh on the next suggestion (tests, after a rebuild)."""
    _vocabulary.clear()


def vocabulary() -> dict[str, tuple[int, str]]:
    """term → (number of indexed objects holding it, the form compared), of the terms to suggest.

    The form compared is the term's kana key if it has one (so a typed
    ボランテイヤ is one letter from ボランティア), else the term.

    Left out: single characters, numbers, the bigrams of Thai, Nepali and
    Korean runs, and kana keys (``analysis.kana_key``) that stand for a
    spelling of another term (ボランテイア for ボランティア).
    """
    if _vocabulary and time.monotonic() - _vocabulary["read_at"] < VOCABULARY_SECONDS:
        return _vocabulary["terms"]
    rows = Posting.objects.values_list("term").order_by().annotate(found=Count("object_id"))
    counts = {
        term: found
        for term, found in rows
        if len(term) > 1 and not term.isdigit() and not SCRIPT_RUN.search(term)
    }
    keys = _keys_of_others(counts)
    terms = {term: (found, _compared(term)) for term, found in counts.items() if term not in keys}
    _vocabulary.update(terms=terms, read_at=time.monotonic())
    return terms


def _keys_of_others(counts: dict[str, int]) -> set[str]:
    """The kana keys that stand for another term's spelling (ボランテイア for ボランティア)."""
    keys = set()
    for term in counts:
        key = kana_key(term) if KANA_ONLY.match(term) else None
        if key and key != term:
            keys.add(key)
    return keys


def _compared(word: str) -> str:
    return (kana_key(word) if KANA_ONLY.match(word) else None) or word


def _nearest(word: str, terms: dict[str, tuple[int, str]]) -> str | None:
    """The vocabulary term nearest ``word`` (by their kana keys), the more frequent on a tie."""
    readings = [word]
    if HIRAGANA_ONLY.match(word):
        readings.append(to_katakana(word))
    choices = {term: compared for term, (_found, compared) in terms.items()}
    best = None
    for reading in readings:
        for _compared_form, score, candidate in process.extract(
            _compared(reading),
            choices,
            scorer=fuzz.ratio,
            limit=CANDIDATES,
            score_cutoff=MIN_SIMILARITY,
        ):
            rank = (score, terms[candidate][0])
            if candidate != word and (best is None or rank > best[0]):
                best = (rank, candidate)
    return best[1] if best else None


def suggestion(query: str) -> str | None:
    """The query with each word the index does not know replaced by its nearest term."""
    terms = vocabulary()
    if not terms:
        return None
    words = normalise(query).split()
    changed = False
    out = []
    for word in words:
        groups = analyse_query(word, expand=False)
        known = bool(groups) and all(
            any(all(term in terms for term in alt) for alt in group.alternatives)
            for group in groups
        )
        nearest = None if known or SCRIPT_RUN.search(word) else _nearest(word, terms)
        if nearest:
            changed = True
        out.append(nearest or word)
    return " ".join(out) if changed else None


def did_you_mean(request, query: str, found: int) -> str | None:
    """A suggestion for ``query`` (which found ``found``), if it finds more for the viewer."""
    from search import services

    if not query or found >= FEW_RESULTS:
        return None
    suggested = suggestion(query)
    if not suggested:
        return None
    return suggested if sum(services.search(request, suggested).counts.values()) > found else None
