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
changes: a subcommittee when its prefectures change, a forum topic's posts when
the topic's subject changes (each post carries it). The query-time filters of
``search.services`` stay the guard; the index only has to follow.

Pages keep Wagtail's own indexing (modelsearch's signal handlers, run by the
in-process django-tasks backend): it is synchronous and inside the page's
transaction, so with the database backends a page's entry commits or rolls
back with the page, and publish, unpublish, move and delete are all saves or
deletes it already follows (tests/search/test_indexing.py).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

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


def _subcommittee_prefectures_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    from subcommittees.models import Subcommittee

    if reverse:  # prefecture.subcommittees.add(...)
        schedule(Subcommittee, pk_set or [])
    else:
        schedule(Subcommittee, [instance.pk])


def _topic_loaded(sender, instance, **kwargs):
    instance._search_subject = instance.__dict__.get("subject")


def _topic_saved(sender, instance, created=False, raw=False, **kwargs):
    """A topic's posts carry its subject: re-index them when it changes."""
    if raw or created or instance.subject == getattr(instance, "_search_subject", None):
        return
    instance._search_subject = instance.subject
    schedule(SEARCH_MODELS["forum"], instance.posts.values_list("pk", flat=True))


def connect() -> None:
    """Connect the handlers (from ``SearchConfig.ready``)."""
    from machina.core.db.models import get_model

    from subcommittees.models import Subcommittee

    for proxy in SEARCH_MODELS.values():
        for sender in (proxy._meta.concrete_model, proxy):
            post_save.connect(_saved_or_deleted, sender=sender, dispatch_uid=f"search-{sender}")
            post_delete.connect(_saved_or_deleted, sender=sender, dispatch_uid=f"search-{sender}")
    m2m_changed.connect(
        _subcommittee_prefectures_changed,
        sender=Subcommittee.prefectures.through,
        dispatch_uid="search-subcommittee-prefectures",
    )
    Topic = get_model("forum_conversation", "Topic")
    post_init.connect(_topic_loaded, sender=Topic, dispatch_uid="search-topic-init")
    post_save.connect(_topic_saved, sender=Topic, dispatch_uid="search-topic-saved")
