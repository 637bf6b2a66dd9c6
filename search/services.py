"""Site search over every registered kind (``search.registry``), for one viewer.

What may be shown is decided at query time, whatever the index holds: pages
must be live and either public or behind view restrictions the request
passes (login, groups, password) — drafts and restricted pages (and their
translations, which Wagtail restricts separately) never appear otherwise; a
page kind may hide more of its pages (``PageKind.hidden_ids``). Every other
kind is searched through its indexed model with the objects its
``readable(request)`` returns as the queryset: what the index still holds of
a removed or hidden object is never shown. Each kind's own rules are in its
app's ``search_kinds.py``.

A kind with a ``filter_class`` can be narrowed by its directory's filters,
with the same query-string names.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import CharField, ExpressionWrapper, F, Q
from django.http import QueryDict
from django.utils.translation import get_language

from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

from cms import page_cache
from search import registry
from search.analysis import query_terms
from search.backends import content_type_pks, ranked_scores
from search.registry import Result

MAX_RESULTS = 500

__all__ = ["MAX_RESULTS", "Found", "Hit", "Result", "ResultFilters", "results", "search"]


@dataclass
class Found:
    """What a query found for the viewer: hits of the kind asked, counts of every kind.

    ``matched`` keeps the ids of the filtered kinds' hits before their
    filters, for the filter form's counts.
    """

    hits: list[Hit]
    counts: dict[str, int]
    matched: dict[str, list[int]]


@dataclass
class Hit:
    """A matched object before it is loaded: enough to rank, count and paginate.

    A page's hit has its content type, so its result is loaded from its own
    page type at once.
    """

    kind: str
    pk: int
    score: float = 0.0
    content_type: int | None = None


def kinds() -> dict:
    """key → label of every kind, in the tabs' order."""
    return {kind.key: kind.label for kind in registry.kinds()}


def filtered_kinds() -> list[str]:
    return [kind.key for kind in registry.kinds() if kind.filter_class]


def readable_pages(request):
    """Live pages the request may read (view restrictions checked at query time)."""
    pages = Page.objects.live().filter(depth__gt=1)
    for path in closed_sections(request):
        pages = pages.exclude(path__startswith=path)  # the section and what is below it
    return pages


def closed_sections(request) -> tuple[str, ...]:
    """The tree paths of the restricted pages the request may not read.

    What decides it is the reader (signed in, their groups) and the password
    restrictions their session has passed: the answer is kept per reader and
    passed passwords until the page cache's version moves, as any change of
    restrictions, users or groups (their members too) moves it.
    """
    user = request.user
    session = getattr(request, "session", None)
    # Reading the session of a visitor who has none creates nothing.
    key = PageViewRestriction.passed_view_restrictions_session_key
    passed = session.get(key, []) if session is not None else []
    return page_cache.memo(
        ("search-closed-sections", user.pk, tuple(sorted(passed))),
        lambda: tuple(
            restriction.page.path
            for restriction in PageViewRestriction.objects.select_related("page")
            if not restriction.accept_request(request)
        ),
    )


def one_copy_per_page(request, ranked: list[int]) -> list[int]:
    """The readable ones of ``ranked``, one copy of each page, in the reader's language.

    Every translation of a page is indexed in its own locale and shares the
    page's ``translation_key``. Of the copies of one page the reader sees the
    one in the language of the request if it exists (found by its own words,
    or by a glossary match on the Japanese original), else the copy in the
    site's default language, else the best-ranked copy; it takes the place of
    the best-ranked copy. One query, whatever the number of hits (for a
    reader of the default language, one more for the copies in it of pages
    found only in other languages).
    """
    return [chosen for chosen, _best, _type in _one_copy_per_page(request, ranked)]


# The translation key as the database gives it: it only groups the copies, so
# no column converter makes a UUID of each of the hundreds of rows.
_KEY = ExpressionWrapper(F("translation_key"), output_field=CharField())


def _one_copy_per_page(request, ranked: list[int]) -> list[tuple[int, int, int]]:
    """(chosen copy, best-ranked copy found, the chosen copy's content type) of each page,
    in ``one_copy_per_page``'s order."""
    language = get_language() or settings.LANGUAGE_CODE
    # The ranked order is ``position``'s: no ORDER BY.
    pages = readable_pages(request).values_list(
        "pk", _KEY, "locale__language_code", "content_type_id"
    )
    if language != settings.LANGUAGE_CODE:
        # Most pages have a copy in another language than the reader's: one query.
        in_language = Q(
            translation_key__in=Page.objects.filter(pk__in=ranked).values("translation_key"),
            locale__language_code=language,
        )
        rows = list(pages.filter(Q(pk__in=ranked) | in_language).order_by())
    else:
        # The ranked pages by their keys; on PostgreSQL the OR above scans
        # every page. Copies in the reader's language are looked for only
        # for the pages found in another language alone.
        rows = list(pages.filter(pk__in=ranked).order_by())
        have = {key for _pk, key, code, _type in rows if code == language}
        others = [pk for pk, key, _code, _type in rows if key not in have]
        if others:
            rows += pages.filter(
                translation_key__in=Page.objects.filter(pk__in=others).values("translation_key"),
                locale__language_code=language,
            ).order_by()
    position = {pk: number for number, pk in enumerate(ranked)}
    copies: dict = {}
    content_type = {}
    for pk, key, code, type_id in rows:
        copies.setdefault(key, []).append((pk, code))
        content_type[pk] = type_id
    best: list[tuple[int, int, int]] = []
    for group in copies.values():
        if len(group) == 1:
            # Most pages have one copy: it is chosen, and it is the best found.
            pk = group[0][0]
            number = position.get(pk)
            if number is not None:
                best.append((number, pk, pk))
            continue
        found = [pk for pk, _code in group if pk in position]
        if not found:
            continue
        chosen = next((pk for pk, code in group if code == language), None)
        if chosen is None:
            chosen = next((pk for pk, code in group if code == settings.LANGUAGE_CODE), None)
        first = min(found, key=position.__getitem__)
        if chosen is None:
            chosen = first
        best.append((position[first], chosen, first))
    return [(chosen, first, content_type[chosen]) for _position, chosen, first in sorted(best)]


def _page_kind_of_type() -> dict[int, str]:
    """The page kind of each page content type other kinds than ``page`` claim.

    A page type claimed by two kinds (one's model a subclass of the other's)
    goes to the later, as each kind's pages were once given in turn.
    """
    owner = {}
    for kind in registry.page_kinds():
        if kind.model is not Page:
            owner.update(dict.fromkeys(content_type_pks(kind.model), kind.key))
    return owner


def page_hits(request, query: str) -> list[Hit]:
    """One search over the live pages, each hit given to the page kind of its type.

    The copies' query gives each page's content type, which names its kind:
    the ranked pages go to the database once.
    """
    backend = get_search_backend()
    scored = ranked_scores(backend.search(query, Page.objects.live(), operator="or")[:MAX_RESULTS])
    if not scored:
        return []
    score = dict(scored)
    copies = _one_copy_per_page(request, [pk for pk, _score in scored])
    hidden = set()
    for kind in registry.page_kinds():
        if kind.model is not Page:
            hidden |= kind.hidden_ids(request)
    owner = _page_kind_of_type()
    return [
        Hit(owner.get(type_id, "page"), pk, score[first], type_id)
        for pk, first, type_id in copies
        if pk not in hidden
    ]


def _search_for(query: str):
    """A ``search(queryset)`` for a kind's ``hits``, and the scores of what it found."""
    scores: dict[int, float] = {}

    def run(queryset) -> list[int]:
        found = get_search_backend().search(query, queryset, operator="or")
        scored = ranked_scores(found[:MAX_RESULTS])
        scores.update(scored)
        return [pk for pk, _score in scored]

    return run, scores


class ResultFilters:
    """The filtered kinds' directory filters, read from the query string.

    Each kind's filter reads only its own parameters (the directory's ``q``,
    a name filter, is the search box here). Invalid values are ignored by
    the directories' own cleaning. A kind's filter is built only when the
    query string names one of its parameters or its facets are shown.
    """

    def __init__(self, params):
        self.params = params
        self._by_kind = {}

    def _chosen(self, kind: str):
        """``kind``'s filter, built when first asked (it reads the directory's vocabularies)."""
        if kind not in self._by_kind:
            filter_class = registry.get(kind).filter_class
            own = QueryDict(mutable=True)
            for name in filter_class.params:
                own.setlist(name, self.params.getlist(name))
            self._by_kind[kind] = filter_class(own)
        return self._by_kind[kind]

    def _asked(self, kind: str) -> bool:
        """Whether the query string names any of ``kind``'s filters (else nothing is chosen)."""
        return any(self.params.getlist(name) for name in registry.get(kind).filter_class.params)

    def narrow(self, hits: list[Hit]) -> list[Hit]:
        """Drop the hits the chosen values exclude (one query per filtered kind)."""
        kept = {}
        for key in filtered_kinds():
            if not self._asked(key):
                continue
            chosen = self._chosen(key)
            if chosen.is_filtered:
                ids = [hit.pk for hit in hits if hit.kind == key]
                kept[key] = chosen.narrow(ids) if ids else set()
        return [hit for hit in hits if hit.kind not in kept or hit.pk in kept[hit.kind]]

    def facets(self, kind: str, matched: list[int]):
        """The filter form's facets for ``kind``, counted among the ``matched`` ids."""
        return self._chosen(kind).facets(matched)

    def facet_template(self, kind: str) -> str:
        return self._chosen(kind).facet_template

    def active_filters(self, kind: str, base_url: str):
        """The chosen values as chips whose links keep the query and kind."""
        return self._chosen(kind).active_filters(base_url)


def search(
    request, query: str, kind: str | None = None, filters: ResultFilters | None = None
) -> Found:
    """The viewer's hits for ``query`` (of ``kind`` if given), best first, and the count per kind.

    Hits of every kind are in one relevance order. ``filters`` narrow the
    filtered kinds' hits (whatever ``kind``).
    """
    query = (query or "").strip()
    if not query:
        return Found([], {}, {})
    hits = page_hits(request, query)
    may_find = getattr(get_search_backend(), "may_find", None)
    for indexed in registry.indexed_kinds():
        if may_find is not None and not may_find(query, indexed.model, operator="or"):
            continue  # none of its objects holds the query's terms
        run, scores = _search_for(query)
        found = indexed.hits(request, query, run)
        hits += [Hit(indexed.key, pk, scores.get(pk, 0.0)) for pk in found]
    # One ranked list across kinds (the tabs filter it): BM25 over the same
    # analysed terms, so a matching organisation is not held behind every page.
    hits.sort(key=lambda hit: -hit.score)
    matched = {name: [hit.pk for hit in hits if hit.kind == name] for name in filtered_kinds()}
    if filters is not None:
        hits = filters.narrow(hits)
    keys = kinds()
    counts = {name: sum(1 for hit in hits if hit.kind == name) for name in keys}
    if kind in keys:
        hits = [hit for hit in hits if hit.kind == kind]
    return Found(hits, counts, matched)


def results(request, hits: list[Hit], query: str) -> list[Result]:
    """Load the objects of one page of hits and build their results.

    One query per kind (and per specific page type), whatever the number of
    hits: the page kinds' hits are loaded together.
    """
    terms = query_terms(query)
    page_keys = {kind.key for kind in registry.page_kinds()}
    pages = [hit for hit in hits if hit.kind in page_keys]
    built = {
        "page": registry.get("page").results(
            request,
            [hit.pk for hit in pages],
            terms,
            content_types={hit.pk: hit.content_type for hit in pages},
        )
    }
    for indexed in registry.indexed_kinds():
        ids = [hit.pk for hit in hits if hit.kind == indexed.key]
        built[indexed.key] = indexed.results(request, ids, terms) if ids else {}
    out = []
    for hit in hits:
        result = built["page" if hit.kind in page_keys else hit.kind].get(hit.pk)
        if result is not None:
            result.kind = hit.kind
            out.append(result)
    return out
