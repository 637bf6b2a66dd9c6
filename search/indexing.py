"""Keep the index of the site search's kinds (``search.indexed``) current.

``index_now`` is the one place that brings an object's index entry in line
with the database: added or updated when the object is among its proxy's
``get_indexed_objects()``, removed otherwise (deleted, suspended, awaiting
moderation). Saves and deletes of the real models (and of the proxies) call it
through the Celery task ``update_search_index`` once the transaction commits:
nothing is indexed for a transaction that rolls back, and a slow index (an
Elasticsearch server) never holds up the request. On the embedded default
(``CELERY_TASK_ALWAYS_EAGER``) the task runs in process, right after commit;
when the broker cannot be reached, the update runs in process too.

Besides its own saves, an object is re-indexed when something it shows
changes, as its kind says (``IndexedKind.connect``): a subcommittee when its
prefectures change, a forum topic's posts when the topic's subject changes
(each post carries it). The query-time filters of each kind's ``readable``
stay the guard; the index only has to follow.

Pages keep Wagtail's own indexing (modelsearch's signal handlers, run by the
in-process django-tasks backend): it is synchronous and inside the page's
transaction, so with the database backends a page's entry commits or rolls
back with the page, and publish, unpublish, move and delete are all saves or
deletes it already follows (tests/search/test_indexing.py).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from modelsearch.backends import get_search_backends

from kombu.exceptions import OperationalError

from search.indexed import SEARCH_MODELS

logger = logging.getLogger(__name__)


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


def schedule(model, pks) -> None:
    """Re-index ``model``'s objects ``pks`` through Celery once the transaction commits."""
    from search.tasks import update_search_index

    pks = sorted({int(pk) for pk in pks})
    if not pks:
        return
    label = model._meta.concrete_model._meta.label_lower

    # robust: an index that cannot be reached must not turn a saved change
    # into an error page; the task logs and retries on a worker.
    def enqueue():
        try:
            update_search_index.delay(label, pks)
        except OperationalError:
            # The broker is down: the change would never reach the index (a
            # later save of the same object aside). Index it here instead; the
            # request is a little slower, nothing is lost.
            logger.warning(
                "Broker unreachable: indexing %s %s in process", label, pks, exc_info=True
            )
            index_now(model, pks)

    transaction.on_commit(enqueue, robust=True)


# --- Signal handlers -------------------------------------------------------------


def _saved_or_deleted(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: the fixture's objects are indexed by update_index
        return
    schedule(sender, [instance.pk])


def connect() -> None:
    """Follow each indexed kind's model, and what its kind names (from ``SearchConfig.ready``)."""
    from search import registry

    for kind in registry.indexed_kinds():
        proxy = kind.model
        for sender in (proxy._meta.concrete_model, proxy):
            post_save.connect(_saved_or_deleted, sender=sender, dispatch_uid=f"search-{sender}")
            post_delete.connect(_saved_or_deleted, sender=sender, dispatch_uid=f"search-{sender}")
        kind.connect(schedule)
