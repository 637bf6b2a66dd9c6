"""Template helpers for good-practice write-ups (取組事例)."""

from django import template
from django.template.defaultfilters import filesizeformat
from django.utils.safestring import mark_safe

from wagtail.rich_text import expand_db_html

from cms.sanitise import sanitise_rich_text

register = template.Library()


@register.filter
def clean_richtext(value):
    """Rich text of a write-up, expanded like ``|richtext`` and cleaned again on the way out.

    Stored text is already cleaned on save; this also covers a revision shown
    in a preview, which is never saved.
    """
    return mark_safe(sanitise_rich_text(expand_db_html(value or "")))  # noqa: S308 - cleaned by nh3


@register.filter
def document_size(document):
    """ "1.2 MB", or "" when the size is not known (never reads the file)."""
    return filesizeformat(document.file_size) if document.file_size else ""
