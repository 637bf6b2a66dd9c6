"""The bilingual search glossary (``glossary.csv``): English/romaji → Japanese.

At query time an English or romaji phrase found in the query becomes one query
group whose alternatives are the phrase itself (for English translations of
pages) and each Japanese term of its row. Rows marked ``ja_synonyms`` also
make their Japanese terms find one another (社協 ↔ 社会福祉協議会). The same
rows become the Elasticsearch synonyms (``search.elasticsearch``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GLOSSARY_PATH = Path(__file__).with_name("glossary.csv")


@dataclass(frozen=True)
class Entry:
    english: tuple[str, ...]
    romaji: tuple[str, ...]
    japanese: tuple[str, ...]
    ja_synonyms: bool

    @property
    def foreign(self) -> tuple[str, ...]:
        """English and romaji phrases, without repeats."""
        return tuple(dict.fromkeys(self.english + self.romaji))


def _cell(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split("|") if part.strip())


def load(path: Path = GLOSSARY_PATH) -> list[Entry]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if line.strip() and not line.startswith("#"))
        entries = []
        for number, row in enumerate(rows, start=2):
            japanese = _cell(row["japanese"])
            foreign = _cell(row["english"]) + _cell(row["romaji"])
            if not japanese or not foreign:
                raise ValueError(f"{path.name}: row {number} needs foreign and Japanese terms")
            entries.append(
                Entry(
                    english=_cell(row["english"]),
                    romaji=_cell(row["romaji"]),
                    japanese=japanese,
                    ja_synonyms=row["ja_synonyms"].strip().lower() == "yes",
                )
            )
    return entries


@lru_cache(maxsize=1)
def entries() -> tuple[Entry, ...]:
    return tuple(load())


def _phrase_key(phrase: str) -> str:
    from search.analysis import normalise

    return " ".join(normalise(phrase).replace("-", " ").split())


def _terms(japanese: str) -> tuple[str, ...]:
    """The long-unit terms of a Japanese glossary term (all must match)."""
    from search.analysis import words

    return tuple(word.term for word in words(_phrase_key(japanese)))


@lru_cache(maxsize=1)
def _matcher():
    """One regex over every English/romaji phrase (longest first) → the Japanese alternatives."""

    alternatives: dict[str, list[tuple[str, ...]]] = {}
    for entry in entries():
        japanese = [_terms(term) for term in entry.japanese]
        for phrase in entry.foreign:
            key = _phrase_key(phrase)
            if not re.search(r"[0-9a-z]", key):
                continue
            bucket = alternatives.setdefault(key, [])
            bucket.extend(alt for alt in japanese if alt and alt not in bucket)
    keys = sorted(alternatives, key=len, reverse=True)
    pattern = "|".join(r"\s+".join(re.escape(part) for part in key.split()) for key in keys)
    regex = re.compile(rf"(?<![0-9a-z])({pattern})(?:e?s)?(?![0-9a-z])")
    return regex, alternatives


def expand(text: str):
    """Take the glossary phrases out of normalised query text, as query groups.

    Returns the remaining text and the groups. Each group's alternatives are
    the phrase's own (Latin) terms and the Japanese terms of its row.
    """
    from search.analysis import STOP_FORMS, Group, _fold_latin

    regex, alternatives = _matcher()
    groups: list[Group] = []

    def take(match):
        key = " ".join(match.group(1).replace("-", " ").split())
        own = tuple(_fold_latin(part) for part in key.split())
        own = tuple(term for term in own if term not in STOP_FORMS) or own
        if own in alternatives[key]:
            # An acronym Japanese text uses as is (SNS, NPO, LGBTQ): analyse
            # it like the rest of the query, without widening it.
            return match.group(0)
        options = [own, *(alt for alt in alternatives[key] if alt != own)]
        groups.append(Group(surface=match.group(0), alternatives=options))
        return " "

    text = regex.sub(take, text.replace("-", " ") if regex.search(text.replace("-", " ")) else text)
    return text, groups


@lru_cache(maxsize=1)
def _japanese_synonyms() -> dict[str, list[tuple[str, ...]]]:

    table: dict[str, list[tuple[str, ...]]] = {}
    for entry in entries():
        if not entry.ja_synonyms:
            continue
        forms = [_terms(term) for term in entry.japanese]
        for form in forms:
            if len(form) != 1:
                continue
            bucket = table.setdefault(form[0], [])
            others = [other for other in forms if other and other != form]
            bucket.extend(other for other in others if other not in bucket)
    return table


def japanese_synonyms(term: str) -> list[tuple[str, ...]]:
    """Other Japanese spellings of a one-term word, from rows marked ja_synonyms."""
    return list(_japanese_synonyms().get(term, ()))
