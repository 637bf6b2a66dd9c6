"""The evaluation corpus, built at run time from the seed documents.

No seed text is stored in the repository: the documents are cut from
``/work/shared/seeds/`` (or ``$TSUNAGARI_SEEDS``) each run, and the evaluation
files refer to them by id only.

- Seed 003: the thirteen good-practice write-ups, one document each, cut at
  their 「団体名」 header; id ``w01`` … ``w13``; title = 取組名. The
  activity-type and target-group checkbox lists keep only the ticked items
  (★/☆), as the site stores them.
- Seeds 000, 001, 002, 004: report sections. A section starts at a heading line
  (「１．」, 「(1)」, 「第１章」, 「1-2」, 「【…】」, 「ア」 …) once the current
  section holds at least ``MIN_SECTION`` characters, and is cut at
  ``MAX_SECTION`` characters at the latest; id ``r<seed>-<nn>``.

The cutting is deterministic, so ids stay stable as long as the seeds do.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SEEDS = Path(os.environ.get("TSUNAGARI_SEEDS", "/work/shared/seeds"))
MIN_SECTION = 1500
MAX_SECTION = 4000

WRITE_UP_START = re.compile(r"^団\s*体\s*名\s*[：:]")
TITLE_LINE = re.compile(r"^取\s*組\s*名\s*[：:]\s*(.+)$")
AREA_LINE = re.compile(r"^取組地域\s*[：:]\s*(.+)$")
HEADING = re.compile(
    r"^\s*("
    r"[0-9０-９]{1,2}\s*[.．、)）]"  # 1． 2)
    r"|[0-9０-９]{1,2}[-－][0-9０-９]{1,2}"  # 1-2
    r"|[(（][0-9０-９]{1,2}[)）]"  # (1)
    r"|[(（][ア-ン][)）]"  # (ア)
    r"|第\s*[0-9０-９一二三四五六七八九十]+\s*[章節部]"  # 第２章
    r"|【[^】]{2,30}】"  # 【事業内容】
    r"|[①-⑳]"
    r")"
)


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    body: str
    kind: str  # "write-up" or "report"

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.body}"


def _seed(number: str) -> str:
    (path,) = sorted(SEEDS.glob(f"{number}_*.txt"))
    return path.read_text(encoding="utf-8")


FORM_START = re.compile(r"^取組の種類")
FORM_END = re.compile(r"^[(（]\s*[1１]\s*[)）]")
MARKS = ("★", "☆")


def _marked_items(lines: list[str]) -> list[str]:
    """The checkbox lists of activity types and target groups, reduced to what is ticked.

    The seed prints every item of both lists and marks the chosen ones with a
    ★ or ☆ cell before them; the site stores only the chosen ones, so the
    others must not make a write-up look relevant.
    """
    chosen = []
    for line in lines:
        cells = [cell.strip() for cell in line.split("\t")]
        for before, cell in zip(cells, cells[1:], strict=False):
            if before in MARKS and cell:
                chosen.append(cell)
    return chosen


def _without_unticked(chunk: list[str]) -> list[str]:
    start = next((i for i, line in enumerate(chunk) if FORM_START.match(line.strip())), None)
    if start is None:
        return chunk
    end = next(
        (i for i in range(start, len(chunk)) if FORM_END.match(chunk[i].strip())), len(chunk)
    )
    return [*chunk[:start], *_marked_items(chunk[start:end]), *chunk[end:]]


def write_ups() -> list[Document]:
    lines = _seed("003").splitlines()
    starts = [index for index, line in enumerate(lines) if WRITE_UP_START.match(line.strip())]
    documents = []
    for number, start in enumerate(starts, start=1):
        end = starts[number] if number < len(starts) else len(lines)
        chunk = _without_unticked(lines[start:end])
        title = next(
            (m.group(1).strip() for line in chunk if (m := TITLE_LINE.match(line.strip()))), ""
        )
        documents.append(
            Document(id=f"w{number:02d}", title=title, body="\n".join(chunk), kind="write-up")
        )
    return documents


def _short(line: str) -> bool:
    return 0 < len(line) <= 60


def report_sections(number: str) -> list[Document]:
    sections: list[tuple[str, list[str]]] = []
    title, body, size = "", [], 0
    for raw in _seed(number).splitlines():
        line = raw.strip()
        if not line:
            continue
        heading = _short(line) and HEADING.match(line)
        if body and ((heading and size >= MIN_SECTION) or size + len(line) > MAX_SECTION):
            sections.append((title, body))
            title, body, size = "", [], 0
        if not body:
            title = line[:80]
        body.append(line)
        size += len(line)
    if body:
        sections.append((title, body))
    return [
        Document(id=f"r{number}-{index:03d}", title=title, body="\n".join(lines), kind="report")
        for index, (title, lines) in enumerate(sections, start=1)
    ]


@lru_cache(maxsize=1)
def documents() -> tuple[Document, ...]:
    docs = write_ups()
    for number in ("000", "001", "002", "004"):
        docs.extend(report_sections(number))
    return tuple(docs)


def by_id() -> dict[str, Document]:
    return {document.id: document for document in documents()}


if __name__ == "__main__":
    for document in documents():
        print(document.id, len(document.body), document.title[:60])
