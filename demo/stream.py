"""A small vocabulary for the demo texts.

Each text is written once in a data file, as a list of these items (see the
comment at the top of ``demo/data/pages.yaml``), read by ``parse_body`` and
rendered twice: as a page body (``to_stream``, the raw StreamField data of
``cms.blocks.BodyStreamBlock``) and, for reports, as the attached PDF
(``demo.pdf``).
"""

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.html import escape

from .files import DemoDataError, pairs, paragraphs, text


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


def parse_body(items) -> tuple[Item, ...]:
    """The body items of a data file: each a one-key mapping such as ``- h2: 見出し``."""
    return tuple(_parse_item(item) for item in items or ())


def _parse_item(item) -> Item:
    if not isinstance(item, dict) or len(item) != 1:
        raise DemoDataError(f"A body item should be one of {', '.join(KINDS)}, not {item!r}.")
    ((kind, value),) = item.items()
    match kind:
        case "h2" | "h3":
            return Heading(text(value), kind)
        case "p":
            return Paragraphs(paragraphs(value))
        case "ul" | "ol":
            return Bullets(tuple(text(entry) for entry in value), ordered=kind == "ol")
        case "table":
            return Table(text(value["caption"]), tuple(pairs(value["rows"])))
        case "quote":
            return Quote(text(value["text"]), text(value.get("source")))
        case "button":
            page, url = text(value.get("page")), text(value.get("url"))
            return Button(text(value["text"]), page=page, url=url)
    raise DemoDataError(f"Unknown body item {kind!r}: use one of {', '.join(KINDS)}.")


KINDS = ("h2", "h3", "p", "ul", "ol", "table", "quote", "button")


def _id() -> str:
    return str(uuid.uuid4())


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
                # Rows in the ListBlock's own format (each with an id), which
                # wagtail-localize needs to offer them for translation.
                value = {
                    "caption": caption,
                    "rows": [
                        {"type": "item", "value": {"label": label, "value": text}, "id": _id()}
                        for label, text in rows
                    ],
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
