"""Opening hours as data, and the answer to "is it open now?" (pure functions).

A window's hours are weekly slots (weekday, from, to, or all day: 24 h) plus
dated exceptions (closed that day, or special hours), a holiday rule for
national and substitute holidays (祝日・振替休日, from the kept ``jpholiday``
library, never a hand-typed list) and the administrative year-end closure
(12/29–1/3, 行政機関の休日に関する法律), which the library does not know: it is
a visible rule on each window, on by default.

For one day the order is: a dated exception wins; then the year-end closure;
then the holiday rule (closed, as usual, or as on Sunday); then the weekly
slots of that weekday. A slot is the half-open range [from, to); "to" at
00:00 means midnight at the end of the day, so a line open through the night
is two slots (Mon 20:00–24:00, Tue 0:00–2:00). A window with no slots at all
has unknown hours ("call first"), never "closed".

Everything here works on plain values (``Hours``, ``Slot``, ``DatedException``)
and on a moment in Asia/Tokyo, whatever the server's zone: the views build the
values from the database and pass the viewer's moment (``now()``).
``support.queries.open_now`` asks the same question of the database in one
query; the tests hold the two to the same answers.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import jpholiday

TOKYO = ZoneInfo("Asia/Tokyo")
MIDNIGHT = datetime.time(0, 0)

HOLIDAY_CLOSED = "closed"
HOLIDAY_AS_USUAL = "as_usual"
HOLIDAY_AS_SUNDAY = "as_sunday"
SUNDAY = 6


class State(enum.Enum):
    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN = "unknown"


STATE_LABELS = {
    State.OPEN: _("いま受付中"),
    State.CLOSED: _("いまは受付時間外"),
    State.UNKNOWN: _("時間は要確認：まずお電話を"),
}


@dataclass(frozen=True)
class Slot:
    weekday: int  # Monday = 0
    opens: datetime.time | None = None
    closes: datetime.time | None = None  # 00:00 = midnight at the end of the day
    all_day: bool = False
    languages: tuple[str, ...] = ()

    def covers(self, moment: datetime.time) -> bool:
        if self.all_day:
            return True
        if self.opens is None or self.closes is None:
            return False
        return self.opens <= moment and (self.closes == MIDNIGHT or moment < self.closes)


@dataclass(frozen=True)
class DatedException:
    day: datetime.date
    closed: bool = True
    opens: datetime.time | None = None
    closes: datetime.time | None = None
    note: str = ""

    def covers(self, moment: datetime.time) -> bool:
        if self.closed or self.opens is None or self.closes is None:
            return False
        return self.opens <= moment and (self.closes == MIDNIGHT or moment < self.closes)


@dataclass(frozen=True)
class Hours:
    slots: tuple[Slot, ...] = ()
    exceptions: tuple[DatedException, ...] = ()
    holiday_rule: str = HOLIDAY_CLOSED
    year_end_closed: bool = True


@dataclass(frozen=True)
class Status:
    state: State
    languages: tuple[str, ...] = ()  # spoken in the slot open now
    reason: str = ""  # why closed today: a holiday's name, 年末年始, an exception's note

    @property
    def label(self):
        return STATE_LABELS[self.state]

    @property
    def is_open(self):
        return self.state is State.OPEN


# --- days -----------------------------------------------------------------------


def now() -> datetime.datetime:
    """The viewer's moment in Asia/Tokyo; ``SUPPORT_NOW`` (ISO) freezes it for tests."""
    frozen = settings.SUPPORT_NOW
    moment = datetime.datetime.fromisoformat(frozen) if frozen else timezone.now()
    return to_tokyo(moment)


def to_tokyo(moment: datetime.datetime) -> datetime.datetime:
    if timezone.is_naive(moment):
        return moment.replace(tzinfo=TOKYO)
    return moment.astimezone(TOKYO)


def is_year_end(day: datetime.date) -> bool:
    """12/29 to 1/3: the administrative year-end and new-year closure."""
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def holiday_name(day: datetime.date) -> str | None:
    """The national holiday's name (振替休日 and 国民の休日 included), or None."""
    return jpholiday.is_holiday_name(day)


# --- one day --------------------------------------------------------------------


@dataclass(frozen=True)
class Day:
    """How a window's rules apply on one date."""

    closed: bool = False
    weekday: int = 0  # whose slots apply (Sunday's on a holiday with AS_SUNDAY)
    exception: DatedException | None = None
    reason: str = ""


def rule_for(hours: Hours, day: datetime.date) -> Day:
    for exception in hours.exceptions:
        if exception.day == day:
            return Day(
                closed=exception.closed,
                weekday=day.weekday(),
                exception=exception,
                reason=exception.note,
            )
    if hours.year_end_closed and is_year_end(day):
        return Day(closed=True, weekday=day.weekday(), reason=str(_("年末年始")))
    name = holiday_name(day)
    if name:
        if hours.holiday_rule == HOLIDAY_CLOSED:
            return Day(closed=True, weekday=day.weekday(), reason=name)
        if hours.holiday_rule == HOLIDAY_AS_SUNDAY:
            return Day(weekday=SUNDAY, reason=name)
    return Day(weekday=day.weekday())


def status_at(hours: Hours, moment: datetime.datetime) -> Status:
    """Open, closed or unknown at ``moment`` (any zone; judged in Asia/Tokyo)."""
    if not hours.slots and not any(not e.closed for e in hours.exceptions):
        return Status(State.UNKNOWN)
    local = to_tokyo(moment)
    day = rule_for(hours, local.date())
    clock = local.time().replace(tzinfo=None)
    if day.closed:
        return Status(State.CLOSED, reason=day.reason)
    if day.exception is not None:
        if day.exception.covers(clock):
            languages = sorted({code for slot in hours.slots for code in slot.languages})
            return Status(State.OPEN, languages=tuple(languages), reason=day.reason)
        return Status(State.CLOSED, reason=day.reason)
    for slot in hours.slots:
        if slot.weekday == day.weekday and slot.covers(clock):
            return Status(State.OPEN, languages=slot.languages, reason=day.reason)
    return Status(State.CLOSED, reason=day.reason)


def weekly_table(hours: Hours) -> list[tuple[int, list[Slot]]]:
    """(weekday, its slots by start) for Monday to Sunday, for the hours table."""
    return [
        (
            weekday,
            sorted(
                (slot for slot in hours.slots if slot.weekday == weekday),
                key=lambda slot: (not slot.all_day, slot.opens or MIDNIGHT),
            ),
        )
        for weekday in range(7)
    ]


# --- validation -----------------------------------------------------------------


@dataclass
class Problems:
    """What is wrong with a set of slots, as (slot index, Japanese message) pairs."""

    items: list[tuple[int, str]] = field(default_factory=list)

    def add(self, index, message):
        self.items.append((index, str(message)))

    def __bool__(self):
        return bool(self.items)


def _end_minutes(slot_closes: datetime.time) -> int:
    return 24 * 60 if slot_closes == MIDNIGHT else slot_closes.hour * 60 + slot_closes.minute


def _minutes(value: datetime.time) -> int:
    return value.hour * 60 + value.minute


def range_problem(opens, closes, all_day=False):
    """The Japanese message for one bad range, or None."""
    if all_day:
        return None
    if opens is None or closes is None:
        return _("開始と終了の時刻を入力するか、「24時間」を選んでください。")
    if _minutes(opens) >= _end_minutes(closes):
        return _(
            "終了時刻が開始時刻より前になっています。日付をまたぐ場合は、"
            "0:00（24時）までと翌日の0:00からの2つに分けて入力してください。"
        )
    return None


def validate_slots(slots: list[Slot]) -> Problems:
    """Inverted or empty ranges, and slots of one weekday that overlap."""
    problems = Problems()
    ranges: dict[int, list[tuple[int, int, int]]] = {}
    for index, slot in enumerate(slots):
        problem = range_problem(slot.opens, slot.closes, slot.all_day)
        if problem:
            problems.add(index, problem)
            continue
        start, end = (
            (0, 24 * 60) if slot.all_day else (_minutes(slot.opens), _end_minutes(slot.closes))
        )
        ranges.setdefault(slot.weekday, []).append((start, end, index))
    for day_ranges in ranges.values():
        day_ranges.sort()
        for (_start, end, _index), (start, _end, index) in zip(
            day_ranges, day_ranges[1:], strict=False
        ):
            if start < end:
                problems.add(index, _("同じ曜日の受付時間が重なっています。"))
    return problems
