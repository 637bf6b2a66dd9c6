"""A small Okapi BM25 over analysed terms, for what is ranked in memory.

Used by the evaluation bench (bench/search_eval/) and by the site search to
check that a members-only subcommittee shown as a teaser matched on its name
or theme (``subcommittees.search_kinds.SubcommitteeKind.hits``), not on text the viewer
may not read.
"""

from __future__ import annotations

import math
from collections import Counter

K1 = 1.2
B = 0.75


def idf(documents: int, found: int) -> float:
    """BM25's inverse document frequency of a term ``found`` in that many of ``documents``."""
    return math.log(1 + (documents - found + 0.5) / (found + 0.5))


class BM25:
    """Okapi BM25 (k1=1.2, b=0.75) over term lists.

    ``rank`` takes the query as chunks of groups of alternatives
    (``search.analysis.chunks``): a chunk counts only when all its groups
    match; a group scores its best alternative; an alternative matches when
    all its terms are in the document.
    """

    def __init__(self, docs: dict, k1: float = K1, b: float = B):
        self.tf = {doc_id: Counter(terms) for doc_id, terms in docs.items()}
        self.length = {doc_id: len(terms) for doc_id, terms in docs.items()}
        self.avg = sum(self.length.values()) / max(len(docs), 1)
        df = Counter(term for counts in self.tf.values() for term in counts)
        n = len(docs)
        self.idf = {term: idf(n, f) for term, f in df.items()}
        self.k1, self.b = k1, b

    def term_score(self, doc_id, term: str) -> float:
        tf = self.tf[doc_id].get(term, 0)
        if not tf:
            return 0.0
        norm = self.k1 * (1 - self.b + self.b * self.length[doc_id] / (self.avg or 1))
        return self.idf.get(term, 0.0) * tf * (self.k1 + 1) / (tf + norm)

    def scores(self, chunks: list[list[list[tuple[str, ...]]]]) -> dict:
        scores = {}
        for doc_id, counts in self.tf.items():
            score = 0.0
            for groups in chunks:
                chunk_score = 0.0
                for alternatives in groups:
                    best = 0.0
                    for alternative in alternatives:
                        if all(term in counts for term in alternative):
                            best = max(best, sum(self.term_score(doc_id, t) for t in alternative))
                    if not best:
                        chunk_score = 0.0
                        break
                    chunk_score += best
                score += chunk_score
            if score > 0:
                scores[doc_id] = score
        return scores

    def rank(self, chunks) -> list:
        scores = self.scores(chunks)
        return sorted(scores, key=lambda doc_id: (-scores[doc_id], str(doc_id)))
