"""An aid for editors of Easy Japanese (やさしい日本語) pages: sentences too long.

Guides to Easy Japanese (the Immigration Services Agency and Agency for
Cultural Affairs' 「在留支援のためのやさしい日本語ガイドライン」, 2020) ask for
short sentences, one thing per sentence. After an Easy Japanese page is
saved, the editor is told which of its sentences run over
``MAX_SENTENCE_LENGTH`` characters (spaces between phrases and the editor's
《reading》 markup not counted). A warning, never a refusal: the editor
decides. (A check against a basic vocabulary list is not done yet.)
"""

import re

from django.utils.html import strip_tags

from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from cms.furigana import strip_markup

MAX_SENTENCE_LENGTH = 50
SENTENCE_END = re.compile(r"(?<=[。！？!?])|\n")
NOT_COUNTED = re.compile(r"[\s\u3000]")


def sentence_length(sentence):
    return len(NOT_COUNTED.sub("", sentence))


def long_sentences(text):
    """The sentences of ``text`` (plain or HTML) longer than the limit, in order."""
    plain = strip_markup(strip_tags(text))
    sentences = (part.strip() for part in SENTENCE_END.split(plain))
    return [s for s in sentences if s and sentence_length(s) > MAX_SENTENCE_LENGTH]


def long_sentences_of_page(page):
    """The long sentences of every text of ``page`` that a translation would carry."""
    found = []
    for segment in extract_segments(page.specific):
        if isinstance(segment, StringSegmentValue) and segment.path != "slug":
            found.extend(long_sentences(segment.render_text()))
    return found
