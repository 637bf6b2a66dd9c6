"""The forum's markup renderer (``MACHINA_MARKUP_LANGUAGE``).

machina's default, markdown2 in ``safe_mode``, lets stored XSS through
(markdown2 issues #702 and #721) and machina prints the stored HTML
unescaped in posts, signatures, previews and feeds. Here members' text goes
through Python-Markdown with its raw-HTML support switched off (HTML typed in
a post is shown as text), and the result through nh3 with an allow-list:
no images, no attributes but a link's ``href`` (http, https and mailto only;
every link gets ``rel="nofollow noopener ugc"``).
"""

import unicodedata

import markdown
import nh3
from markdown.extensions import Extension

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "del",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "hr",
    "h3",
    "h4",
    "h5",
    "h6",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener ugc"

# Markdown headings #/## would compete with the page's own h1/h2.
_HEADING_SHIFT = {"h1": "h3", "h2": "h4"}


class _NoRawHtml(Extension):
    """HTML written into the markdown source is escaped, never passed through."""

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


class _ShiftHeadings(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_HeadingShifter(md), "tsunagari_headings", 0)


class _HeadingShifter(markdown.treeprocessors.Treeprocessor):
    def run(self, root):
        for element in root.iter():
            element.tag = _HEADING_SHIFT.get(element.tag, element.tag)


def _markdown():
    return markdown.Markdown(
        extensions=[_NoRawHtml(), _ShiftHeadings(), "sane_lists", "fenced_code", "nl2br"],
        output_format="html",
    )


def sanitise_forum_html(html: str) -> str:
    """``html`` reduced to the forum's allow-list."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
        clean_content_tags={"script", "style"},
    )


def render(text) -> str:
    """Markdown source → safe HTML. Used for posts, signatures and forum descriptions."""
    if not text:
        return ""
    # NFC only: full-width letters stay as typed (NFKC would turn "＜script＞"
    # into "<script>" — harmless after escaping, but not what was written).
    source = unicodedata.normalize("NFC", str(text))
    return sanitise_forum_html(_markdown().convert(source))
