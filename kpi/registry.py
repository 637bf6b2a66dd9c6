"""The indicators the site counts by itself: a registry kpi fills.

kpi sits high in the layers (``[tool.importlinter]``): it imports the apps it
counts, never the reverse. So every count lives in ``kpi/counts.py``, reading
organisations, write-ups, the forum, subcommittees, events, search and
ニーズ×シーズ (exchange), and ``register_all`` declares them::

    registry.register(
        "needs_posted", _("投稿されたニーズ数"), _("件"), needs_posted,
        _("ニーズ×シーズで期間内に公開されたニーズの数。…"),
    )

An app below kpi cannot import this module (the layers contract forbids it);
only an app above kpi could add counts from a ``kpi_indicators.py`` module,
which ``KpiConfig.ready()`` discovers.

A count function takes the first and the last day of a period (dates, both
included, Asia/Tokyo) and returns rows ``(month, part, value)``: ``month``
the first day of a calendar month in the period, ``part`` "" for the whole
or the name of a breakdown (a tier, an area), ``value`` a number. It is ONE
query over the data; months with nothing may be left out.

``aggregation`` says how months add up to a year: "sum" for things that
happen (registrations), "last" for a state at a day (members at month end:
the year's value is the value at its last month).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

SUM = "sum"
LAST = "last"


@dataclass(frozen=True)
class SiteCount:
    key: str
    label: str
    unit: str
    count: Callable[..., Iterable[tuple]]
    definition: str
    aggregation: str = SUM
    parts: dict = field(default_factory=dict)  # breakdown key → label

    def part_label(self, part):
        return self.parts.get(part, part)


_registry: dict[str, SiteCount] = {}


def register(key, label, unit, count_fn, definition, *, aggregation=SUM, parts=None):
    """Declare a site-counted indicator; registering a key again replaces it."""
    if aggregation not in (SUM, LAST):
        raise ValueError(f"aggregation must be {SUM!r} or {LAST!r}")
    _registry[key] = SiteCount(
        key=key,
        label=label,
        unit=unit,
        count=count_fn,
        definition=definition,
        aggregation=aggregation,
        parts=dict(parts or {}),
    )


def unregister(key):
    _registry.pop(key, None)


def get(key):
    return _registry.get(key)


def all_counts():
    return dict(_registry)
