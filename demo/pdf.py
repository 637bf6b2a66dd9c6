"""Small A4 PDFs for the demo reports, made at run time with reportlab.

Japanese is set in the CID font HeiseiKakuGo-W5, which PDF viewers supply
themselves, so no font file has to ship with the project. ``invariant`` makes
the output byte-for-byte repeatable, so re-running ``load_demo`` can tell
whether a document really changed.
"""

import io
from collections.abc import Iterable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import (
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from .stream import Bullets, Button, Heading, Item, Paragraphs, Quote, Table

FONT = "HeiseiKakuGo-W5"
FOOTER = "つながりネット　※デモサイト用の架空の資料です"

_BASE = ParagraphStyle("base", fontName=FONT, fontSize=10.5, leading=17, wordWrap="CJK")
STYLES = {
    "network": ParagraphStyle("network", _BASE, fontSize=9, textColor=colors.HexColor("#555555")),
    "title": ParagraphStyle("title", _BASE, fontSize=18, leading=26, spaceBefore=4, spaceAfter=6),
    "meta": ParagraphStyle("meta", _BASE, fontSize=9.5, leading=14, alignment=TA_RIGHT),
    "summary": ParagraphStyle(
        "summary",
        _BASE,
        backColor=colors.HexColor("#eef5f1"),
        borderColor=colors.HexColor("#9cc5ad"),
        borderWidth=0.5,
        borderPadding=6,
        spaceBefore=10,
        spaceAfter=12,
    ),
    "h2": ParagraphStyle("h2", _BASE, fontSize=13, leading=20, spaceBefore=10, spaceAfter=4),
    "h3": ParagraphStyle("h3", _BASE, fontSize=11.5, leading=18, spaceBefore=6, spaceAfter=2),
    "body": ParagraphStyle("body", _BASE, spaceAfter=4),
    "cell": ParagraphStyle("cell", _BASE, fontSize=9.5, leading=14),
    "quote": ParagraphStyle("quote", _BASE, leftIndent=12, textColor=colors.HexColor("#333333")),
}


def _register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _para(text: str, style: str) -> Paragraph:
    return Paragraph(escape(text), STYLES[style])


def _flowables(item: Item) -> list:
    match item:
        case Heading(text=text, level=level):
            return [_para(text, level)]
        case Paragraphs(texts=texts):
            return [_para(text, "body") for text in texts]
        case Bullets(items=entries, ordered=ordered):
            return [
                ListFlowable(
                    [ListItem(_para(entry, "body")) for entry in entries],
                    bulletType="1" if ordered else "bullet",
                    bulletFontName=FONT,
                    bulletFontSize=9,
                    leftIndent=14,
                    start=None if ordered else "•",
                )
            ]
        case Table(caption=caption, rows=rows):
            data = [[_para(label, "cell"), _para(text, "cell")] for label, text in rows]
            grid = PdfTable(data, colWidths=[48 * mm, 122 * mm], hAlign="LEFT")
            grid.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#999999")),
                        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            return [_para(caption, "h3"), grid, Spacer(1, 4 * mm)]
        case Quote(text=text, source=source):
            line = f"「{text}」" + (f"（{source}）" if source else "")
            return [_para(line, "quote")]
        case Button():
            return []  # a link on the web page; nothing to print
    raise TypeError(f"Unknown demo content item: {item!r}")


def _footer(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 8)
    canvas.setFillColor(colors.HexColor("#666666"))
    canvas.drawString(20 * mm, 12 * mm, FOOTER)
    canvas.drawRightString(A4[0] - 20 * mm, 12 * mm, f"{doc.page}")
    canvas.restoreState()


def build_pdf(
    *,
    title: str,
    network: str,
    meta_lines: Iterable[str],
    summary: str,
    items: Iterable[Item],
) -> bytes:
    """An A4 PDF: network name, title, date/issuer lines, a boxed summary, then the items."""
    _register_font()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
        title=title,
        author=network,
        creator="Tsunagari load_demo (reportlab)",
        invariant=1,
    )
    story = [_para(network, "network"), _para(title, "title")]
    story += [_para(line, "meta") for line in meta_lines]
    story.append(_para(summary, "summary"))
    for item in items:
        story += _flowables(item)
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()
