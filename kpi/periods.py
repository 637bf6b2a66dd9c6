"""Fiscal years and months as dates and as aware datetimes (Asia/Tokyo)."""

import datetime

from django.utils import timezone

from cms.dates import fiscal_year_of  # noqa: F401  (re-exported for kpi's callers)


def fiscal_year_dates(year):
    """(1 April ``year``, 31 March ``year`` + 1)."""
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


def months(first, last):
    """The first day of every month from ``first``'s to ``last``'s."""
    month = first.replace(day=1)
    out = []
    while month <= last:
        out.append(month)
        month = next_month(month)
    return out


def fiscal_months(year):
    return months(*fiscal_year_dates(year))


def next_month(month):
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def month_end(month):
    return next_month(month) - datetime.timedelta(days=1)


def aware_bounds(first, last):
    """[start, end) datetimes in the current time zone for days ``first``..``last``."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return start, end


def as_month(value):
    """A TruncMonth result (date or aware datetime) as the first day of its month."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)
