"""Search backends that run ``search.analysis`` on both sides of the index.

``search.backends.database`` wraps modelsearch's database backends (SQLite
FTS5 and PostgreSQL); ``search.backends.elasticsearch8`` adds the kuromoji
and ICU analysers and the glossary synonyms to the Elasticsearch index.
"""


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
