"""Propose graded relevance judgments (0–3) from the queries' concepts.

    .venv/bin/python -m bench.search_eval.judge > bench/search_eval/qrels.csv

A proposal, not the verdict: each concept is what a reader looks for (every
spelling), counted in the NFKC-folded, lower-cased document. Single concept:
3 = in the title or at least 5 mentions (the document is about it), 2 = 2–4
mentions, 1 = one passing mention. Several concepts ("&&"): 3 = all present
and each at least twice (or one in the title), 2 = all present, 1 = all but
one present. The proposals were reviewed by reading the documents and
corrected in qrels.csv by hand (README.md lists the corrections); re-running
this script overwrites them, so merge with care.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

from bench.search_eval.corpus import documents

HERE = Path(__file__).resolve().parent


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def load_queries(path: Path = HERE / "queries.csv") -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def grade(concept: str, title: str, body: str) -> int:
    parts = [re.compile(part.strip()) for part in concept.split("&&")]
    counts = [len(part.findall(body)) for part in parts]
    in_title = any(part.search(title) for part in parts)
    present = sum(1 for count in counts if count)
    if len(parts) == 1:
        count = counts[0]
        if count and (in_title or count >= 5):
            return 3
        return 2 if count >= 2 else count
    if present == len(parts):
        return 3 if in_title or min(counts) >= 2 else 2
    return 1 if present >= len(parts) - 1 and present else 0


def main() -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["query_id", "doc_id", "grade"])
    docs = documents()
    for query in load_queries():
        for document in docs:
            value = grade(query["concept"], fold(document.title), fold(document.text))
            if value:
                writer.writerow([query["id"], document.id, value])


if __name__ == "__main__":
    main()
