"""Japanese calendar helpers: the fiscal year (April to March) and era names."""

import datetime

from django.utils.translation import gettext, gettext_noop, pgettext

# (first day of the era, its name); newest first. The names are marked for
# translation for fiscal_year_label only: era_year() stays Japanese.
ERAS = (
    (datetime.date(2019, 5, 1), gettext_noop("令和")),
    (datetime.date(1989, 1, 8), gettext_noop("平成")),
    (datetime.date(1926, 12, 25), gettext_noop("昭和")),
)


def fiscal_year_of(day: datetime.date) -> int:
    """The fiscal year a day falls in, named by the calendar year it starts in."""
    return day.year if day.month >= 4 else day.year - 1


def era_year(year: int) -> str:
    """The Japanese era name of a fiscal year, e.g. 2024 → "令和6", 2019 → "令和元".

    A fiscal year is named after the era in force on 1 April... except 2019,
    which began in 平成 but is by convention called 令和元年度, since the era
    changed on 1 May.
    """
    era = _era_of(year)
    if era is None:
        return str(year)
    name, number = era
    return f"{name}{'元' if number == 1 else number}"


def _era_of(year: int):
    """(era name, year of the era) of a fiscal year, or None before 昭和."""
    start = datetime.date(year, 4, 1)
    if year == 2019:
        start = datetime.date(2019, 5, 1)
    for first_day, name in ERAS:
        if start >= first_day:
            return name, year - first_day.year + 1
    return None


def fiscal_year_label(year: int) -> str:
    """ "令和6年度（2024年度）" for 2024, in the active language ("FY2024 (Reiwa 6)")."""
    era = _era_of(year)
    if era is None:
        return gettext("%(year)s年度") % {"year": year}
    name, number = era
    first = pgettext("和暦の最初の年", "元")
    return gettext("%(era)s%(number)s年度（%(year)s年度）") % {
        "era": gettext(name),
        "number": first if number == 1 else number,
        "year": year,
    }
