"""Katakana readings → Hepburn romaji, as passports and road signs write it.

SudachiPy gives every word's reading in katakana (cms/sudachi.py, the same
analysis search and furigana use); this turns a reading into the ASCII a
Japanese reader recognises in a URL: 「トウキョウ」 → ``tokyo``, 「シャカイ
フクシ」 → ``shakaifukushi``, 「ボランティア」 → ``borantia``. Long vowels
are written without marks (ou, oo, uu and ー fold into one vowel), ン is
``n`` and ッ doubles the next consonant (``tch`` before ch).

Written here rather than taken from a package: jaconv (the kept kana
converter) writes チェ as ``chie`` and ティ as ``tei``, and cutlet would bring
a second tokenizer and dictionary for readings we already have.
"""

import unicodedata

_DIGRAPHS = {
    # 拗音
    "キャ": "kya", "キュ": "kyu", "キョ": "kyo", "ギャ": "gya", "ギュ": "gyu", "ギョ": "gyo",
    "シャ": "sha", "シュ": "shu", "ショ": "sho", "ジャ": "ja", "ジュ": "ju", "ジョ": "jo",
    "チャ": "cha", "チュ": "chu", "チョ": "cho", "ヂャ": "ja", "ヂュ": "ju", "ヂョ": "jo",
    "ニャ": "nya", "ニュ": "nyu", "ニョ": "nyo", "ヒャ": "hya", "ヒュ": "hyu", "ヒョ": "hyo",
    "ビャ": "bya", "ビュ": "byu", "ビョ": "byo", "ピャ": "pya", "ピュ": "pyu", "ピョ": "pyo",
    "ミャ": "mya", "ミュ": "myu", "ミョ": "myo", "リャ": "rya", "リュ": "ryu", "リョ": "ryo",
    # sounds of loanwords
    "シェ": "she", "ジェ": "je", "チェ": "che", "ティ": "ti", "ディ": "di", "デュ": "dyu",
    "トゥ": "tu", "ドゥ": "du", "ツァ": "tsa", "ツェ": "tse", "ツォ": "tso",
    "ファ": "fa", "フィ": "fi", "フェ": "fe", "フォ": "fo", "フュ": "fyu",
    "ウィ": "wi", "ウェ": "we", "ウォ": "wo", "ヴァ": "va", "ヴィ": "vi", "ヴェ": "ve",
    "ヴォ": "vo", "イェ": "ye", "クァ": "kwa", "グァ": "gwa",
}  # fmt: skip

_KANA_ROWS = (
    ("アイウエオ", "a i u e o"),
    ("カキクケコ", "ka ki ku ke ko"),
    ("サシスセソ", "sa shi su se so"),
    ("タチツテト", "ta chi tsu te to"),
    ("ナニヌネノ", "na ni nu ne no"),
    ("ハヒフヘホ", "ha hi fu he ho"),
    ("マミムメモ", "ma mi mu me mo"),
    ("ヤユヨ", "ya yu yo"),
    ("ラリルレロ", "ra ri ru re ro"),
    ("ワヰヱヲン", "wa i e o n"),
    ("ガギグゲゴ", "ga gi gu ge go"),
    ("ザジズゼゾ", "za ji zu ze zo"),
    ("ダヂヅデド", "da ji zu de do"),
    ("バビブベボ", "ba bi bu be bo"),
    ("パピプペポ", "pa pi pu pe po"),
    ("ヴ", "vu"),
    ("ァィゥェォャュョヮ", "a i u e o ya yu yo wa"),
)
_MONOGRAPHS = {
    kana: romaji
    for row, sounds in _KANA_ROWS
    for kana, romaji in zip(row, sounds.split(), strict=True)
}

# Long vowels of modified Hepburn, written without macrons.
_LONG_VOWELS = (("ou", "o"), ("oo", "o"), ("uu", "u"))


def _katakana(text):
    text = unicodedata.normalize("NFKC", text)
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def hepburn(reading):
    """「ショクドウ」 → ``shokudo``; characters that are not kana are dropped."""
    kana = _katakana(reading)
    syllables = []
    double_next = False
    i = 0
    while i < len(kana):
        pair, char = kana[i : i + 2], kana[i]
        if pair in _DIGRAPHS:
            syllable, i = _DIGRAPHS[pair], i + 2
        elif char in _MONOGRAPHS:
            syllable, i = _MONOGRAPHS[char], i + 1
        elif char == "ッ":
            double_next, i = True, i + 1
            continue
        else:  # ー and anything else: the long vowel folds below
            i += 1
            continue
        if double_next:
            syllable = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
            double_next = False
        syllables.append(syllable)
    word = "".join(syllables)
    for long, short in _LONG_VOWELS:
        word = word.replace(long, short)
    return word
