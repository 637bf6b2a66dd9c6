"""No template prints a developer's comment.

Django's ``{# … #}`` comment ends at the end of its line: one spread over
several lines is printed to every visitor as it stands (the directory and the
write-up listing showed 「{# The count of a filtered listing…」 in every
language). Longer comments use ``{% comment %}``.
"""

import re
from pathlib import Path

from django.conf import settings

OPEN_COMMENT = re.compile(r"\{#(?![^\n]*#\})")


def _templates():
    for folder in (
        Path(settings.BASE_DIR) / "templates",
        *Path(settings.BASE_DIR).glob("*/templates"),
    ):
        yield from folder.rglob("*.html")
        yield from folder.rglob("*.txt")


def test_no_comment_runs_over_a_line():
    found = [
        f"{path.relative_to(settings.BASE_DIR)}:{text[: match.start()].count(chr(10)) + 1}"
        for path in _templates()
        for text in [path.read_text(encoding="utf-8")]
        for match in OPEN_COMMENT.finditer(text)
    ]
    assert found == []
