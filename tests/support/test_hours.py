"""support.hours at the edges: midnight, 24 h, holidays, the year-end, a substitute holiday."""

import datetime
from zoneinfo import ZoneInfo

from support.hours import (
    HOLIDAY_AS_SUNDAY,
    HOLIDAY_AS_USUAL,
    DatedException,
    Hours,
    Slot,
    State,
    holiday_name,
    is_year_end,
    now,
    status_at,
    validate_slots,
)

TOKYO = ZoneInfo("Asia/Tokyo")
T = datetime.time
WEEKDAYS_9_17 = tuple(
    Slot(weekday=day, opens=T(9), closes=T(17), languages=("ja",)) for day in range(5)
)


def at(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=TOKYO)


def test_no_hours_is_unknown_never_closed():
    status = status_at(Hours(), at("2026-06-03 03:00"))
    assert status.state is State.UNKNOWN
    assert str(status.label) == "時間は要確認：まずお電話を"


def test_weekday_slot_is_half_open():
    hours = Hours(slots=WEEKDAYS_9_17)
    assert status_at(hours, at("2026-06-03 08:59")).state is State.CLOSED  # Wednesday
    assert status_at(hours, at("2026-06-03 09:00")).state is State.OPEN
    assert status_at(hours, at("2026-06-03 16:59")).languages == ("ja",)
    assert status_at(hours, at("2026-06-03 17:00")).state is State.CLOSED
    assert status_at(hours, at("2026-06-06 10:00")).state is State.CLOSED  # Saturday


def test_judged_in_tokyo_whatever_the_zone_given():
    hours = Hours(slots=WEEKDAYS_9_17)
    utc = datetime.datetime(2026, 6, 3, 0, 30, tzinfo=datetime.UTC)  # 09:30 in Tokyo
    assert status_at(hours, utc).is_open
    assert not status_at(hours, datetime.datetime(2026, 6, 3, 9, 30, tzinfo=datetime.UTC)).is_open


def test_across_midnight_as_two_slots():
    hours = Hours(
        slots=(
            Slot(weekday=4, opens=T(20), closes=T(0)),  # Fri 20:00–24:00
            Slot(weekday=5, opens=T(0), closes=T(2)),  # Sat 0:00–2:00
        ),
        holiday_rule=HOLIDAY_AS_USUAL,
    )
    assert status_at(hours, at("2026-06-05 23:59")).is_open
    assert status_at(hours, at("2026-06-06 00:00")).is_open
    assert status_at(hours, at("2026-06-06 01:59")).is_open
    assert not status_at(hours, at("2026-06-06 02:00")).is_open
    assert not status_at(hours, at("2026-06-05 19:59")).is_open


def test_all_day_line_on_holiday_and_year_end():
    hours = Hours(
        slots=tuple(Slot(weekday=day, all_day=True) for day in range(7)),
        holiday_rule=HOLIDAY_AS_USUAL,
        year_end_closed=False,
    )
    for moment in ("2026-12-31 03:00", "2027-01-01 00:00", "2026-05-06 12:00"):
        assert status_at(hours, at(moment)).is_open, moment


def test_public_holiday_closes_by_default():
    hours = Hours(slots=WEEKDAYS_9_17)
    status = status_at(hours, at("2026-09-21 10:00"))  # 敬老の日 (Monday)
    assert status.state is State.CLOSED
    assert status.reason == "敬老の日"


def test_substitute_and_citizens_holidays_come_from_the_library():
    assert holiday_name(datetime.date(2026, 5, 6)) == "憲法記念日 振替休日"
    assert holiday_name(datetime.date(2026, 9, 22)) == "国民の休日"
    hours = Hours(slots=WEEKDAYS_9_17)
    assert status_at(hours, at("2026-05-06 10:00")).state is State.CLOSED  # a Wednesday
    assert status_at(hours, at("2026-09-22 10:00")).state is State.CLOSED  # a Tuesday
    assert status_at(hours, at("2026-05-07 10:00")).is_open


def test_holiday_as_sunday_uses_sundays_slots():
    hours = Hours(
        slots=(*WEEKDAYS_9_17, Slot(weekday=6, opens=T(13), closes=T(16), languages=("vi",))),
        holiday_rule=HOLIDAY_AS_SUNDAY,
    )
    assert not status_at(hours, at("2026-09-21 10:00")).is_open
    status = status_at(hours, at("2026-09-21 14:00"))
    assert status.is_open and status.languages == ("vi",)


def test_year_end_closure_is_a_rule():
    assert is_year_end(datetime.date(2026, 12, 29))
    assert is_year_end(datetime.date(2027, 1, 3))
    assert not is_year_end(datetime.date(2026, 12, 28))
    assert not is_year_end(datetime.date(2027, 1, 4))
    hours = Hours(slots=WEEKDAYS_9_17)
    assert status_at(hours, at("2026-12-28 10:00")).is_open  # Monday
    closed = status_at(hours, at("2026-12-29 10:00"))
    assert closed.state is State.CLOSED and closed.reason == "年末年始"
    assert status_at(hours, at("2027-01-04 10:00")).is_open
    open_all_year = Hours(slots=WEEKDAYS_9_17, year_end_closed=False)
    assert status_at(open_all_year, at("2026-12-29 10:00")).is_open


def test_dated_exception_wins():
    hours = Hours(
        slots=WEEKDAYS_9_17,
        exceptions=(
            DatedException(day=datetime.date(2026, 6, 3), note="研修のため"),
            DatedException(
                day=datetime.date(2026, 12, 29), closed=False, opens=T(10), closes=T(12)
            ),
        ),
    )
    closed = status_at(hours, at("2026-06-03 10:00"))
    assert closed.state is State.CLOSED and closed.reason == "研修のため"
    assert status_at(hours, at("2026-12-29 11:00")).is_open  # special hours in the year-end
    assert not status_at(hours, at("2026-12-29 13:00")).is_open


def test_now_can_be_frozen(settings):
    settings.SUPPORT_NOW = "2026-06-03T10:00:00+09:00"
    assert now() == at("2026-06-03 10:00")
    settings.SUPPORT_NOW = "2026-06-03T01:00:00+00:00"
    assert now().hour == 10 and now().tzinfo.key == "Asia/Tokyo"


def test_validation_refuses_inverted_empty_and_overlapping_ranges():
    problems = validate_slots(
        [
            Slot(weekday=0, opens=T(9), closes=T(12)),
            Slot(weekday=0, opens=T(11), closes=T(15)),  # overlaps the first
            Slot(weekday=1, opens=T(17), closes=T(9)),  # inverted
            Slot(weekday=2, opens=T(9)),  # no end
            Slot(weekday=3, opens=T(20), closes=T(0)),  # to midnight: fine
            Slot(weekday=3, all_day=True),  # overlaps the evening slot
            Slot(weekday=4, opens=T(9), closes=T(12)),
            Slot(weekday=4, opens=T(12), closes=T(13)),  # touching is fine
        ]
    )
    by_index = dict(problems.items)
    assert set(by_index) == {1, 2, 3, 4}  # of two overlapping slots, the later-starting one
    assert "重なっています" in by_index[1]
    assert "終了時刻が開始時刻より前" in by_index[2]
    assert "開始と終了の時刻" in by_index[3]
    assert not validate_slots(list(WEEKDAYS_9_17))
