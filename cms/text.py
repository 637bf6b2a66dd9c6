"""Normalising what people type: full-width digits, hyphens, spaces and kana.

Japanese keyboards produce full-width characters (０１２－３４５６) as easily as
ASCII ones. Forms run these before validation so both are accepted, and
nothing a person typed is rejected for its width alone.
"""

import unicodedata

# The many dashes people type between digits: hyphen-minus, full-width
# hyphen, the katakana long-vowel mark, minus sign, en/em dash, etc.
DASHES = "\u002d\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff0d\uff70\u2043\ufe63"
DASH_TABLE = str.maketrans(dict.fromkeys(DASHES, "-"))


def nfkc(value: str) -> str:
    return unicodedata.normalize("NFKC", value or "")


def normalise_digits(value: str) -> str:
    """'０１２－３４５ー６７８９' → '012-345-6789' (spaces removed)."""
    text = nfkc(value).translate(DASH_TABLE)
    return "".join(text.split())


def normalise_text(value: str) -> str:
    """Trim and fold full-width ASCII letters and digits, keep Japanese as typed.

    NFKC would also turn half-width katakana (ﾌｰﾄﾞ) into full-width (フード),
    which is what we want for names; it leaves kanji and kana alone.
    """
    return nfkc(value).strip()


def to_katakana(value: str) -> str:
    """Readings are stored in katakana so that sorting by them is consistent."""
    text = nfkc(value).strip()
    return "".join(chr(ord(char) + 0x60) if "\u3041" <= char <= "\u3096" else char for char in text)
