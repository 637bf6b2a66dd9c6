"""Quantitative results (定量的な成果) as numbers: 「延べ120人」 → 120, 人.

Write-ups were written with free text for the number («延べ120», «約1,480食»,
«120〜150»). ``parse_quantity`` reads what it can: one number, with a
qualifier before it (延べ, 約, 計…) and a unit after it. A range, two
numbers or words only give no number; the text is then kept as a note.
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

QUANTITY_RE = re.compile(
    r"^(?P<qualifier>[^\d〜~～\-－]*?)\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[^\d〜~～\-－]*)$"
)


@dataclass(frozen=True)
class Quantity:
    number: Decimal | None
    unit: str = ""
    qualifier: str = ""


def parse_quantity(text):
    """A Quantity read from ``text``; ``number`` is None where it cannot be read."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    match = QUANTITY_RE.match(text)
    if not match:
        return Quantity(None)
    try:
        number = Decimal(match.group("number"))
    except InvalidOperation:  # pragma: no cover - the pattern allows digits only
        return Quantity(None)
    return Quantity(number, match.group("unit").strip(), match.group("qualifier").strip())
