"""BM25 ranking for the database backends, from a term index of our own.

modelsearch ranks with what each database offers: FTS5's bm25 on SQLite,
``ts_rank`` on PostgreSQL (no inverse document frequency). Both compute a
score from every matching document's stored text or vector, and a query of
common words matches nearly every document: 「ヤングケアラー 支援 ネットワーク」
matches 7,861 of 8,000 pages, and ranking them took over 100 ms on either
database (bench/search_speed.py).

Here each indexed object's analysed terms are kept as postings (term, object,
weighted term frequency, document length), written next to modelsearch's
entry by the backends' ``add_items``. A query reads only the postings of its
own terms through one index, decides in SQL which objects match (the query
tree's And / Or of terms, as ``HAVING`` over the grouped postings) and orders
them by Okapi BM25, with the same numbers (k1 1.2, b 0.75, title counted
``TITLE_WEIGHT`` times) on SQLite and PostgreSQL. Which objects may be shown
is still the caller's queryset, applied in the same query.

modelsearch's index entries stay: they serve autocomplete, field-restricted
and phrase queries, and the fallback backend.
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cached_property

from django.core.exceptions import EmptyResultSet

from modelsearch.query import And, Or, PlainText

from search.models import IndexedDocument, Posting
from search.ranking import K1, B, idf

# How much more a term in the title counts than one in the body.
TITLE_WEIGHT = 3.0
# Rows per DELETE … IN (…): well under SQLite's bound-parameter limit.
CHUNK = 500


class Unsupported(Exception):
    """A query node the postings cannot answer (phrase, negation, match-all, fuzzy)."""


def weighted(title_terms, body_terms) -> tuple[Counter, float]:
    """Term frequencies with title terms counted ``TITLE_WEIGHT`` times, and the length."""
    counts = Counter()
    for term in title_terms:
        counts[term] += TITLE_WEIGHT
    for term in body_terms:
        counts[term] += 1
    return counts, TITLE_WEIGHT * len(title_terms) + len(body_terms)


def _table(connection, model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def delete(connection, keys) -> None:
    """Remove the postings and lengths of ``keys``: (content type pk, object id) pairs."""
    by_type: dict[int, list[int]] = {}
    for content_type_pk, object_id in keys:
        by_type.setdefault(content_type_pk, []).append(int(object_id))
    with connection.cursor() as cursor:
        for content_type_pk, object_ids in by_type.items():
            for start in range(0, len(object_ids), CHUNK):
                chunk = object_ids[start : start + CHUNK]
                marks = ", ".join(["%s"] * len(chunk))
                for model in (Posting, IndexedDocument):
                    cursor.execute(
                        f"DELETE FROM {_table(connection, model)} "
                        f"WHERE content_type_id = %s AND object_id IN ({marks})",
                        [content_type_pk, *chunk],
                    )


def replace(connection, content_type_pk: int, documents: dict) -> None:
    """Index ``documents`` ({object id: (title terms, body terms)}) of one content type.

    Object ids are the objects' integer pks (as text, as modelsearch keeps
    them): every model the site indexes has one.
    """
    documents = {int(object_id): terms for object_id, terms in documents.items()}
    delete(connection, [(content_type_pk, object_id) for object_id in documents])
    postings, lengths = [], []
    for object_id, (title_terms, body_terms) in documents.items():
        counts, length = weighted(title_terms, body_terms)
        lengths.append((content_type_pk, object_id, length))
        postings.extend(
            (term, content_type_pk, object_id, tf, length) for term, tf in counts.items()
        )
    _insert(connection, IndexedDocument, ("content_type_id", "object_id", "length"), lengths)
    _insert(connection, Posting, ("term", "content_type_id", "object_id", "tf", "length"), postings)


def _insert(connection, model, columns, rows) -> None:
    """Insert ``rows``: with COPY on PostgreSQL (a page has some 200 postings), else executemany."""
    table = f"{_table(connection, model)} ({', '.join(columns)})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def delete_orphans(connection, entry_model) -> None:
    """Remove postings and lengths whose modelsearch entry is gone (after a rebuild's purge)."""
    entries = _table(connection, entry_model)
    with connection.cursor() as cursor:
        for model in (Posting, IndexedDocument):
            table = _table(connection, model)
            cursor.execute(
                f"DELETE FROM {table} WHERE NOT EXISTS (SELECT 1 FROM {entries} e "
                f"WHERE e.content_type_id = {table}.content_type_id "
                f"AND e.object_id = CAST({table}.object_id AS TEXT))"
            )


def reset(connection) -> None:
    with connection.cursor() as cursor:
        for model in (Posting, IndexedDocument):
            cursor.execute(f"DELETE FROM {_table(connection, model)}")


# --- Ranking -------------------------------------------------------------------


# Bits of the query terms present in an object, summed over its postings (each
# term has one posting per object, so the sum is the bitwise or). PostgreSQL
# sums bigints as numeric, which has no "&": the cast keeps it an integer.
MASK = "CAST(SUM(q.bit) AS BIGINT)"
MAX_TERMS = 62
# A posting's BM25 weight before its term's idf: its term frequency saturated
# and normalised by the document's length against the average (the parameter).
SATURATION = f"p.tf * {K1 + 1} / (p.tf + {K1} * ({1 - B} + {B} * p.length / %s))"


def _condition(query, terms: dict[str, int]) -> str:
    """``query`` as a HAVING condition over one object's grouped postings.

    Each distinct term gets a bit (``terms``: term → bit, in order of first
    use); a term is present when its bit is set in ``MASK``. The SQL holds
    only those integers, no text.
    """
    if isinstance(query, PlainText):
        words = query.query_string.split()
        if not words:
            return "1 = 0"
        parts = []
        for word in words:
            if word not in terms:
                if len(terms) == MAX_TERMS:
                    raise Unsupported("too many terms")
                terms[word] = 1 << len(terms)
            parts.append(f"({MASK} & {terms[word]}) <> 0")
        joiner = " AND " if query.operator == "and" else " OR "
        return "(" + joiner.join(parts) + ")"
    if isinstance(query, (And, Or)):
        joiner = " AND " if isinstance(query, And) else " OR "
        return "(" + joiner.join(_condition(sub, terms) for sub in query.subqueries) + ")"
    raise Unsupported(type(query).__name__)


# During one search page: the statistics of every content type for the page's
# terms, read once (``one_page``) instead of once per kind searched.
_page_statistics: ContextVar[dict | None] = ContextVar("postings_statistics", default=None)


@contextmanager
def one_page():
    """Within: the statistics of a query's terms are read once for every content type.

    A search page ranks pages and each indexed kind with the same terms; one
    query reads the number and total length of documents and the document
    frequencies of the terms per content type, and each ranking sums those
    of its own types.
    """
    token = _page_statistics.set({})
    try:
        yield
    finally:
        _page_statistics.reset(token)


def may_match(connection, query, content_types) -> bool:
    """Whether an object indexed under ``content_types`` may match ``query``.

    False only within ``one_page``, when the page's statistics show that no
    such object holds any of the query's terms: its ranking would find
    nothing, so the caller need not even build the queryset it would rank
    (a kind's permission filters). Otherwise True (outside a page, the
    question would cost a query of its own; a query the postings cannot
    answer goes to modelsearch).
    """
    if _page_statistics.get() is None:
        return True
    try:
        ranked = RankedQuery(connection, query, content_types, None)
    except Unsupported:
        return True
    idf, _average = ranked._statistics()
    return bool(idf)


def _all_statistics(connection, terms) -> tuple[dict, dict]:
    """({content type: (documents, total length)}, {(content type, term): documents})."""
    marks = ", ".join(["%s"] * len(terms))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT content_type_id, NULL, COUNT(*), SUM(length) "
            f"FROM {_table(connection, IndexedDocument)} GROUP BY content_type_id UNION ALL "
            f"SELECT content_type_id, term, COUNT(*), NULL FROM {_table(connection, Posting)} "
            f"WHERE term IN ({marks}) GROUP BY content_type_id, term",
            list(terms),
        )
        rows = cursor.fetchall()
    documents = {ct: (found, length) for ct, term, found, length in rows if term is None}
    frequencies = {(ct, term): found for ct, term, found, _ in rows if term is not None}
    return documents, frequencies


class RankedQuery:
    """The objects of ``queryset`` that match ``query``, best first by BM25.

    ``query`` is an analysed modelsearch tree of PlainText, And and Or
    (``search.backends.query``); anything else raises ``Unsupported``.
    ``content_types`` are the pks the queryset's objects are indexed under.
    Two queries: the document frequencies and the number and average length
    of documents (for IDF and length normalisation), then the ranking,
    sliced in SQL.
    """

    def __init__(self, connection, query, content_types, pks):
        self.connection = connection
        self.terms: dict[str, int] = {}
        self.condition = _condition(query, self.terms)
        self.content_types = list(content_types)
        self.queryset = pks

    @cached_property
    def pks(self):
        """The queryset's SQL and parameters; None if it can hold nothing.

        Compiled when a ranking needs it, after the statistics: a kind none of
        whose documents has the query's terms is not ranked, and its
        queryset (permission filters, subqueries) is never compiled.
        """
        try:
            return self.queryset.query.sql_with_params()
        except EmptyResultSet:  # e.g. pk__in=[]: nothing may be shown
            return None

    def _statistics(self):
        """{term: idf} over the content types, and their average length (None: nothing indexed)."""
        shared = _page_statistics.get()
        if shared is not None:
            return self._shared_statistics(shared)
        types = ", ".join(["%s"] * len(self.content_types))
        marks = ", ".join(["%s"] * len(self.terms))
        documents = _table(self.connection, IndexedDocument)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT NULL, COUNT(*), AVG(length) FROM {documents} "
                f"WHERE content_type_id IN ({types}) UNION ALL "
                f"SELECT term, COUNT(*), NULL FROM {_table(self.connection, Posting)} "
                f"WHERE term IN ({marks}) AND content_type_id IN ({types}) GROUP BY term",
                [*self.content_types, *self.terms, *self.content_types],
            )
            rows = cursor.fetchall()
        frequencies = {term: found for term, found, _ in rows if term is not None}
        total, average = next((found, length) for term, found, length in rows if term is None)
        if not total:
            return {}, None
        weights = {term: idf(total, found) for term, found in frequencies.items()}
        return weights, float(average or 1.0)

    def _shared_statistics(self, shared: dict):
        """``_statistics`` from the page's statistics of every content type."""
        key = (self.connection.alias, frozenset(self.terms))
        if key not in shared:
            shared[key] = _all_statistics(self.connection, sorted(self.terms))
        documents, frequencies = shared[key]
        total = sum(documents.get(ct, (0, 0))[0] for ct in self.content_types)
        if not total:
            return {}, None
        length = sum(documents.get(ct, (0, 0))[1] or 0 for ct in self.content_types)
        weights = {}
        for term in self.terms:
            found = sum(frequencies.get((ct, term), 0) for ct in self.content_types)
            if found:
                weights[term] = idf(total, found)
        return weights, float(length / total or 1.0)

    def _grouped(self, idf, average, ordered: bool) -> tuple[str, list]:
        """The matching objects' pks (and, ``ordered``, BM25 scores) from the query's postings.

        The terms come in as a small table ``q`` (term, bit, idf), joined to
        the postings through their index; on PostgreSQL as constants
        (``_postgres_grouped``).
        """
        types = ", ".join(["%s"] * len(self.content_types))
        pks, pks_params = self.pks
        if self.connection.vendor == "postgresql":
            return self._postgres_grouped(idf, average, ordered, types, pks, pks_params)
        terms = ", ".join(["(%s, %s, %s)"] * len(idf))
        params = []
        for term, weight in idf.items():
            params.extend((term, self.terms[term], weight))
        score = f"SUM(q.idf * {SATURATION})"
        columns = f"p.object_id, {score}" if ordered else "p.object_id"
        sql = (
            f"WITH q (term, bit, idf) AS (VALUES {terms}) "
            f"SELECT {columns} FROM q JOIN {_table(self.connection, Posting)} p "
            f"ON p.term = q.term WHERE p.content_type_id IN ({types}) "
            f"AND {self._object_id} IN ({pks}) "
            f"GROUP BY p.object_id HAVING {self.condition}"
        )
        if ordered:
            # The score is computed once, in the select list; the ORDER BY names it by place.
            params.append(average)
            sql += " ORDER BY 2 DESC, p.object_id DESC"
        params += [*self.content_types, *pks_params]
        return sql, params

    def _postgres_grouped(self, idf, average, ordered, types, pks, pks_params):
        """``_grouped`` for PostgreSQL's planner: the terms as constants.

        Joined to a ``VALUES`` table, the terms are unknown when the query is
        planned: PostgreSQL took each for some 500 postings (a common one has
        over 4,000) and checked the queryset's pks one posting at a time
        through the pages' primary key, 12,000 index lookups for
        「取り組み事例」 (65 of its 70 ms on bench/search_speed.py's 10,000
        documents). With the terms as an ``IN`` list of constants it reads
        their frequencies from its statistics and hashes the pks once: 20 ms,
        same rows, same order. Each posting's bit and idf come from ``CASE``
        over the terms, in a subquery ``q`` that the condition reads.
        """
        cases = " ".join(["WHEN %s THEN %s"] * len(idf))  # term → its bit, or its idf
        marks = ", ".join(["%s"] * len(idf))
        params = []
        for term in idf:
            params.extend((term, self.terms[term]))
        if ordered:
            for term, weight in idf.items():
                params.extend((term, weight))
            params.append(average)
        params += [*idf, *self.content_types, *pks_params]
        score = f", CASE p.term {cases} END * {SATURATION} AS score" if ordered else ""
        sql = (
            f"SELECT q.object_id{', SUM(q.score)' if ordered else ''} FROM ("
            f"SELECT p.object_id, CASE p.term {cases} END AS bit{score} "
            f"FROM {_table(self.connection, Posting)} p "
            f"WHERE p.term IN ({marks}) AND p.content_type_id IN ({types}) "
            f"AND p.object_id IN ({pks})) q "
            f"GROUP BY q.object_id HAVING {self.condition}"
        )
        if ordered:
            sql += " ORDER BY 2 DESC, q.object_id DESC"
        return sql, params

    @property
    def _object_id(self) -> str:
        """The postings' object id as the queryset's filter compares it.

        SQLite (without planner statistics) would look up every pk the
        queryset allows in the postings' index, for each term and content
        type: 880,000 seeks for a query of ten terms over 8,000 live pages,
        80 ms of the 100 ms of the slowest query of bench/search_speed.py.
        A unary ``+`` keeps the column out of the index's constraint: the
        terms' postings are read through the index and each checked against
        the pks (a set SQLite builds once), so the cost is bounded by the
        terms' postings whatever the number of pks. PostgreSQL plans from its
        statistics.
        """
        return "+p.object_id" if self.connection.vendor == "sqlite" else "p.object_id"

    def slice(self, start: int, stop: int | None) -> list[int]:
        """The pks ranked ``start`` to ``stop`` (``None``: to the end)."""
        return [pk for pk, _score in self.scored(start, stop)]

    def scored(self, start: int, stop: int | None) -> list[tuple[int, float]]:
        """(pk, BM25 score) of the objects ranked ``start`` to ``stop``, best first."""
        idf, average = self._statistics()
        if not idf or self.pks is None:
            return []
        sql, params = self._grouped(idf, average, ordered=True)
        limit = self.connection.ops.limit_offset_sql(start, stop)
        with self.connection.cursor() as cursor:
            cursor.execute(f"{sql} {limit}", params)
            return [(pk, float(score)) for pk, score in cursor.fetchall()]

    def count(self, start: int, stop: int | None) -> int:
        """How many objects the slice ``start``–``stop`` holds."""
        idf, average = self._statistics()
        if not idf or self.pks is None:
            return 0
        sql, params = self._grouped(idf, average, ordered=False)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) matched", params)
            (total,) = cursor.fetchone()
        found = max(total - start, 0)
        return found if stop is None else min(found, stop - start)
