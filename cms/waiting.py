"""What waits for the secretariat: one panel on the admin dashboard, with counts and links.

Join applications, write-ups in review, posts held for moderation and join
requests belong to different apps, and cms imports none of them: each app
registers its row here from its ``panels.register()``, and the dashboard panel
(cms/wagtail_hooks.py) shows the rows whose ``count`` gives a number for the
signed-in user (``None``: not this user's work, the row is left out).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    name: str
    label: str
    count: Callable  # user -> int | None
    url: Callable  # () -> str
    order: int


@dataclass(frozen=True)
class Row:
    name: str
    label: str
    count: int
    url: str


_sources: dict[str, Source] = {}


def register(name, *, label, count, url, order=100):
    _sources[name] = Source(name, label, count, url, order)


def rows_for(user):
    rows = []
    for source in sorted(_sources.values(), key=lambda source: (source.order, source.name)):
        count = source.count(user)
        if count is not None:
            rows.append(Row(source.name, str(source.label), count, source.url()))
    return rows
