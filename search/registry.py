"""The kinds the site search finds: each app declares its own; this app knows none.

Like ``admin.py`` for Django's admin, an app declares its searchable kinds in
its own ``search_kinds.py``, imported once by ``SearchConfig.ready()``
(``autodiscover_modules``)::

    from search.registry import IndexedKind, Result, register

    @register
    class OrganisationKind(IndexedKind):
        key = "organisation"
        label = _("会員団体")
        order = 30
        model = IndexedOrganisation  # an index.Indexed proxy of the real model

        def readable(self, request): ...
        def results(self, request, ids, terms): ...

Two families of kind:

- ``PageKind``: Wagtail pages of one type (``model``, a Page subclass). All
  page kinds are found by one search over the live pages, checked against
  their view restrictions (the ``page`` kind, ``search/search_kinds.py``,
  takes every page no other page kind claims); a page kind may hide more of
  its pages (``hidden_ids``). Wagtail keeps their index.
- ``IndexedKind``: objects of a model of an app's own (``model`` is an
  ``index.Indexed`` proxy). ``readable(request)`` is the queryset the viewer
  may read, decided at query time whatever the index holds; the search app
  keeps the index current after commit (``search.indexing``), and a kind
  names what else re-indexes it (``connect``).

A kind with ``filter_class`` can be narrowed by its directory's filters (its
query-string parameters, facets and chips: ``KindFilter``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils.safestring import SafeString

from wagtail.models import Page

_kinds: dict[str, SearchKind] = {}


@dataclass
class Result:
    """One result as the search page shows it."""

    kind: str
    title: str
    url: str
    snippet: SafeString
    date: date | None = None
    context: str = ""  # where it belongs: the subcommittee of a record, the forum of a post

    @property
    def kind_label(self):
        return get(self.kind).label


class KindFilter:
    """A directory's filters narrowing one kind's results on the search page.

    Built from the request's query string; reads only ``params``.
    """

    params: tuple[str, ...] = ()
    facet_template = ""  # renders one facet of ``facets()`` (context: ``facet``)

    def __init__(self, params):
        raise NotImplementedError

    @property
    def is_filtered(self) -> bool:
        raise NotImplementedError

    def narrow(self, ids: list[int]) -> set[int]:
        """Of ``ids``, those the chosen values keep (one query)."""
        raise NotImplementedError

    def facets(self, matched: list[int]) -> list:
        """The filter form's facets, counted among the ``matched`` ids."""
        raise NotImplementedError

    def active_filters(self, base_url: str) -> list:
        """The chosen values as chips (``facet_label``, ``label``, ``remove_url``)."""
        raise NotImplementedError


class SearchKind:
    key: str = ""
    label = ""
    order: int = 0  # the tabs' order, lowest first
    model: type | None = None  # the indexed model
    filter_class: type[KindFilter] | None = None

    def results(self, request, ids: list[int], terms) -> dict[int, Result]:
        """The results of the objects ``ids`` (one query, whatever their number)."""
        raise NotImplementedError

    def __repr__(self):
        return f"<{type(self).__name__} {self.key}>"


class PageKind(SearchKind):
    """Live pages of one type (``model``), found by the one page search."""

    model = Page

    def hidden_ids(self, request) -> set[int]:
        """Pages of this type the viewer may not find, though their restrictions let them."""
        return set()


class IndexedKind(SearchKind):
    """Objects of an app's model, indexed through its ``index.Indexed`` proxy ``model``."""

    def readable(self, request) -> QuerySet:
        """The objects (of the real model or the proxy) the viewer may read now."""
        raise NotImplementedError

    def hits(self, request, query: str, search) -> list[int]:
        """The pks of the readable objects matching ``query``, best first.

        ``search(queryset)`` runs the query over a queryset of ``model``.
        """
        return search(self.model.objects.filter(pk__in=self.readable(request).values("pk")))

    def connect(self, schedule) -> None:
        """Connect the signals of related changes that alter what the index holds.

        ``schedule(model, pks)`` re-indexes ``model``'s objects ``pks`` after
        commit. Saves and deletes of ``model`` itself are already followed.
        """


def register(kind_class):
    """Register a kind (a class decorator); a key registered twice is an error."""
    kind = kind_class()
    if not kind.key or kind.model is None:
        raise ValueError(f"{kind_class.__name__} needs a key and a model")
    if kind.key in _kinds and type(_kinds[kind.key]) is not kind_class:
        raise ValueError(f"A search kind {kind.key!r} is already registered")
    _kinds[kind.key] = kind
    return kind_class


def kinds() -> list[SearchKind]:
    """Every registered kind, in the tabs' order."""
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.key))


def get(key: str) -> SearchKind:
    return _kinds[key]


def page_kinds() -> list[PageKind]:
    return [kind for kind in kinds() if isinstance(kind, PageKind)]


def indexed_kinds() -> list[IndexedKind]:
    return [kind for kind in kinds() if isinstance(kind, IndexedKind)]
