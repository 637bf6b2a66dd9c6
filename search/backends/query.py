"""Turn what the user typed into a modelsearch query tree of analysed terms."""

from __future__ import annotations

from modelsearch.query import And, MatchAll, Not, Or, Phrase, PlainText, SearchQuery

from search.analysis import analyse_query, chunks, index_terms


def _alternative(terms: tuple[str, ...]) -> PlainText:
    return PlainText(" ".join(terms), operator="and")


def _group(group) -> SearchQuery:
    alternatives = [_alternative(alt) for alt in group.alternatives if alt]
    return alternatives[0] if len(alternatives) == 1 else Or(alternatives)


def _combine(nodes: list[SearchQuery], operator: str) -> SearchQuery:
    if len(nodes) == 1:
        return nodes[0]
    return And(nodes) if operator == "and" else Or(nodes)


def analysed_query(query, operator: str | None, default_operator: str) -> SearchQuery | str:
    """The analysed form of ``query`` (a string or a modelsearch query).

    Each word becomes an Or of its alternatives (取組 → 取り組み;
    八幡浜市 → 八幡浜市 | 八幡浜; food bank → food+bank | フード+バンク). The
    words of one run of text typed without spaces must all match (And); the
    runs are combined with ``operator`` ("and": every run must match; "or":
    any run, ranked by how much matches). Returns "" when nothing is left
    to search for (only particles or punctuation were typed).
    """
    operator = (operator or default_operator).lower()
    if isinstance(query, str):
        groups = analyse_query(query)
        if not groups:
            return ""
        nodes = [_combine([_group(group) for group in chunk], "and") for chunk in chunks(groups)]
        return _combine(nodes, operator)
    return _analyse_tree(query, operator, default_operator)


def _analyse_tree(query: SearchQuery, operator: str, default_operator: str):
    if isinstance(query, PlainText):
        analysed = analysed_query(query.query_string, query.operator, default_operator)
        return analysed if analysed != "" else PlainText("", operator=operator)
    if isinstance(query, Phrase):
        return Phrase(" ".join(index_terms(query.query_string)))
    if isinstance(query, Not):
        return Not(_analyse_tree(query.subquery, operator, default_operator))
    if isinstance(query, And):
        return And([_analyse_tree(sub, operator, default_operator) for sub in query.subqueries])
    if isinstance(query, Or):
        return Or([_analyse_tree(sub, operator, default_operator) for sub in query.subqueries])
    if isinstance(query, MatchAll):
        return query
    return query
