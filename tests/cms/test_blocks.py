"""Body blocks: validation through ``clean()``."""

from django.core.exceptions import ValidationError

from wagtail.blocks import StructBlockValidationError

import pytest

from cms.blocks import BodyStreamBlock, CallToActionBlock

pytestmark = pytest.mark.django_db

ONE_LINK = "リンク先ページか外部リンクのどちらか一方を指定してください。"


def cta(**value):
    block = CallToActionBlock()
    return block.clean(block.to_python({"text": "参加を申し込む", **value}))


def test_call_to_action_with_a_url():
    value = cta(page=None, url="https://example.jp/apply")
    assert value["url"] == "https://example.jp/apply"


def test_call_to_action_with_a_page(home_page):
    assert cta(page=home_page.pk, url="")["page"].pk == home_page.pk


@pytest.mark.parametrize("both", [True, False], ids=["both", "neither"])
def test_call_to_action_needs_exactly_one_link(home_page, both):
    with pytest.raises(StructBlockValidationError) as caught:
        if both:
            cta(page=home_page.pk, url="https://example.jp/apply")
        else:
            cta(page=None, url="")
    error = caught.value.block_errors["url"]
    assert isinstance(error, ValidationError)
    assert error.messages == [ONE_LINK]


def test_body_stream_block_kinds():
    assert set(BodyStreamBlock.base_blocks) == {
        "heading",
        "paragraph",
        "image",
        "quote",
        "document",
        "call_to_action",
        "table",
    }


def _blocks(block):
    yield block
    for child in getattr(block, "child_blocks", {}).values():
        yield from _blocks(child)
    if hasattr(block, "child_block"):
        yield from _blocks(block.child_block)


def test_a_heading_is_found_by_its_text_not_its_level():
    """Search snippets showed the level's label (「大見出し」, "Main heading")."""
    block = BodyStreamBlock()
    value = block.to_python([{"type": "heading", "value": {"text": "活動の目的", "level": "h2"}}])
    assert block.get_searchable_content(value) == ["活動の目的"]


def test_no_body_choice_puts_its_label_into_search():
    from django.apps import apps

    from wagtail.blocks import ChoiceBlock, MultipleChoiceBlock
    from wagtail.fields import StreamField

    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                for block in _blocks(field.stream_block):
                    if isinstance(block, ChoiceBlock | MultipleChoiceBlock):
                        assert not block.search_index, (model, field.name, block.name)


@pytest.mark.parametrize("url", ["/join/", "/ja/support/?q=1", "https://example.jp/apply"])
def test_call_to_action_links_to_a_site_path_or_an_address(url):
    """The join form is a view, not a page: a button must be able to reach /join/."""
    assert cta(page=None, url=url)["url"] == url


@pytest.mark.parametrize(
    "url", ["//evil.example/", "javascript:alert(1)", "join", "/\\evil.example"]
)
def test_call_to_action_refuses_other_links(url):
    with pytest.raises(StructBlockValidationError) as raised:
        cta(page=None, url=url)
    assert "/ で始まるこのサイトのパス" in str(raised.value.block_errors["url"])
