"""/search/?q=…&kind=…&page=… — one search over the site, for this viewer.

With the ``kind`` of a kind that has filters (write-ups, organisations) the
page also shows that directory's filters (``activity``, ``target``,
``pref``), which narrow its results. A query that finds fewer than three
results offers a nearer spelling that finds more (``search.suggest``).
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers

from search import postings, query_translation, services, suggest
from search.signals import search_made

PER_PAGE = 20
MAX_QUERY = 200


def search(request):
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    # The machine translations of the query's words, and the statistics of its
    # terms for the ranking of every kind, are read once for the page.
    with query_translation.one_page(), postings.one_page():
        response = _page(request, query)
    # Words the glossary lacks: translated after this response, for later searches.
    return query_translation.queue_after(response, query)


def _page(request, query: str):
    kind = request.GET.get("kind") or ""
    kinds = services.kinds()
    if kind not in kinds:
        kind = ""
    filters = services.ResultFilters(request.GET)
    found = services.search(request, query, kind or None, filters)
    page = Paginator(found.hits, PER_PAGE).get_page(request.GET.get("page"))
    total = sum(found.counts.values())
    if query and request.GET.get("page") in (None, "", "1"):
        search_made.send(sender=search)
    context = {
        "query": query,
        "kind": kind,
        "kinds": [(name, label, found.counts.get(name, 0)) for name, label in kinds.items()],
        "total": total,
        "results_page": page,
        "results": services.results(request, list(page.object_list), query),
    }
    suggestion = suggest.did_you_mean(request, query, total)
    if suggestion:
        context["suggestion"] = suggestion
        context["suggestion_url"] = f"{reverse('search')}?{urlencode({'q': suggestion})}"
    if query and kind in services.filtered_kinds():
        base_url = f"{reverse('search')}?{urlencode({'q': query, 'kind': kind})}"
        context.update(
            {
                "facets": filters.facets(kind, found.matched[kind]),
                "facet_template": filters.facet_template(kind),
                "active_filters": filters.active_filters(kind, base_url),
                "unfiltered_url": base_url,
            }
        )
    response = render(request, "search/search.html", context)
    # Results depend on who asks (members, restricted pages): never share them.
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    return response
