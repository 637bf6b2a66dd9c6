"""Support windows for tests: ``make_window`` with its channels and weekly slots."""

import datetime
import itertools

from support.models import ContactChannel, DatedClosure, WeeklySlot, Window

_numbers = itertools.count(1)
T = datetime.time


def make_window(
    *,
    slots=(),  # (weekday, opens, closes, languages) or (weekday, "24h", languages)
    phone="0120-000-001",
    line="",
    closures=(),  # (date, closed, opens, closes)
    troubles=(),
    target_groups=(),
    **fields,
):
    number = next(_numbers)
    fields.setdefault("name", f"テスト相談窓口{number}")
    fields.setdefault("slug", f"window-{number}")
    fields.setdefault("summary", "話を聞きます。")
    fields.setdefault("last_verified_on", datetime.date(2026, 4, 1))
    window = Window.objects.create(**fields)
    if phone:
        ContactChannel.objects.create(window=window, kind="phone", value=phone)
    if line:
        ContactChannel.objects.create(window=window, kind="line", value=line, sort_order=1)
    for slot in slots:
        if slot[1] == "24h":
            weekday, _, languages = slot
            WeeklySlot.objects.create(
                window=window, weekday=weekday, all_day=True, languages=list(languages)
            )
        else:
            weekday, opens, closes, languages = slot
            WeeklySlot.objects.create(
                window=window,
                weekday=weekday,
                opens_at=opens,
                closes_at=closes,
                languages=list(languages),
            )
    for day, closed, opens, closes in closures:
        DatedClosure.objects.create(
            window=window, date=day, closed=closed, opens_at=opens, closes_at=closes
        )
    window.troubles.set(troubles)
    window.target_groups.set(target_groups)
    window.save()  # ParentalManyToManyField: the links are written on save
    return window


def weekdays(opens, closes, languages=("ja",), days=range(5)):
    return [(day, opens, closes, languages) for day in days]


def every_day_24h(languages=("ja",)):
    return [(day, "24h", languages) for day in range(7)]
