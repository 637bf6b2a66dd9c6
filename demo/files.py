"""Reading the demo's data files (``demo/data/*.yaml``).

The files are written for people, not programs: each starts with a comment
that explains its fields, and long texts are YAML block scalars. This module
turns them into plain Python values and says clearly, with the file's name,
when something in them cannot be used.
"""

from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


class DemoDataError(Exception):
    """The data files or the database are not in a state the demo can be built on."""


@cache
def read(name: str):
    """The parsed contents of ``demo/data/<name>``, read once per process."""
    import yaml  # demo-only dependency: imported when the demo is loaded, not at start-up

    path = DATA_DIR / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise DemoDataError(f"demo/data/{name} is not valid YAML: {error}") from error


def paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs of a block of text: a blank line separates them.

    Within a paragraph, line breaks are joined without a space, so a long
    Japanese sentence may be wrapped anywhere in the file.
    """
    blocks = (block for block in str(text).strip().split("\n\n") if block.strip())
    return tuple("".join(line.strip() for line in block.splitlines()) for block in blocks)


def text(value) -> str:
    """A short text field: empty when left out. Times like 13:30 must be quoted."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        raise DemoDataError(
            f"{value!r} reads as a number: put quotes around times and numbers in texts."
        )
    return str(value)


def html_paragraphs(value) -> str:
    """A block of paragraphs as rich-text HTML, one ``<p>`` per paragraph."""
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs(value or ""))


def pairs(rows) -> list[tuple[str, str]]:
    """Rows written as ``- label: text``, in order."""
    result = []
    for row in rows or ():
        if not isinstance(row, dict) or len(row) != 1:
            raise DemoDataError(f"A row should read 'label: text', not {row!r}.")
        ((label, value),) = row.items()
        result.append((text(label), text(value)))
    return result
