"""The blocks every editorial page body is made of, shared by every app with pages."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("見出し"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("レベル"),
        choices=[("h2", _("大見出し")), ("h3", _("中見出し"))],
        default="h2",
        # The level's label is not content: searched, it showed in snippets.
        search_index=False,
    )

    class Meta:
        icon = "title"
        label = _("見出し")
        template = "blocks/heading_block.html"
        preview_value = {"text": "活動の目的", "level": "h2"}
        description = _("本文を区切る見出し。目次の代わりになります。")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("画像"))
    alt_text = blocks.CharBlock(
        label=_("代替テキスト"),
        max_length=200,
        help_text=_("画像の内容を短く説明してください。画面読み上げソフトで読まれます。"),
    )
    caption = blocks.CharBlock(label=_("キャプション"), max_length=200, required=False)

    class Meta:
        icon = "image"
        label = _("画像")
        template = "blocks/image_block.html"
        description = _("代替テキスト付きの画像")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("引用文"))
    source = blocks.CharBlock(label=_("出典"), max_length=200, required=False)

    class Meta:
        icon = "openquote"
        label = _("引用")
        template = "blocks/quote_block.html"
        preview_value = {"text": "ひとりで悩まず、つながりを。", "source": "参加者の声"}
        description = _("参加者の声や出典付きの引用")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("文書"))
    title = blocks.CharBlock(
        label=_("表示名"), max_length=200, required=False, help_text=_("空欄なら文書名")
    )

    class Meta:
        icon = "doc-full"
        label = _("文書")
        template = "blocks/document_block.html"
        description = _("PDFなどの資料へのリンク（形式とサイズを表示）")


BAD_LINK = _(
    "https:// で始まるアドレスか、/join/ のように / で始まるこのサイトのパスを入力してください。"
)


def validate_link(value):
    """An http(s) address, or a path on this site such as /join/ (a view, not a page)."""
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as error:
        raise ValidationError(BAD_LINK) from error


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("ボタンの文言"), max_length=80)
    page = blocks.PageChooserBlock(label=_("リンク先ページ"), required=False)
    url = blocks.CharBlock(
        label=_("リンク先のアドレス"),
        required=False,
        max_length=500,
        validators=[validate_link],
        help_text=_("ページ以外へのリンク：https://… または /join/ のようなこのサイトのパス"),
    )

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _("リンク先ページか外部リンクのどちらか一方を指定してください。")
                    )
                }
            )
        return value

    class Meta:
        icon = "link"
        label = _("ボタン")
        template = "blocks/call_to_action_block.html"
        description = _("申込みや詳細ページへのボタン")


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("本文"),
        features=RICH_TEXT_FEATURES,
        template="blocks/paragraph_block.html",
    )
    image = ImageBlock()
    quote = QuoteBlock()
    document = DocumentBlock()
    call_to_action = CallToActionBlock()
    table = blocks.StructBlock(
        [
            ("caption", blocks.CharBlock(label=_("表の見出し"), max_length=200)),
            (
                "rows",
                blocks.ListBlock(
                    blocks.StructBlock(
                        [
                            ("label", blocks.CharBlock(label=_("項目"), max_length=200)),
                            ("value", blocks.CharBlock(label=_("内容"), max_length=500)),
                        ]
                    ),
                    label=_("行"),
                ),
            ),
        ],
        label=_("項目と内容の表"),
        icon="table",
        template="blocks/definition_table_block.html",
    )
