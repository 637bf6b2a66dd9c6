"""The models the site search indexes besides pages: the registered kinds' own.

``SEARCH_MODELS[kind]`` is the ``model`` of an ``IndexedKind``
(``search.registry``), an index.Indexed proxy of an app's real model, so that::

    get_search_backend().search(query, SEARCH_MODELS[kind].objects.filter(...),
                                operator="or")

works for each kind, as it does for pages. Results are instances of the
proxy, with every field and method of the real model. Filters on the
queryset must use the proxy's FilterFields (``id`` always works:
``filter(pk__in=readable.values("pk"))``).

The index follows saves and deletes after the transaction commits
(``search.indexing``), so a test that creates objects inside its
transaction indexes them with ``django_capture_on_commit_callbacks(execute=True)``
or ``search.indexing.index_now(obj)``.
"""

from collections.abc import Mapping

from search import registry


class _SearchModels(Mapping):
    """kind key → indexed model, read from the registry when asked (it fills in ``ready()``)."""

    def _models(self):
        return {kind.key: kind.model for kind in registry.indexed_kinds()}

    def __getitem__(self, key):
        return self._models()[key]

    def __iter__(self):
        return iter(self._models())

    def __len__(self):
        return len(self._models())


SEARCH_MODELS = _SearchModels()
