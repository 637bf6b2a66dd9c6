"""modelsearch's database backends with our Japanese analysis.

Set ``"BACKEND": "cms.search.backends.database"`` in WAGTAILSEARCH_BACKENDS.
On the way in, each object's title, body and autocomplete text is replaced by
its analysed terms (``index_text``) before SQLite FTS5 or PostgreSQL's
``to_tsvector`` tokenise it on spaces; from the query box, the query is
analysed the same way (``analysed_query``). PostgreSQL uses the ``simple``
text-search configuration: stemming and stop words are ours.

The index classes repeat modelsearch's ``add_items`` because it builds its
``ObjectIndexer`` by name; only the indexer class differs.
"""

from __future__ import annotations

from functools import lru_cache

from django.db import connection
from django.db.models import F, IntegerField, Q, TextField
from django.db.models.functions import Cast
from django.utils.functional import cached_property

from modelsearch.backends import database as modelsearch_database
from modelsearch.backends.base import EmptySearchResults
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from cms.search.analysis import index_text
from cms.search.backends.query import analysed_query

# How much more a match in the title counts than one in the body.
TITLE_WEIGHT = 3.0


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


def object_ids(queryset):
    """The queryset's pks as the index's text ``object_id``, for an ``__in`` subquery."""
    return queryset.order_by().annotate(_object_id=Cast("pk", TextField())).values("_object_id")


class RankedResultsMixin:
    """Search results from the compiler's ``ranked_entries``: one query, ranked and sliced in SQL.

    Only the slice's objects are loaded (in the ranked order); ``pks()`` gives
    the slice's pks without loading anything. Where ``ranked_entries`` returns
    None (autocomplete, score annotations, match-all) modelsearch's own path
    runs.
    """

    def _ranked(self):
        compiler = self.query_compiler
        if self._score_field or not hasattr(compiler, "ranked_entries"):  # autocomplete
            return None
        return compiler.ranked_entries(compiler.get_config(self.backend))

    def _do_search(self):
        ranked = self._ranked()
        if ranked is None:
            return super()._do_search()
        page = list(ranked[self.start : self.stop])
        objects = self.query_compiler.queryset.filter(pk__in=page).order_by().in_bulk()
        return [objects[pk] for pk in page if pk in objects]

    def pks(self):
        """The ranked pks of this slice, without loading the objects."""
        ranked = self._ranked()
        if ranked is None:
            return [obj.pk for obj in self]
        return list(ranked[self.start : self.stop])

    def _do_count(self):
        ranked = self._ranked()
        if ranked is None:
            return super()._do_count()
        return ranked[self.start : self.stop].count()


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

    class SQLiteIndex(sqlite.SQLiteIndex):
        indexer_class = SQLiteIndexer

        def add_items(self, model, objs):
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

    class SQLiteSearchQueryCompiler(sqlite.SQLiteSearchQueryCompiler):
        def _build_rank_expression(self, vectors, config):
            return WeightedBM25()

        def ranked_entries(self, config):
            """The queryset's matches, best first, as index rows; None to let modelsearch do it.

            modelsearch orders by a correlated subquery that runs the full-text
            match again for every candidate row: with a common word over ten
            thousand documents that is thousands of FTS queries. Here one query
            matches, keeps the rows of the queryset's objects (``IN`` the
            queryset's pks), orders by bm25 and is sliced in SQLite, so only
            the page of results asked for reaches Python.
            """
            query = sqlite_query.normalize(self.query)
            if not self.order_by_relevance or isinstance(query, (MatchAll, Not)):
                return None
            match = sqlite_query.MatchExpression(
                self.fields or self.FTS_TABLE_FIELDS,
                self.build_search_query(query, config=config),
            )
            content_types = get_descendants_content_types_pks(self.queryset.model)
            wanted = object_ids(self.queryset)
            return (
                sqlite_query.SQLiteFTSIndexEntry.objects.filter(match)
                .filter(
                    index_entry__content_type__in=content_types,
                    index_entry__object_id__in=wanted,
                )
                .annotate(
                    score=WeightedBM25(),
                    object_pk=Cast("index_entry__object_id", IntegerField()),
                )
                .order_by("score", "-object_pk")
                .values_list("object_pk", flat=True)
            )

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
        def as_vector(self, texts, for_autocomplete=False):
            analysed = [(index_text(text), weight) for text, weight in texts]
            return super().as_vector(analysed, for_autocomplete=for_autocomplete)

    class PostgresIndex(postgres.PostgresIndex):
        indexer_class = PostgresIndexer

        def add_items(self, model, objs):
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
            self._refresh_title_norms()

    from django.contrib.postgres.search import SearchRank

    class PostgresSearchQueryCompiler(postgres.PostgresSearchQueryCompiler):
        def ranked_entries(self, config):
            """The queryset's matches, best first, as index rows; None to let modelsearch do it.

            modelsearch matches ``title || body`` (a concatenation no index
            covers, computed for every row) and ranks by a ``ts_rank`` per
            word of the query and per column: seconds over ten thousand
            documents. Here the index rows are matched column by column (each
            has its GIN index), kept to the queryset's objects, ranked by one
            ``ts_rank`` per column (title weighted as on SQLite) and sliced in
            PostgreSQL, so only the page of results asked for reaches Python.
            """
            query = self.query
            if (
                not self.order_by_relevance
                or self.fields is not None
                or isinstance(query, (MatchAll, Not, postgres.Fuzzy))
            ):
                return None
            tsquery = self.build_tsquery(query, config=config)
            content_types = get_descendants_content_types_pks(self.queryset.model)
            wanted = object_ids(self.queryset)
            entries = postgres.IndexEntry.objects.filter(
                content_type__in=content_types, object_id__in=wanted
            )
            return (
                entries.filter(Q(title=tsquery) | Q(body=tsquery))
                .annotate(
                    score=SearchRank(F("title"), tsquery) * TITLE_WEIGHT
                    + SearchRank(F("body"), tsquery),
                    object_pk=Cast("object_id", IntegerField()),
                )
                .order_by("-score", "-object_pk")
                .values_list("object_pk", flat=True)
            )

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
