"""Elasticsearch index settings that analyse Japanese like ``search.analysis``.

No Elasticsearch server runs here, so these settings are tested as data
(tests/search/test_elasticsearch.py). They need the ``analysis-kuromoji`` and
``analysis-icu`` plugins on the cluster.

- ``icu_normalizer`` (nfkc_cf) folds width and case (ＮＰＯ → npo, ﾌｰﾄﾞ → フード);
  a mapping folds old and variant kanji to today's forms (社會 → 社会, the
  table of ``analysis.old_kanji``), another ヴァ → バ and the kana iteration
  marks; dashes typed inside katakana become ー — the same normalisation as
  ``analysis.normalise``;
- ``kuromoji_tokenizer`` in *search* mode splits long compounds into their
  words as Sudachi's A units do; ``kuromoji_baseform`` meets inflected forms;
  ``kuromoji_part_of_speech`` and ``ja_stop`` drop particles, auxiliaries and
  symbols; ``kuromoji_stemmer`` drops a trailing ー from long katakana words;
- a word in kana alone is also indexed under its kana key, as
  ``analysis.kana_key`` does (``ja_kana_key`` in a ``multiplexer``: katakana,
  small kana made large, a final ー dropped), so ぼらんてぃあ meets
  ボランティア and ネツトワーク ネットワーク;
- runs of Thai, Devanagari and Hangul (one token each for kuromoji) become
  character bigrams, as ``analysis.SCRIPT_RUN`` runs do;
- at search time, ``synonym_graph`` with the glossary (``glossary.csv``) lets
  English, romaji and the nine other resident languages find the Japanese
  terms.

What the database backends do at query time only has no equivalent here:
reading a kana query in the other kana through the dictionary (ヒキコモリ →
引き籠もり) and a verb's noun (見守る → 見守り).

The analysers are installed as the index's ``default`` and ``default_search``,
so every text field modelsearch maps uses them.
"""

from __future__ import annotations

import unicodedata
from copy import deepcopy

from search import glossary
from search.analysis import (
    DASHES,
    SMALL_KANA,
    SMALL_KE_PATTERN,
    STEM_MINIMUM,
    VU_TABLE,
    old_kanji,
)

STOP_TAGS = [
    "助詞",
    "助詞-格助詞",
    "助詞-格助詞-一般",
    "助詞-係助詞",
    "助詞-副助詞",
    "助詞-接続助詞",
    "助詞-終助詞",
    "助詞-連体化",
    "助動詞",
    "記号",
    "記号-一般",
    "記号-読点",
    "記号-句点",
    "記号-空白",
    "記号-括弧開",
    "記号-括弧閉",
    "フィラー",
    "感動詞",
]
CHAR_FILTERS = [
    "ja_icu_normalizer",
    "ja_old_kanji",
    "ja_kana_variants",
    "ja_long_vowel",
    "ja_small_ke",
]
TOKEN_FILTERS = [
    "kuromoji_baseform",
    "ja_pos_stop",
    "cjk_width",
    "ja_stop",
    "kuromoji_stemmer",
    "lowercase",
]
# After the synonyms (ES cannot parse synonym rules through ngram or
# multiplexer filters): the glossary's Thai phrase meets the query's run
# before both are cut into bigrams.
KEY_FILTERS = ["ja_script_bigrams", "ja_with_kana_key"]
# Painless: is the token kana alone (ぁ … ー), two characters or more?
KANA_ONLY_SCRIPT = (
    "def t = token.getTerm().toString(); if (t.length() < 2) { return false; } "
    "for (int i = 0; i < t.length(); ++i) { char c = t.charAt(i); "
    "if (c < (char) 0x3041 || c > (char) 0x30fc) { return false; } } return true;"
)
# Painless: does the token start with Thai, Devanagari or Hangul?
SCRIPT_RUN_SCRIPT = (
    "def t = token.getTerm().toString(); if (t.length() < 3) { return false; } "
    "char c = t.charAt(0); return (c >= (char) 0x0e00 && c <= (char) 0x0e7f) "
    "|| (c >= (char) 0x0900 && c <= (char) 0x097f) || (c >= (char) 0x1100 && c <= (char) 0x11ff) "
    "|| (c >= (char) 0x3130 && c <= (char) 0x318f) || (c >= (char) 0xac00 && c <= (char) 0xd7af);"
)


def _small_kana_filters() -> dict:
    """One pattern_replace filter per small kana (ES has no character map for tokens)."""
    return {
        f"ja_large_{ord(small):x}": {
            "type": "pattern_replace",
            "pattern": small,
            "replacement": chr(large),
        }
        for small, large in ((chr(code), large) for code, large in SMALL_KANA.items())
    }


def _unaccented(phrase: str) -> str:
    decomposed = unicodedata.normalize("NFD", phrase)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def synonym_rules() -> list[str]:
    """One equivalence rule per glossary row: its phrases in every language and Japanese.

    Latin-script phrases also come without their accents (nguoi nuoc ngoai),
    as residents type them.
    """
    rules = []
    for entry in glossary.entries():
        phrases = list(entry.foreign)
        for language, translated in entry.translations:
            for phrase in translated:
                phrases.append(phrase)
                if language in glossary.LATIN_LANGUAGES:
                    phrases.append(_unaccented(phrase))
        terms = [term.replace(",", " ") for term in (*phrases, *entry.japanese)]
        rules.append(", ".join(dict.fromkeys(term.strip() for term in terms if term.strip())))
    return rules


def index_settings() -> dict:
    small_kana = _small_kana_filters()
    analyzer = {
        "type": "custom",
        "char_filter": CHAR_FILTERS,
        "tokenizer": "ja_kuromoji",
        "filter": [*TOKEN_FILTERS, *KEY_FILTERS],
    }
    return {
        "settings": {
            "analysis": {
                "char_filter": {
                    "ja_icu_normalizer": {
                        "type": "icu_normalizer",
                        "name": "nfkc_cf",
                        "mode": "compose",
                    },
                    "ja_old_kanji": {
                        "type": "mapping",
                        "mappings": [f"{old}=>{new}" for old, new in old_kanji().items()],
                    },
                    "ja_kana_variants": {
                        "type": "mapping",
                        "mappings": [f"{src}=>{dst}" for src, dst in VU_TABLE.items()],
                    },
                    "ja_long_vowel": {
                        "type": "pattern_replace",
                        "pattern": rf"(?<=[\u30a1-\u30fa\u30fc])[{DASHES}]",
                        "replacement": "ー",
                    },
                    "ja_small_ke": {
                        "type": "pattern_replace",
                        "pattern": SMALL_KE_PATTERN,
                        "replacement": "ヶ",
                    },
                },
                "tokenizer": {
                    "ja_kuromoji": {
                        "type": "kuromoji_tokenizer",
                        "mode": "search",
                        "discard_punctuation": True,
                    }
                },
                "filter": {
                    "ja_pos_stop": {"type": "kuromoji_part_of_speech", "stoptags": STOP_TAGS},
                    "ja_to_katakana": {"type": "icu_transform", "id": "Hiragana-Katakana"},
                    **small_kana,
                    "ja_key_stemmer": {
                        "type": "kuromoji_stemmer",
                        "minimum_length": STEM_MINIMUM,
                    },
                    "ja_kana_key": {
                        "type": "condition",
                        "filter": ["ja_to_katakana", *small_kana, "ja_key_stemmer"],
                        "script": {"source": KANA_ONLY_SCRIPT},
                    },
                    "ja_with_kana_key": {
                        "type": "multiplexer",
                        "filters": ["ja_kana_key"],
                        "preserve_original": True,
                    },
                    "ja_bigram": {"type": "ngram", "min_gram": 2, "max_gram": 2},
                    "ja_script_bigrams": {
                        "type": "condition",
                        "filter": ["ja_bigram"],
                        "script": {"source": SCRIPT_RUN_SCRIPT},
                    },
                    "ja_synonyms": {
                        "type": "synonym_graph",
                        "synonyms": synonym_rules(),
                        "lenient": True,
                    },
                },
                "analyzer": {
                    "default": deepcopy(analyzer),
                    "default_search": {
                        **deepcopy(analyzer),
                        "filter": [*TOKEN_FILTERS, "ja_synonyms", *KEY_FILTERS],
                    },
                    # modelsearch's autocomplete analyser, on Japanese words.
                    "edgengram_analyzer": {
                        **deepcopy(analyzer),
                        "filter": [*TOKEN_FILTERS, "edgengram"],
                    },
                },
            }
        }
    }
