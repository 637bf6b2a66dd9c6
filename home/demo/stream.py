"""A small vocabulary for the demo texts.

Each text is written once, as a tuple of these items, and rendered twice: as a
page body (``to_stream``, the raw StreamField data of ``cms.blocks.BodyStreamBlock``)
and, for reports, as the attached PDF (``home.demo.pdf``).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.html import escape


@dataclass(frozen=True)
class Heading:
    text: str
    level: str = "h2"


@dataclass(frozen=True)
class Paragraphs:
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Table:
    caption: str
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Quote:
    text: str
    source: str = ""


@dataclass(frozen=True)
class Button:
    """A call to action: ``page`` is a slug path below the home page, e.g. "events/forum"."""

    text: str
    page: str = ""
    url: str = ""


Item = Heading | Paragraphs | Bullets | Table | Quote | Button


def h2(text: str) -> Heading:
    return Heading(text, "h2")


def h3(text: str) -> Heading:
    return Heading(text, "h3")


def p(*texts: str) -> Paragraphs:
    return Paragraphs(texts)


def ul(*items: str) -> Bullets:
    return Bullets(items)


def ol(*items: str) -> Bullets:
    return Bullets(items, ordered=True)


def table(caption: str, *rows: tuple[str, str]) -> Table:
    return Table(caption, rows)


def quote(text: str, source: str = "") -> Quote:
    return Quote(text, source)


def button(text: str, *, page: str = "", url: str = "") -> Button:
    return Button(text, page=page, url=url)


def to_stream(items: Iterable[Item], resolve_page: Callable[[str], int]) -> list[dict]:
    """Raw StreamField data for ``items``; ``resolve_page`` turns a slug path into a page id."""
    blocks = []
    for item in items:
        match item:
            case Heading(text=text, level=level):
                blocks.append({"type": "heading", "value": {"text": text, "level": level}})
            case Paragraphs(texts=texts):
                html = "".join(f"<p>{escape(text)}</p>" for text in texts)
                blocks.append({"type": "paragraph", "value": html})
            case Bullets(items=entries, ordered=ordered):
                tag = "ol" if ordered else "ul"
                lis = "".join(f"<li>{escape(entry)}</li>" for entry in entries)
                blocks.append({"type": "paragraph", "value": f"<{tag}>{lis}</{tag}>"})
            case Table(caption=caption, rows=rows):
                value = {
                    "caption": caption,
                    "rows": [{"label": label, "value": text} for label, text in rows],
                }
                blocks.append({"type": "table", "value": value})
            case Quote(text=text, source=source):
                blocks.append({"type": "quote", "value": {"text": text, "source": source}})
            case Button(text=text, page=page, url=url):
                value = {"text": text, "page": resolve_page(page) if page else None, "url": url}
                blocks.append({"type": "call_to_action", "value": value})
            case _:
                raise TypeError(f"Unknown demo content item: {item!r}")
    return blocks
