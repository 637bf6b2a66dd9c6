"""The multilingual search glossary (``glossary.csv``): foreign phrases → Japanese.

At query time an English or romaji phrase found in the query becomes one query
group whose alternatives are the phrase itself (for English translations of
pages) and each Japanese term of its row. The phrases of the other resident
languages (``LANGUAGE_COLUMNS``) work the same way, matched as their script
needs: Latin-script ones (vi, pt-br, es, id, tl) case-insensitively, with
their diacritics first and then without (Vietnamese tones tell words apart,
so an exact spelling wins); Korean, Chinese, Thai and Nepali ones by the
longest phrase found anywhere in the text, spaces optional (Thai and Chinese
have none between words). Their own alternative is the phrase analysed as
the index analyses text, so the translated pages of that language match too.

Rows marked ``ja_synonyms`` also make their Japanese terms find one another
(社協 ↔ 社会福祉協議会). The same rows become the Elasticsearch synonyms (``search.elasticsearch``).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GLOSSARY_PATH = Path(__file__).with_name("glossary.csv")
# settings.LANGUAGES code → column of glossary.csv (English has its own column).
LANGUAGE_COLUMNS = {
    "vi": "vi",
    "ko": "ko",
    "zh-hans": "zh_hans",
    "pt-br": "pt_br",
    "es": "es",
    "id": "id",
    "tl": "tl",
    "th": "th",
    "ne": "ne",
}
LATIN_LANGUAGES = ("vi", "pt-br", "es", "id", "tl")
# Latin letters, with the accented ones of Vietnamese, Portuguese and Spanish.
LETTERS = "0-9a-z\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff"


@dataclass(frozen=True)
class Entry:
    english: tuple[str, ...]
    romaji: tuple[str, ...]
    japanese: tuple[str, ...]
    ja_synonyms: bool
    # (language code, phrases) for the languages of LANGUAGE_COLUMNS the row has.
    translations: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def phrases(self, language: str) -> tuple[str, ...]:
        """The row's phrases in ``language`` (a settings.LANGUAGES code)."""
        if language == "en":
            return self.english
        return dict(self.translations).get(language, ())

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
                    translations=tuple(
                        (language, _cell(row.get(column) or ""))
                        for language, column in LANGUAGE_COLUMNS.items()
                        if _cell(row.get(column) or "")
                    ),
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


def fold_diacritics(text: str) -> str:
    """Each character without its accents (ệ → e, đ → d), keeping the length."""
    out = []
    for char in text:
        if char in "đĐ":
            out.append("d")
        else:
            out.append(unicodedata.normalize("NFD", char)[0])
    return "".join(out)


def _alternatives(key: str, japanese) -> list[tuple[str, ...]]:
    return [alt for alt in [_terms(key), *japanese] if alt]


def _add(table: dict, key: str, options: list[tuple[str, ...]]) -> None:
    bucket = table.setdefault(key, [])
    bucket.extend(alt for alt in options if alt not in bucket)


@lru_cache(maxsize=1)
def _translation_matchers():
    """Regexes over the other languages' phrases (longest first) → their alternatives.

    Returns (exact Latin, folded Latin, script) as (regex, table) pairs.
    """
    exact: dict[str, list] = {}
    folded: dict[str, list] = {}
    script: dict[str, list] = {}
    for entry in entries():
        japanese = [_terms(term) for term in entry.japanese]
        own_japanese = {_phrase_key(term) for term in entry.japanese}
        for language, phrases in entry.translations:
            for phrase in phrases:
                key = _phrase_key(phrase)
                if not key or key in own_japanese:
                    continue
                options = _alternatives(key, japanese)
                if language in LATIN_LANGUAGES:
                    _add(exact, key, options)
                    _add(folded, fold_diacritics(key), options)
                else:
                    _add(script, "".join(key.split()), options)

    def latin(table):
        keys = sorted(table, key=len, reverse=True)
        # Hyphens and spaces alike between words (bem-estar, público-privada).
        pattern = "|".join(r"[\s\-]+".join(re.escape(part) for part in key.split()) for key in keys)
        return re.compile(rf"(?<![{LETTERS}])({pattern})(?:e?s)?(?![{LETTERS}])"), table

    keys = sorted(script, key=len, reverse=True)
    pattern = "|".join(r"\s*".join(re.escape(char) for char in key) for key in keys)
    return latin(exact), latin(folded), (re.compile(f"({pattern})"), script)


def _take(regex, table, text: str, groups: list, matched_in: str | None = None) -> str:
    """Blank out (with spaces, keeping positions) each phrase of ``regex`` found in ``text``.

    ``matched_in`` is a same-length copy of ``text`` to match in (``text``
    without diacritics); the group's surface is always the text as typed.
    """
    haystack = text if matched_in is None else matched_in
    pieces, position = [], 0
    for match in regex.finditer(haystack):
        key = " ".join(match.group(1).replace("-", " ").split())
        options = table.get(key) or table.get("".join(key.split()))
        if not options:
            continue
        groups.append(Group_(text[match.start() : match.end()], list(options)))
        pieces.append(text[position : match.start()])
        pieces.append(" " * (match.end() - match.start()))
        position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)


def Group_(surface, alternatives):
    from search.analysis import Group

    return Group(surface=surface, alternatives=alternatives)


def expand_translations(text: str):
    """Take the other languages' glossary phrases out of normalised query text, as groups."""
    (exact, exact_table), (folded, folded_table), (script, script_table) = _translation_matchers()
    groups: list = []
    text = _take(exact, exact_table, text, groups)
    text = _take(folded, folded_table, text, groups, matched_in=fold_diacritics(text))
    text = _take(script, script_table, text, groups)
    return text, groups


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
    text, translated = expand_translations(text)
    return text, groups + translated


def expand_words(text: str, translations) -> tuple[str, list]:
    """Take machine-translated words ((word, Japanese) pairs) out of query text, as groups.

    Each group's alternatives are the word's own terms and its Japanese's,
    like a glossary row's (``search.query_translation``).
    """
    groups: list = []
    for word, japanese in translations:
        pattern = re.compile(rf"(?<!\S){re.escape(word)}(?=[.,;:!?\"'()\[\]]*(?:\s|$))")
        if not pattern.search(text):
            continue
        options = _alternatives(_phrase_key(word), [_terms(_phrase_key(japanese))])
        groups.append(Group_(word, options))
        text = pattern.sub(lambda match: " " * len(match.group(0)), text)
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
