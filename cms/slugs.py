"""One rule for the URL names of pages, write-ups and organisations: the title in romaji.

「子ども食堂ネットワークのお知らせ」 → ``kodomo-shokudo-nettowaku-oshirase``.
Each word of the title is read by SudachiPy (the analysis search already
runs), written in Hepburn (cms/romaji.py) and joined with hyphens; words
already in Latin letters or digits stay as written (ＮＰＯ → ``npo``);
particles, auxiliaries and symbols are left out. A title with nothing
readable gets the fallback, and ``unique_slug`` adds -2, -3… when the name
is taken.
"""

import re
import unicodedata

from cms.romaji import hepburn
from cms.sudachi import tokenizer

MAX_LENGTH = 60
_SKIPPED = {"助詞", "助動詞", "補助記号", "空白", "記号"}
_ASCII_WORD = re.compile(r"[a-z0-9]+")


def _words(text):
    from sudachipy import SplitMode

    for morpheme in tokenizer().tokenize(text, SplitMode.B):
        if morpheme.part_of_speech()[0] in _SKIPPED:
            continue
        surface = morpheme.surface().lower()
        if surface.isascii():
            yield from _ASCII_WORD.findall(surface)
        else:
            word = hepburn(morpheme.reading_form())
            if word:
                yield word


def romanise(text, max_length=MAX_LENGTH):
    """The title's words in romaji, hyphen-joined, cut at a word within max_length."""
    text = unicodedata.normalize("NFKC", text or "")[:500]
    slug = ""
    for word in _words(text):
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > max_length:
            if not slug:
                slug = word[:max_length]
            break
        slug = longer
    return slug


def slug_for(text, fallback, max_length=MAX_LENGTH):
    return romanise(text, max_length) or fallback


def unique_slug(base, is_taken):
    """``base``, else ``base-2``, ``base-3``… the first that ``is_taken`` refuses."""
    if not is_taken(base):
        return base
    number = 2
    while is_taken(f"{base}-{number}"):
        number += 1
    return f"{base}-{number}"
