"""Server-side cleaning of rich text that members write (an allow-list, with nh3).

Wagtail's ``richtext`` filter only rewrites the links and embeds it stored
itself; it passes any other markup through as it is (ARCHITECTURE.md). Rich
text that arrives from a front-end form, an import or a hand-made revision is
therefore cleaned here before it is stored, and again when it is shown.

What stays: paragraphs, line breaks, bold, italic, lists, and links to
http(s) or mailto: addresses (marked ``rel="nofollow noopener ugc"``). Wagtail's
own internal page links (``<a linktype="page" id="12">``) are kept too, so a
write-up edited in the admin keeps its links to other pages. Everything else —
scripts, event handlers, ``style``, iframes, images, javascript: URLs — goes;
the text inside an unknown tag is kept, the content of script/style is not.
"""

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "linktype", "id"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener ugc"


def _attribute_filter(tag, attribute, value):
    """Keep Wagtail's page-link markers only in their own shape: linktype="page" id="<digits>"."""
    if attribute == "linktype":
        return value if value == "page" else None
    if attribute == "id":
        return value if value.isdigit() else None
    return value


def sanitise_rich_text(html):
    """``html`` reduced to the allow-list above ("" for None)."""
    if not html:
        return ""
    return nh3.clean(
        str(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        attribute_filter=_attribute_filter,
        strip_comments=True,
        clean_content_tags={"script", "style"},
    )
