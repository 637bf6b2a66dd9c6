"""Furigana for Easy Japanese: <ruby> over kanji, from SudachiPy's readings.

``add_furigana(html)`` returns HTML in which every word written with kanji
carries its reading in hiragana, with the okurigana left outside the ruby:

    見守り → <ruby>見守<rt>みまも</rt></ruby>り

Readings come from SudachiPy's longest split (mode C), which reads words in
context: 「日本」 is にっぽん but 「日本橋」 is にほんばし. A machine still gets
some readings wrong (「市場」 is read しじょう even at a fish market), so an
editor can correct them:

* in the text, with the markup of Japanese e-texts: 市場《いちば》, or
  ｜base《reading》 when the base is not a single run of kanji;
* for the whole site, with a word → reading list (``FuriganaReading`` snippets,
  passed in as ``overrides``).

The input is HTML (rich text) or plain text. Tags are kept exactly as they
are, text is escaped, and nothing inside <ruby>, <rt>, <rp>, <script>,
<style>, <code>, <pre> or <time> is touched.
"""

import re
from html import escape
from html.parser import HTMLParser

from django.utils.safestring import SafeData, mark_safe

from cms.sudachi import tokenizer

KANJI = r"\u3005\u3006\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff"  # 々〆 and CJK ideographs
HAS_KANJI = re.compile(f"[{KANJI}]")
KANJI_RUN = re.compile(f"[{KANJI}]+")
# ｜base《reading》 or kanji《reading》 (the editor's correction).
EXPLICIT = re.compile(f"[｜|]([^｜|《》]+)《([^《》]+)》|([{KANJI}]+)《([^《》]+)》")
# <time>: dates are numbers with 年月日 and a weekday; the dictionary reads
# 19日 and （木） out of context (か, き), so dates get no readings.
SKIP_TAGS = {"ruby", "rt", "rp", "script", "style", "code", "pre", "textarea", "time"}
VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area", "embed"}


def to_hiragana(text):
    """Katakana → hiragana (ァ..ヶ); everything else unchanged."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def ruby(base, reading):
    return f"<ruby>{escape(base, quote=False)}<rt>{escape(reading, quote=False)}</rt></ruby>"


def split_okurigana(surface, reading):
    """[(text, reading or None)] aligning the kana of ``surface`` with ``reading``.

    「見守り」+「みまもり」 → [("見守", "みまも"), ("り", None)];
    「取り組み」+「とりくみ」 → [("取", "と"), ("り", None), ("組", "く"), ("み", None)].
    When the two cannot be aligned the whole word gets the whole reading.
    """
    parts = re.findall(f"[{KANJI}]+|[^{KANJI}]+", surface)
    pattern = "".join(
        "(.+?)" if KANJI_RUN.fullmatch(part) else f"({re.escape(to_hiragana(part))})"
        for part in parts
    )
    match = re.fullmatch(pattern, reading)
    if not match:
        return [(surface, reading)]
    return [
        (part, group if KANJI_RUN.fullmatch(part) else None)
        for part, group in zip(parts, match.groups(), strict=True)
    ]


def _annotate_plain(text):
    """Ruby for the kanji words of ``text`` (no markup in it), escaped."""
    if not HAS_KANJI.search(text):
        return escape(text, quote=False)
    from sudachipy import SplitMode

    out = []
    for morpheme in tokenizer().tokenize(text, SplitMode.C):
        surface = morpheme.surface()
        reading = to_hiragana(morpheme.reading_form())
        if not HAS_KANJI.search(surface) or not reading or reading == surface:
            out.append(escape(surface, quote=False))
            continue
        for part, part_reading in split_okurigana(surface, reading):
            out.append(ruby(part, part_reading) if part_reading else escape(part, quote=False))
    return "".join(out)


def _apply_overrides(text, overrides):
    """Write the site-wide corrections into ``text`` as ｜word《reading》 markup."""
    if not overrides:
        return text
    words = sorted(overrides, key=len, reverse=True)  # 日本橋 before 日本
    pattern = re.compile("|".join(re.escape(word) for word in words))

    def replace(match):
        return f"｜{match.group(0)}《{overrides[match.group(0)]}》"

    # Do not rewrite inside markup the editor already wrote.
    pieces = []
    position = 0
    for explicit in EXPLICIT.finditer(text):
        pieces.append(pattern.sub(replace, text[position : explicit.start()]))
        pieces.append(explicit.group(0))
        position = explicit.end()
    pieces.append(pattern.sub(replace, text[position:]))
    return "".join(pieces)


def annotate_text(text, overrides=None):
    """Furigana for one text node (plain text, not HTML): returns escaped HTML."""
    text = _apply_overrides(text, overrides)
    out = []
    position = 0
    for explicit in EXPLICIT.finditer(text):
        out.append(_annotate_plain(text[position : explicit.start()]))
        base = explicit.group(1) or explicit.group(3)
        reading = explicit.group(2) or explicit.group(4)
        out.append(ruby(base, reading))
        position = explicit.end()
    out.append(_annotate_plain(text[position:]))
    return "".join(out)


class _FuriganaParser(HTMLParser):
    """Re-emits the HTML with its text nodes annotated."""

    def __init__(self, overrides):
        super().__init__(convert_charrefs=True)
        self.overrides = overrides
        self.out = []
        self.skip_depth = 0

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag in SKIP_TAGS:
            self.skip_depth += 1

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        self.out.append(f"</{tag}>")
        if tag in SKIP_TAGS and self.skip_depth:
            self.skip_depth -= 1

    def handle_data(self, data):
        if self.skip_depth:
            self.out.append(escape(data, quote=False))
        else:
            self.out.append(annotate_text(data, self.overrides))

    def handle_comment(self, data):
        pass  # comments are dropped

    def handle_entityref(self, name):  # only without convert_charrefs
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")


def add_furigana(value, overrides=None):
    """Furigana over the kanji of ``value``: safe HTML.

    A SafeData value (rich text, the output of a template) is parsed as HTML
    and its tags kept; anything else is plain text and is escaped first.
    """
    if value is None:
        return ""
    if not isinstance(value, SafeData):
        return mark_safe(annotate_text(str(value), overrides))  # noqa: S308 (escaped)
    parser = _FuriganaParser(overrides)
    parser.feed(str(value))
    parser.close()
    return mark_safe("".join(parser.out))  # noqa: S308 (tags kept, text escaped)


# One piece of markup in rendered HTML: a raw-text element whole (its content is
# not text for readers, and a <textarea> holds what the author will save), a
# comment or declaration, a tag with its quoted attribute values, or a stray
# "<". What lies between two pieces is one text node, and never holds a "<".
_TAG = r"""</?[A-Za-z][^\s/>]*(?:[^>"']|"[^"]*"|'[^']*')*>"""
_MARKUP = re.compile(
    r"""(<(script|style|textarea)\b(?:[^>"']|"[^"]*"|'[^']*')*>.*?</\2\s*>"""
    rf"|<!--.*?-->|<[!?][^>]*>|{_TAG}|<)",
    re.S | re.I,
)


def _strip_text(text):
    return EXPLICIT.sub(lambda m: m.group(1) or m.group(3), text)


def strip_markup(value):
    """The text without the editor's 《reading》 markup (for furigana off).

    Plain text is one text node. In HTML (SafeData) the markup is read within
    each text node on its own: never across a tag, a comment or inside an
    attribute value, so an unclosed 「漢《」 in one member's post cannot reach
    a 「》」 further down the page.
    """
    text = str(value)
    if "《" not in text:
        return value if isinstance(value, SafeData) else text
    if not isinstance(value, SafeData):
        return _strip_text(text)
    # split() gives [text, markup, raw-text tag name, text, markup, ...].
    pieces = _MARKUP.split(text)
    for index in range(0, len(pieces), 3):
        if "《" in pieces[index]:
            pieces[index] = _strip_text(pieces[index])
    pieces[2::3] = [""] * len(pieces[2::3])
    return mark_safe("".join(pieces))  # noqa: S308 (tags kept as they were, text only shortened)
