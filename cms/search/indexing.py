"""Keep the index of the site search's kinds (``cms.search.indexed``) current.

``index_now`` is the one place that brings an object's index entry in line
with the database: added or updated when the object is among its proxy's
``get_indexed_objects()``, removed otherwise (deleted, suspended, awaiting
moderation). Signal handlers call it through a Celery task after the
transaction commits.
"""

from __future__ import annotations

from modelsearch.backends import get_search_backends

from cms.search.indexed import SEARCH_MODELS


def proxy_for(model):
    """The indexed proxy of ``model`` (a real model or the proxy itself), or None."""
    concrete = model._meta.concrete_model
    for proxy in SEARCH_MODELS.values():
        if proxy._meta.concrete_model is concrete:
            return proxy
    return None


def index_now(model, pks) -> None:
    """Add, update or remove the index entries of ``model``'s objects ``pks``."""
    proxy = proxy_for(model)
    if proxy is None:
        return
    pks = {int(pk) for pk in pks}
    indexed = list(proxy.get_indexed_objects().filter(pk__in=pks))
    gone = pks - {obj.pk for obj in indexed}
    for backend in get_search_backends(with_auto_update=True):
        if indexed:
            backend.add_bulk(proxy, indexed)
        for pk in gone:
            backend.delete(proxy(pk=pk))
