"""The registry of reportable kinds (reports/registry.py): each app declares its own."""

import pytest

from reports import registry


def test_each_app_registers_its_kinds():
    assert {kind.key for kind in registry.kinds()} == {
        "forum_post",
        "practice",
        "organisation",
        "exchange_listing",
        "exchange_message",
    }
    assert registry.get("forum_post").auto_hide is True
    assert registry.get("practice").auto_hide is False
    assert registry.get("nothing") is None


def test_a_key_registered_twice_is_an_error():
    class Again(registry.ReportKind):
        key = "forum_post"
        model = object

    with pytest.raises(ValueError, match="already registered"):
        registry.register(Again)


def test_a_kind_needs_a_key_and_a_model():
    class Nameless(registry.ReportKind):
        pass

    with pytest.raises(ValueError, match="needs a key and a model"):
        registry.register(Nameless)
