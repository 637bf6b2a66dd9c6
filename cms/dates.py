"""Japanese calendar helpers: the fiscal year (April to March) and era names."""

import datetime

# (first day of the era, its name); newest first.
ERAS = (
    (datetime.date(2019, 5, 1), "令和"),
    (datetime.date(1989, 1, 8), "平成"),
    (datetime.date(1926, 12, 25), "昭和"),
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
    start = datetime.date(year, 4, 1)
    if year == 2019:
        start = datetime.date(2019, 5, 1)
    for first_day, name in ERAS:
        if start >= first_day:
            number = year - first_day.year + 1
            return f"{name}{'元' if number == 1 else number}"
    return str(year)


def fiscal_year_label(year: int) -> str:
    """ "令和6年度（2024年度）" for 2024."""
    return f"{era_year(year)}年度（{year}年度）"
