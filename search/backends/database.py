"""modelsearch's database backends with our Japanese analysis.

Set ``"BACKEND": "search.backends.database"`` in WAGTAILSEARCH_BACKENDS.
On the way in, each object's title, body and autocomplete text is replaced by
its analysed terms (``index_text``) before SQLite FTS5 or PostgreSQL's
``to_tsvector`` tokenise it on spaces; from the query box, the query is
analysed the same way (``analysed_query``). PostgreSQL uses the ``simple``
text-search configuration: stemming and stop words are ours.

Ranked searches (what the site's search page asks) are answered from our own
postings with BM25, the same on both databases (``search.postings``);
modelsearch's full-text path still serves autocomplete, phrases and
field-restricted queries.

The index classes' ``write_items`` repeat modelsearch's ``add_items`` (which
builds its ``ObjectIndexer`` by name) with our indexer, and write the postings.
"""

from __future__ import annotations

from functools import lru_cache

from django.db import connection, connections, router, transaction
from django.utils.functional import cached_property

from modelsearch.backends import database as modelsearch_database
from modelsearch.backends.base import EmptySearchResults
from modelsearch.index import SearchField
from modelsearch.utils import get_content_type_pk

from search import postings
from search.analysis import index_terms, index_text
from search.backends import content_type_pks
from search.backends.query import analysed_query

TITLE_WEIGHT = postings.TITLE_WEIGHT


class AnalysedQueryMixin:
    """Analyse the query string (or tree) before modelsearch compiles it."""

    def _analysed(self, query, operator, compiler_class):
        default = getattr(compiler_class, "DEFAULT_OPERATOR", "and")
        return analysed_query(query, operator, default)

    def search(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True):
        analysed = self._analysed(query, operator, self.query_compiler_class)
        if analysed == "":
            return EmptySearchResults()
        return super().search(
            analysed,
            model_or_queryset,
            fields=fields,
            operator=operator,
            order_by_relevance=order_by_relevance,
        )

    def may_find(self, query, model, operator=None) -> bool:
        """Whether a ranked search of ``model`` for ``query`` may find anything.

        False when nothing is left of the query, or when (within
        ``postings.one_page``) none of ``model``'s indexed objects holds
        any of its terms; then the search page skips that kind without
        building its queryset. Other backends have no such method: every
        kind is searched.
        """
        analysed = self._analysed(query, operator, self.query_compiler_class)
        if analysed == "":
            return False
        return postings.may_match(
            connections[router.db_for_read(model)],
            analysed,
            content_type_pks(model),
        )

    def autocomplete(
        self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True
    ):
        analysed = self._analysed(query, operator, self.autocomplete_query_compiler_class)
        if analysed == "":
            return EmptySearchResults()
        return super().autocomplete(
            analysed,
            model_or_queryset,
            fields=fields,
            operator=operator,
            order_by_relevance=order_by_relevance,
        )


class RankedResultsMixin:
    """Search results from the compiler's ``ranked_entries``: BM25 over our postings.

    Only the slice's objects are loaded (in the ranked order); ``pks()`` gives
    the slice's pks without loading anything. Where ``ranked_entries`` returns
    None (autocomplete, field-restricted, phrase, negated or match-all
    queries, score annotations) modelsearch's own path runs.
    """

    def _ranked(self):
        compiler = self.query_compiler
        if self._score_field or not hasattr(compiler, "ranked_entries"):  # autocomplete
            return None
        return compiler.ranked_entries()

    def _do_search(self):
        ranked = self._ranked()
        if ranked is None:
            return super()._do_search()
        page = ranked.slice(self.start, self.stop)
        objects = self.query_compiler.queryset.filter(pk__in=page).order_by().in_bulk()
        return [objects[pk] for pk in page if pk in objects]

    def pks(self):
        """The ranked pks of this slice, without loading the objects."""
        ranked = self._ranked()
        if ranked is None:
            return [obj.pk for obj in self]
        return ranked.slice(self.start, self.stop)

    def scored(self):
        """(pk, BM25 score) of this slice, best first, without loading the objects.

        None where the postings do not answer (modelsearch's own path).
        """
        ranked = self._ranked()
        return None if ranked is None else ranked.scored(self.start, self.stop)

    def _do_count(self):
        ranked = self._ranked()
        if ranked is None:
            return super()._do_count()
        return ranked.count(self.start, self.stop)


class PostingsIndexMixin:
    """Keep ``search.postings`` in step with modelsearch's entries (``entry_model``).

    ``write_items`` writes the entries and the postings (it has the analysed
    terms); removals and resets follow here. Each write is one transaction:
    two workers indexing the same object queue on its entry row (or on
    SQLite's write lock), so the second replaces the first's postings
    instead of adding to them (ranking counts on one posting per term and
    object).
    """

    entry_model = None

    def add_items(self, model, objs):
        with transaction.atomic(using=self.write_connection.alias):
            self.write_items(model, objs)

    def delete_item(self, item):
        keys = item.index_entries.values_list("content_type_id", "object_id")
        postings.delete(self.write_connection, list(keys))
        super().delete_item(item)

    def delete_stale_entries(self):
        super().delete_stale_entries()
        postings.delete_orphans(self.write_connection, self.entry_model)

    def reset(self):
        super().reset()
        postings.reset(self.write_connection)


class PostingsRankingMixin:
    """``ranked_entries`` for a query compiler: ``search.postings.RankedQuery``, or None."""

    def ranked_entries(self):
        if not self.order_by_relevance or self.fields is not None:
            return None
        try:
            return postings.RankedQuery(
                connections[self.queryset.db],
                self.query,
                content_type_pks(self.queryset.model),
                self.queryset.order_by().values("pk"),
            )
        except postings.Unsupported:
            return None


# --- SQLite (FTS5) -------------------------------------------------------------


def _sqlite():
    from modelsearch.backends.database.sqlite import sqlite

    return sqlite


@lru_cache(maxsize=1)
def _sqlite_classes():
    sqlite = _sqlite()

    class SQLiteIndexer(sqlite.ObjectIndexer):
        @cached_property
        def title(self):
            return index_text(sqlite.ObjectIndexer.title.real_func(self))

        @cached_property
        def body(self):
            return index_text(sqlite.ObjectIndexer.body.real_func(self))

        @cached_property
        def autocomplete(self):
            return index_text(sqlite.ObjectIndexer.autocomplete.real_func(self))

    class SQLiteIndex(PostingsIndexMixin, sqlite.SQLiteIndex):
        indexer_class = SQLiteIndexer
        entry_model = sqlite.IndexEntry

        def write_items(self, model, objs):
            # modelsearch's SQLiteIndex.add_items with self.indexer_class.
            if not model.get_search_fields():
                return
            indexers = [self.indexer_class(obj, self.backend) for obj in objs]
            if not indexers:
                return
            content_type_pk = get_content_type_pk(model)
            data = {i.id: (i.title, i.autocomplete, i.body) for i in indexers}
            entries = self.entries.filter(content_type_id=content_type_pk)
            indexed = frozenset(
                entries.filter(object_id__in=data.keys()).values_list("object_id", flat=True)
            )
            for object_id in indexed:
                title, autocomplete, body = data[object_id]
                entries.filter(object_id=object_id).update(
                    title=title, autocomplete=autocomplete, body=body
                )
            self.entries.bulk_create(
                sqlite.IndexEntry(
                    content_type_id=content_type_pk,
                    object_id=object_id,
                    title=title,
                    autocomplete=autocomplete,
                    body=body,
                )
                for object_id, (title, autocomplete, body) in data.items()
                if object_id not in indexed
            )
            postings.replace(
                self.write_connection,
                content_type_pk,
                {i.id: (i.title.split(), i.body.split()) for i in indexers},
            )
            # No _refresh_title_norms(): WeightedBM25 does not use title_norm,
            # and the refresh scans the whole index on every save.

        def _refresh_title_norms(self, full=False):
            pass

    from modelsearch.backends.database.sqlite import query as sqlite_query

    class WeightedBM25(sqlite_query.BM25):
        """FTS5's bm25 with a weight per column (autocomplete, body, title).

        modelsearch multiplies the row's bm25 by each vector's weight and adds
        them; as bm25 already covers the whole row, that boosts documents with
        short titles whatever matched (a page titled 「1」 outranked the one
        about the query). Column weights rank a title match above a body match.
        """

        def as_sql(self, compiler, connection, function=None, template=None):
            table = sqlite_query.SQLiteFTSIndexEntry._meta.db_table
            return f"bm25({table}, 0.0, 1.0, {TITLE_WEIGHT})", []

    class SQLiteSearchQueryCompiler(PostingsRankingMixin, sqlite.SQLiteSearchQueryCompiler):
        def _build_rank_expression(self, vectors, config):
            return WeightedBM25()

    class SQLiteSearchResults(RankedResultsMixin, sqlite.SQLiteSearchResults):
        pass

    class SQLiteSearchBackend(AnalysedQueryMixin, sqlite.SQLiteSearchBackend):
        index_class = SQLiteIndex
        query_compiler_class = SQLiteSearchQueryCompiler
        results_class = SQLiteSearchResults

    return SQLiteSearchBackend


# --- PostgreSQL ----------------------------------------------------------------


@lru_cache(maxsize=1)
def _postgres_classes():
    from modelsearch.backends.database.postgres import postgres

    class PostgresIndexer(postgres.ObjectIndexer):
        def _terms(self, text):
            # Each field is analysed once, for its vector and for the postings.
            analysed = self.__dict__.setdefault("_analysed", {})
            if text not in analysed:
                analysed[text] = index_terms(text)
            return analysed[text]

        def as_vector(self, texts, for_autocomplete=False):
            analysed = [(" ".join(self._terms(text)), weight) for text, weight in texts]
            return super().as_vector(analysed, for_autocomplete=for_autocomplete)

        def field_terms(self, title: bool) -> list[str]:
            """The analysed terms of the title fields (``title``) or of the others."""
            terms = []
            for field in self.search_fields:
                for current_field, _boost, value in self.prepare_field(self.obj, field):
                    if isinstance(current_field, SearchField) and (
                        (current_field.field_name == "title") == title
                    ):
                        terms.extend(self._terms(value))
            return terms

    class PostgresIndex(PostingsIndexMixin, postgres.PostgresIndex):
        indexer_class = PostgresIndexer
        entry_model = postgres.IndexEntry

        def write_items(self, model, objs):
            # modelsearch's PostgresIndex.add_items with self.indexer_class.
            if not model.get_search_fields():
                return
            indexers = [self.indexer_class(obj, self.backend) for obj in objs]
            if not indexers:
                return
            IndexEntry = postgres.IndexEntry
            content_type_pk = get_content_type_pk(model)
            compiler = postgres.InsertQuery(IndexEntry).get_compiler(
                connection=self.write_connection
            )
            rows, params = [], []
            for indexer in indexers:
                params.extend((content_type_pk, indexer.id))
                sqls = []
                for name in ("title", "autocomplete", "body"):
                    value = compiler.prepare_value(
                        IndexEntry._meta.get_field(name), getattr(indexer, name)
                    )
                    sql, value_params = value.as_sql(compiler, self.write_connection)
                    sqls.append(sql)
                    params.extend(value_params)
                params.extend((indexer.title_text, indexer.body_text))
                rows.append(f"(%s, %s, {sqls[0]}, {sqls[1]}, {sqls[2]}, 1.0, %s, %s)")
            with self.write_connection.cursor() as cursor:
                cursor.execute(
                    f"""
                    INSERT INTO {IndexEntry._meta.db_table} (content_type_id, object_id,
                        title, autocomplete, body, title_norm, title_text, body_text)
                    (VALUES {", ".join(rows)})
                    ON CONFLICT (content_type_id, object_id)
                    DO UPDATE SET title = EXCLUDED.title,
                                  title_norm = 1.0,
                                  autocomplete = EXCLUDED.autocomplete,
                                  body = EXCLUDED.body,
                                  title_text = EXCLUDED.title_text,
                                  body_text = EXCLUDED.body_text
                    """,
                    params,
                )
            postings.replace(
                self.write_connection,
                content_type_pk,
                {i.id: (i.field_terms(title=True), i.field_terms(title=False)) for i in indexers},
            )
            self._refresh_title_norms()

    class PostgresSearchQueryCompiler(PostingsRankingMixin, postgres.PostgresSearchQueryCompiler):
        pass

    class PostgresSearchResults(RankedResultsMixin, postgres.PostgresSearchResults):
        pass

    class PostgresSearchBackend(AnalysedQueryMixin, postgres.PostgresSearchBackend):
        index_class = PostgresIndex
        query_compiler_class = PostgresSearchQueryCompiler
        results_class = PostgresSearchResults

        def __init__(self, params):
            super().__init__({"SEARCH_CONFIG": "simple", **params})

    return PostgresSearchBackend


def SearchBackend(params):
    """The analysed backend for the default database (like modelsearch's chooser)."""
    if connection.vendor == "postgresql":
        return _postgres_classes()(params)
    backend = modelsearch_database.SearchBackend(params)
    if connection.vendor == "sqlite" and isinstance(backend, _sqlite().SQLiteSearchBackend):
        return _sqlite_classes()(params)
    # No FTS5 (or MySQL): modelsearch's own backend, without Japanese analysis.
    return backend
