"""The Elasticsearch index settings, as data (no server runs here)."""

from django.test import override_settings

from wagtail.search.backends import get_search_backend

from search import glossary
from search.backends.elasticsearch8 import SearchBackend
from search.elasticsearch import index_settings, synonym_rules


def analysis():
    return index_settings()["settings"]["analysis"]


def test_default_analysers_are_japanese():
    analyzers = analysis()["analyzer"]
    for name in ("default", "default_search", "edgengram_analyzer"):
        assert analyzers[name]["tokenizer"] == "ja_kuromoji"
        assert analyzers[name]["char_filter"][0] == "ja_icu_normalizer"
        assert "kuromoji_baseform" in analyzers[name]["filter"]
    assert analysis()["tokenizer"]["ja_kuromoji"]["type"] == "kuromoji_tokenizer"
    assert analysis()["tokenizer"]["ja_kuromoji"]["mode"] == "search"
    assert analysis()["char_filter"]["ja_icu_normalizer"]["name"] == "nfkc_cf"


def test_synonyms_only_at_search_time():
    analyzers = analysis()["analyzer"]
    assert "ja_synonyms" in analyzers["default_search"]["filter"]
    assert "ja_synonyms" not in analyzers["default"]["filter"]
    synonyms = analysis()["filter"]["ja_synonyms"]
    assert synonyms["type"] == "synonym_graph"
    assert len(synonyms["synonyms"]) == len(glossary.entries())


def test_every_filter_and_char_filter_used_is_defined_or_builtin():
    builtin = {
        "kuromoji_baseform",
        "cjk_width",
        "ja_stop",
        "kuromoji_stemmer",
        "lowercase",
        "edgengram",
    }
    defined_filters = set(analysis()["filter"]) | {"edgengram"}
    for analyzer in analysis()["analyzer"].values():
        for name in analyzer["filter"]:
            assert name in builtin or name in defined_filters, name
        for name in analyzer["char_filter"]:
            assert name in analysis()["char_filter"], name


def test_synonym_rules_from_the_glossary():
    rules = synonym_rules()
    (food_bank,) = [rule for rule in rules if rule.startswith("food bank, fudo banku, ")]
    # Every resident language's phrases, Latin ones also without their accents.
    for phrase in ("ngân hàng thực phẩm", "ngan hang thuc pham", "banco de alimentos"):
        assert phrase in food_bank
    assert "ธนาคารอาหาร" in food_bank and "खाद्य बैंक" in food_bank
    assert food_bank.endswith("フードバンク")
    assert any(rule.startswith("hikikomori") and "ひきこもり" in rule for rule in rules)
    # Commas inside a term would split the rule.
    assert all(", ," not in rule and not rule.endswith(",") for rule in rules)


def test_kana_variants_and_stop_tags():
    mappings = analysis()["char_filter"]["ja_kana_variants"]["mappings"]
    assert "ヴァ=>バ" in mappings
    stoptags = analysis()["filter"]["ja_pos_stop"]["stoptags"]
    assert "助詞" in stoptags and "助動詞" in stoptags


def test_backend_carries_the_settings_and_keeps_modelsearch_ones():
    settings = SearchBackend.settings["settings"]
    assert settings["analysis"]["analyzer"]["default"]["tokenizer"] == "ja_kuromoji"
    assert "ngram_analyzer" in settings["analysis"]["analyzer"]
    assert settings["index"]["max_ngram_diff"] == 12


@override_settings(
    WAGTAILSEARCH_BACKENDS={
        "default": {
            "BACKEND": "search.backends.elasticsearch8",
            "URLS": ["http://127.0.0.1:9"],
            "INDEX_PREFIX": "test_",
        }
    }
)
def test_configured_backend_builds_without_a_server():
    backend = get_search_backend()
    assert (
        "ja_synonyms"
        in (backend.settings["settings"]["analysis"]["analyzer"]["default_search"]["filter"])
    )
