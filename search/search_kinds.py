"""The ``page`` kind: every live Wagtail page no other page kind claims.

Wagtail is no domain app, so plain pages are the search app's own kind; an
app whose pages should show under a tab of their own registers a
``PageKind`` with its page model (``organisations/search_kinds.py``).
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from search.registry import PageKind, Result, register
from search.snippets import highlight, plain_text


@register
class PagesKind(PageKind):
    key = "page"
    label = _("ページ")
    order = 10
    model = Page

    def results(self, request, ids, terms, content_types=None):
        """Results of the pages ``ids`` of every page kind (one query per page type).

        ``content_types`` (pk → content type, as the search found them) spares
        the query that ``specific()`` makes for them.
        """
        if content_types and all(content_types.get(pk) for pk in ids):
            pages = specific_pages(ids, content_types)
        else:
            pages = Page.objects.filter(pk__in=ids).specific().in_bulk() if ids else {}
        out = {}
        for pk, page in pages.items():
            out[pk] = Result(
                kind="page",
                title=page.title,
                url=page.get_url(request),
                snippet=highlight(page_text(page), terms),
                date=page_date(page),
            )
        return out


def specific_pages(ids, content_types) -> dict:
    """pk → the specific page of ``ids``, as ``Page.objects.specific()`` loads them,
    from their known content types: one query per page type."""
    by_type = {}
    for pk in ids:
        by_type.setdefault(content_types[pk], []).append(pk)
    pages = {}
    for type_id, pks in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class() or Page
        pages.update(model.objects.filter(pk__in=pks).in_bulk())
    missing = [pk for pk in ids if pk not in pages]
    if missing:  # a page type's row removed: the page as a plain Page, as specific() does
        pages.update(Page.objects.filter(pk__in=missing).in_bulk())
    return pages


def page_date(page):
    """The date a result shows: the page's own (``search_date``), else when it was published.

    A page type with a date of its own (a report's issue date, a news item's
    date, an event's day) names it ``search_date``; a report loaded years
    after it was issued keeps its date.
    """
    own = getattr(page, "search_date", None)
    if own is not None:
        return own
    published = page.last_published_at or page.first_published_at
    return timezone.localdate(published) if published else None


def page_text(page) -> str:
    """The page's searchable text other than its title, for the snippet."""
    from modelsearch.index import SearchField

    texts = [page.search_description or ""]
    for field in page.get_search_fields():
        if isinstance(field, SearchField) and field.field_name != "title":
            value = field.get_value(page)
            if isinstance(value, (list, tuple)):
                value = " ".join(str(item) for item in value)
            if value:
                texts.append(plain_text(str(value)))
    return " ".join(texts)
