"""Template helpers for organisation pages: safe links, the ★/☆ markers, and the
header's account links (sign in, or the member's own organisation)."""

from urllib.parse import urlsplit

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from organisations.access import membership_of

register = template.Library()

SAFE_SCHEMES = {"http", "https"}

MARKER_TEXT = {
    # (kind, is_main): what a screen reader says instead of the star
    ("activity", True): _("主な取組"),
    ("activity", False): _("その他の取組"),
    ("target", True): _("主な対象"),
    ("target", False): _("その他の対象"),
}


@register.filter
def safe_url(value):
    """The URL if it is an http(s) address with a host, else "" (never a javascript: link).

    Forms already validate websites; this also covers rows written another
    way (an import, the shell, an old version of a form).
    """
    value = (value or "").strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return ""
    return value


@register.filter
def url_label(value):
    """ "https://example.org/path/" → "example.org/path" for display."""
    value = safe_url(value)
    return value.split("://", 1)[-1].rstrip("/") if value else ""


@register.simple_tag
def rank_marker(is_main, kind="activity"):
    """★ (main) or ☆ (other), with a text alternative for screen readers."""
    star = "★" if is_main else "☆"
    modifier = "main" if is_main else "other"
    return format_html(
        '<span class="rank-marker rank-marker--{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}{}</span></span>',
        modifier,
        star,
        MARKER_TEXT[(kind, bool(is_main))],
        pgettext("項目名と内容の区切り", "："),
    )


@register.simple_tag
def rendition_img(image, spec, **attrs):
    """``<img>`` for a rendition of ``image``, like ``{% image %}`` but cheaper in lists.

    Wagtail's ``{% image %}`` writes every rendition it uses back to the cache,
    even one it just read from prefetched rows: one cache round trip per image
    per request. ``get_renditions`` skips that write for renditions that came
    from the prefetch or the cache, and creates missing ones as usual.
    ``alt`` and other attributes are passed through (and escaped).
    """
    if not image:
        return ""
    return image.get_renditions(spec)[spec].img_tag(attrs)


@register.inclusion_tag("includes/account_links.html", takes_context=True)
def account_links(context):
    """Sign in, or the signed-in person's own places: their organisation, the admin."""
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "request": request,
        "signed_in": signed_in,
        "membership": membership_of(user) if signed_in else None,
        "can_admin": signed_in and user.has_perm("wagtailadmin.access_admin"),
    }
