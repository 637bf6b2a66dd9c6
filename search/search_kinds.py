"""The ``page`` kind: every live Wagtail page no other page kind claims.

Wagtail is no domain app, so plain pages are the search app's own kind; an
app whose pages should show under a tab of their own registers a
``PageKind`` with its page model (``organisations/search_kinds.py``).
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from cms import page_cache
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
        the query that ``specific()`` makes for them. What a page's result
        shows but its snippet is kept per page (kept_cards).
        """

        def build(missing):
            if content_types and all(content_types.get(pk) for pk in missing):
                pages = specific_pages(missing, content_types)
            else:
                pages = Page.objects.filter(pk__in=missing).specific().in_bulk()
            return {
                pk: (page.title, page.get_url(request), page_text(page), page_date(page))
                for pk, page in pages.items()
            }

        cards = kept_cards(request, "page", ids, build) if ids else {}
        return {
            pk: Result(kind="page", title=title, url=url, snippet=highlight(text, terms), date=day)
            for pk, (title, url, text, day) in cards.items()
        }


def kept_cards(request, name, ids, build) -> dict:
    """pk → what the results of ``ids`` show, from ``build(missing)`` or as kept.

    For what is the same for every reader who may find the object (whether
    the reader may is the search's question, asked before): one key per
    object, whatever the queries that find it (``page_cache.kept_each``).
    """
    return page_cache.kept_each(request, ids, build, "search-card", name)


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
