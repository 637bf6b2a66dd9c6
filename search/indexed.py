"""The kinds of content the site search indexes besides pages.

``SEARCH_MODELS[kind]`` is a model the search backend indexes, so that::

    get_search_backend().search(query, SEARCH_MODELS[kind].objects.filter(...),
                                operator="or")

works for each kind, as it does for pages. They are proxies of the real models
(``search.models``): results are instances of the proxy, with every field
and method of the real model. Filters on the queryset must use the proxy's
FilterFields (``id`` always works: ``filter(pk__in=readable.values("pk"))``).

The index follows saves and deletes after the transaction commits
(``search.indexing``), so a test that creates objects inside its
transaction indexes them with ``django_capture_on_commit_callbacks(execute=True)``
or ``search.indexing.index_now(obj)``.
"""

from search.models import (
    IndexedMeetingRecord,
    IndexedOrganisation,
    IndexedPost,
    IndexedSubcommittee,
)

SEARCH_MODELS = {
    "organisation": IndexedOrganisation,
    "subcommittee": IndexedSubcommittee,
    "meeting": IndexedMeetingRecord,
    "forum": IndexedPost,
}
