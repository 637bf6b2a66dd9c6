"""nDCG@10 of site-search ranking methods on the evaluation set.

    .venv/bin/python -m bench.search_eval.run            # every in-memory method
    .venv/bin/python -m bench.search_eval.run --database  # also the real backend (SQLite,
                                                          # or DATABASE_URL=postgres://…)

Methods:
- ``whitespace``: raw whitespace tokens, BM25 (what a naive index does);
- ``sudachi-ca``: Sudachi mode-C words plus mode-A sub-words (surface forms), BM25
  — the reference of issue 7;
- ``analysis``: ``cms.search.analysis`` (normalised forms, place stems, stops)
  without the glossary, BM25 over query groups;
- ``analysis+glossary``: the same with the glossary's expansions (the site's setting);
- ``database``: the site's search backend (``cms.search.backends.database``)
  over documents indexed as pages of a throw-away test database.

A query group scores the best of its alternatives; an alternative counts only
when all its terms are in the document (as in the database backend).
"""

from __future__ import annotations

import argparse
import csv
import math
from collections import Counter, defaultdict
from pathlib import Path

from bench.search_eval.corpus import documents
from bench.search_eval.judge import load_queries

HERE = Path(__file__).resolve().parent
GROUPS = ["compound", "variants", "multi", "names", "english"]
K = 10


def load_qrels(path: Path = HERE / "qrels.csv") -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            qrels[row["query_id"]][row["doc_id"]] = int(row["grade"])
    return qrels


def ndcg(ranking: list[str], judged: dict[str, int], k: int = K) -> float:
    def dcg(grades):
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:k]))

    ideal = dcg(sorted(judged.values(), reverse=True))
    return dcg([judged.get(doc, 0) for doc in ranking]) / ideal if ideal else 0.0


class BM25:
    """Okapi BM25 (k1=1.2, b=0.75) over term lists; title terms count twice."""

    def __init__(self, docs: dict[str, list[str]], k1: float = 1.2, b: float = 0.75):
        self.tf = {doc_id: Counter(terms) for doc_id, terms in docs.items()}
        self.length = {doc_id: len(terms) for doc_id, terms in docs.items()}
        self.avg = sum(self.length.values()) / max(len(docs), 1)
        df = Counter(term for counts in self.tf.values() for term in counts)
        n = len(docs)
        self.idf = {term: math.log(1 + (n - f + 0.5) / (f + 0.5)) for term, f in df.items()}
        self.k1, self.b = k1, b

    def term_score(self, doc_id: str, term: str) -> float:
        tf = self.tf[doc_id].get(term, 0)
        if not tf:
            return 0.0
        norm = self.k1 * (1 - self.b + self.b * self.length[doc_id] / self.avg)
        return self.idf.get(term, 0.0) * tf * (self.k1 + 1) / (tf + norm)

    def rank(self, chunks: list[list[list[tuple[str, ...]]]]) -> list[str]:
        """Chunks of groups of alternatives: a chunk counts only if all its groups match."""
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
        return sorted(scores, key=lambda doc_id: (-scores[doc_id], doc_id))


def _doc_terms(tokenise) -> dict[str, list[str]]:
    return {doc.id: tokenise(doc.title) * 2 + tokenise(doc.body) for doc in documents()}


def method_whitespace():
    index = BM25(_doc_terms(str.split))
    return lambda query: index.rank([[[(term,)]] for term in query.split()])


def method_sudachi_ca():
    from sudachipy import SplitMode

    from cms.sudachi import tokenizer

    tok = tokenizer()

    def terms(text: str) -> list[str]:
        out = []
        for chunk in [text[i : i + 4000] for i in range(0, len(text), 4000)]:
            for m in tok.tokenize(chunk, SplitMode.C):
                if m.part_of_speech()[0] in {"補助記号", "空白", "助詞", "助動詞"}:
                    continue
                out.append(m.surface())
                parts = m.split(SplitMode.A)
                if len(parts) > 1:
                    out.extend(p.surface() for p in parts)
        return out

    index = BM25(_doc_terms(terms))
    return lambda query: index.rank([[[(term,)]] for term in dict.fromkeys(terms(query))])


def method_analysis(expand: bool):
    from cms.search.analysis import analyse_query, chunks, index_terms

    index = BM25(_doc_terms(index_terms))

    def rank(query: str):
        groups = analyse_query(query, expand=expand)
        return index.rank([[g.alternatives for g in chunk] for chunk in chunks(groups)])

    return rank


def method_database():
    from bench.search_eval.database import database_ranker

    return database_ranker()


def evaluate(rankers: dict, queries: list[dict], qrels) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    for name, rank in rankers.items():
        per_group: dict[str, list[float]] = defaultdict(list)
        for query in queries:
            value = ndcg(rank(query["query"])[:K], qrels.get(query["id"], {}))
            per_group[query["group"]].append(value)
            per_group["overall"].append(value)
        results[name] = {group: sum(v) / len(v) for group, v in per_group.items()}
    return results


def per_query(rank, queries, qrels):
    for query in queries:
        ranking = rank(query["query"])[:K]
        value = ndcg(ranking, qrels.get(query["id"], {}))
        print(f"{query['id']} {value:.2f} {query['query']}  {' '.join(ranking[:5])}")


def main() -> None:
    import django

    django.setup()
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", action="store_true", help="also the real search backend")
    parser.add_argument("--queries", help="print per-query figures for this method")
    args = parser.parse_args()
    queries, qrels = load_queries(), load_qrels()
    rankers = {
        "whitespace": method_whitespace(),
        "sudachi-ca": method_sudachi_ca(),
        "analysis": method_analysis(expand=False),
        "analysis+glossary": method_analysis(expand=True),
    }
    if args.database:
        rankers["database"] = method_database()
    if args.queries:
        per_query(rankers[args.queries], queries, qrels)
        return
    results = evaluate(rankers, queries, qrels)
    columns = [*GROUPS, "overall"]
    print("| method | " + " | ".join(columns) + " |")
    print("| --- |" + " --- |" * len(columns))
    for name, figures in results.items():
        print(f"| {name} | " + " | ".join(f"{figures[c]:.2f}" for c in columns) + " |")


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    main()
