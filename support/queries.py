"""The finder's database queries: a constant number of queries per page.

``open_now(queryset, moment)`` asks ``support.hours.status_at`` of the
database, for every window in one query: the day's rule is decided in Python
once (is it a holiday, the year-end?), the rest is ``Exists`` subqueries on
the slots and dated closures. ``with_related`` prefetches what the cards show
(channels, slots, closures, target groups, the organisation), so a page of
windows costs the same few queries whatever its length.
"""

import datetime
import math

from django.db.models import Exists, ExpressionWrapper, F, FloatField, OuterRef, Prefetch, Q, Value

from support import hours as hours_logic
from support.models import (
    ContactChannel,
    DatedClosure,
    WeeklySlot,
    Window,
    WindowTranslation,
    language_lookup,
)


def _covers(clock: datetime.time) -> Q:
    """Rows whose [opens_at, closes_at) holds ``clock`` (closes 00:00 = midnight)."""
    return Q(opens_at__lte=clock) & (Q(closes_at__gt=clock) | Q(closes_at=hours_logic.MIDNIGHT))


def open_now(queryset, moment: datetime.datetime, language: str | None = None):
    """The windows of ``queryset`` open at ``moment`` (with ``language`` spoken, if given)."""
    local = hours_logic.to_tokyo(moment)
    day = local.date()
    clock = local.time().replace(tzinfo=None)
    holiday = hours_logic.holiday_name(day) is not None
    year_end = hours_logic.is_year_end(day)

    exceptions = DatedClosure.objects.filter(window=OuterRef("pk"), date=day)
    special_open = exceptions.filter(Q(closed=False) & _covers(clock))

    slots = WeeklySlot.objects.filter(window=OuterRef("pk"))
    if language:
        slots = slots.filter(**language_lookup(language))
    covering = Q(all_day=True) | _covers(clock)
    weekday_open = Exists(slots.filter(covering, weekday=day.weekday()))
    if holiday:
        sunday_open = Exists(slots.filter(covering, weekday=hours_logic.SUNDAY))
        regular = Q(holiday_rule=hours_logic.HOLIDAY_AS_USUAL, slot_open=True) | Q(
            holiday_rule=hours_logic.HOLIDAY_AS_SUNDAY, sunday_open=True
        )
        queryset = queryset.annotate(slot_open=weekday_open, sunday_open=sunday_open)
    else:
        regular = Q(slot_open=True)
        queryset = queryset.annotate(slot_open=weekday_open)
    if year_end:
        regular &= Q(year_end_closed=False)

    special = Exists(special_open)
    if language:
        special = special & Exists(slots)
    return queryset.annotate(has_exception=Exists(exceptions), special_open=special).filter(
        Q(has_exception=True, special_open=True) | (Q(has_exception=False) & regular)
    )


def by_distance(queryset, latitude: float, longitude: float):
    """Nearest first, by the windows' stored coordinates; those without come last.

    An equirectangular approximation (a degree of longitude shrunk by the
    latitude's cosine) in plain arithmetic, the same on SQLite and
    PostgreSQL: within a prefecture it orders as the great circle does. The
    card's "about N km" is the exact figure (``distance_km``).
    """
    shrink = math.cos(math.radians(latitude))
    north = F("latitude") - Value(latitude)
    east = (F("longitude") - Value(longitude)) * Value(shrink)
    distance = ExpressionWrapper(north * north + east * east, output_field=FloatField())
    return queryset.annotate(distance=distance).order_by(
        F("distance").asc(nulls_last=True), "municipality", "name"
    )


def distance_km(window, latitude: float, longitude: float):
    """The great-circle distance to a window in km, or None without its coordinates."""
    if window.latitude is None or window.longitude is None:
        return None
    lat1, lon1 = math.radians(latitude), math.radians(longitude)
    lat2, lon2 = math.radians(float(window.latitude)), math.radians(float(window.longitude))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(a))


def speaks(queryset, language: str):
    """Windows with a slot in which ``language`` is spoken."""
    slots = WeeklySlot.objects.filter(window=OuterRef("pk"), **language_lookup(language))
    return queryset.filter(Exists(slots))


def with_related(queryset, today: datetime.date | None = None, language: str | None = None):
    """What a window's card and page show, prefetched (a fixed number of queries).

    With ``language``, its translation too (``translated``), in one more query.
    """
    closures = DatedClosure.objects.all()
    if today is not None:
        closures = closures.filter(date__gte=today)
    queryset = queryset.select_related("organisation").prefetch_related(
        Prefetch("channels", queryset=ContactChannel.objects.all()),
        Prefetch("slots", queryset=WeeklySlot.objects.all()),
        Prefetch("closures", queryset=closures),
        "target_groups",
    )
    if language:
        queryset = queryset.prefetch_related(
            Prefetch(
                "translations",
                queryset=WindowTranslation.objects.filter(language=language),
                to_attr="reader_translations",
            )
        )
    return queryset


def translated(window):
    """The window in the reader's language where its translation (prefetched) says so.

    The Japanese name stays in ``japanese_name`` (what a caller says on the
    phone); nothing is saved.
    """
    window.japanese_name = ""
    for translation in getattr(window, "reader_translations", ()):
        if translation.name and translation.name != window.name:
            window.japanese_name = window.name
            window.name = translation.name
        window.summary = translation.summary
        window.what_to_expect = translation.what_to_expect or window.what_to_expect
    return window


def crisis_windows():
    """The crisis lines (24 h, suicide prevention), pinned on every result."""
    return list(
        Window.objects.published()
        .filter(is_crisis_line=True)
        .prefetch_related(Prefetch("channels", queryset=ContactChannel.objects.all()))
        .order_by("name")
    )
