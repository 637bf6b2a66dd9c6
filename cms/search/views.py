"""/search/?q=…&kind=…&page=… — one search over the site, for this viewer."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers

from cms.search import services

PER_PAGE = 20
MAX_QUERY = 200


def search(request):
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    kind = request.GET.get("kind") or ""
    if kind not in services.KINDS:
        kind = ""
    hits, counts = services.search(request, query, kind or None)
    page = Paginator(hits, PER_PAGE).get_page(request.GET.get("page"))
    response = render(
        request,
        "search/search.html",
        {
            "query": query,
            "kind": kind,
            "kinds": [(name, label, counts.get(name, 0)) for name, label in services.KINDS.items()],
            "total": sum(counts.values()),
            "results_page": page,
            "results": services.results(request, list(page.object_list), query),
        },
    )
    # Results depend on who asks (members, restricted pages): never share them.
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    return response
