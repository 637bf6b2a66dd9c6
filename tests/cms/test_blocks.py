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
