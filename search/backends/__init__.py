"""Search backends that run ``search.analysis`` on both sides of the index.

``search.backends.database`` wraps modelsearch's database backends (SQLite
FTS5 and PostgreSQL); ``search.backends.elasticsearch8`` adds the kuromoji
and ICU analysers and the glossary synonyms to the Elasticsearch index.
"""

from functools import cache


@cache
def _descendant_models(model) -> tuple:
    from modelsearch.utils import get_descendant_models

    return tuple(get_descendant_models(model))


def content_type_pks(model) -> list[int]:
    """The content types ``model``'s objects and its subclasses' are indexed under.

    modelsearch's ``get_descendants_content_types_pks``, without walking
    every installed model on each call (a search page asks it for every
    kind): the subclasses are found once per process; the content types
    come from ContentType's own cache.
    """
    from django.contrib.contenttypes.models import ContentType

    return [ct.pk for ct in ContentType.objects.get_for_models(*_descendant_models(model)).values()]


def ranked_pks(results) -> list:
    """The pks of search ``results`` (sliced as wanted), best first, without loading objects.

    The search page ranks up to hundreds of hits per kind but shows twenty:
    loading every hit as a model instance (a Page is ~0.1 ms) costs more than
    the search. The database backends answer from their postings' ranking
    query alone (``search.postings``); other backends load the objects.
    """
    pks = getattr(results, "pks", None)
    return pks() if pks else [obj.pk for obj in results]


def ranked_scores(results) -> list[tuple]:
    """(pk, score) of search ``results``, best first: one scale for every kind searched.

    The database backends give each object's BM25 score from the postings;
    other backends (or modelsearch's own path) give 1 / (rank + 1), which
    interleaves the kinds by rank.
    """
    scored = getattr(results, "scored", None)
    found = scored() if scored else None
    if found is None:
        found = [(pk, 1.0 / (rank + 1)) for rank, pk in enumerate(ranked_pks(results))]
    return found
