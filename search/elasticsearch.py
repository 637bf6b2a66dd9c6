"""Elasticsearch index settings that analyse Japanese like ``search.analysis``.

No Elasticsearch server runs here, so these settings are tested as data
(tests/search/test_elasticsearch.py). They need the ``analysis-kuromoji`` and
``analysis-icu`` plugins on the cluster.

- ``icu_normalizer`` (nfkc_cf) folds width and case (ＮＰＯ → npo, ﾌｰﾄﾞ → フード);
  a mapping folds ヴァ → バ and the kana iteration marks; dashes typed inside
  katakana become ー — the same normalisation as ``analysis.normalise``;
- ``kuromoji_tokenizer`` in *search* mode splits long compounds into their
  words as Sudachi's A units do; ``kuromoji_baseform`` meets inflected forms;
  ``kuromoji_part_of_speech`` and ``ja_stop`` drop particles, auxiliaries and
  symbols; ``kuromoji_stemmer`` drops a trailing ー from long katakana words;
- at search time, ``synonym_graph`` with the glossary (``glossary.csv``) lets
  English and romaji find the Japanese terms.

The analysers are installed as the index's ``default`` and ``default_search``,
so every text field modelsearch maps uses them.
"""

from __future__ import annotations

from copy import deepcopy

from search import glossary
from search.analysis import DASHES, VU_TABLE

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
CHAR_FILTERS = ["ja_icu_normalizer", "ja_kana_variants", "ja_long_vowel"]
TOKEN_FILTERS = [
    "kuromoji_baseform",
    "ja_pos_stop",
    "cjk_width",
    "ja_stop",
    "kuromoji_stemmer",
    "lowercase",
]


def synonym_rules() -> list[str]:
    """One equivalence rule per glossary row: its English, romaji and Japanese terms."""
    rules = []
    for entry in glossary.entries():
        terms = [term.replace(",", " ") for term in (*entry.foreign, *entry.japanese)]
        rules.append(", ".join(dict.fromkeys(term.strip() for term in terms if term.strip())))
    return rules


def index_settings() -> dict:
    analyzer = {
        "type": "custom",
        "char_filter": CHAR_FILTERS,
        "tokenizer": "ja_kuromoji",
        "filter": TOKEN_FILTERS,
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
                    "ja_kana_variants": {
                        "type": "mapping",
                        "mappings": [f"{src}=>{dst}" for src, dst in VU_TABLE.items()],
                    },
                    "ja_long_vowel": {
                        "type": "pattern_replace",
                        "pattern": rf"(?<=[\u30a1-\u30fa\u30fc])[{DASHES}]",
                        "replacement": "ー",
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
                        "filter": [*TOKEN_FILTERS, "ja_synonyms"],
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
