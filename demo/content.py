"""The demo site's pages and accounts, read from ``demo/data/pages.yaml`` and ``accounts.yaml``.

Everything in the files is fictional: the prefecture (みらい県), its network
(つながりネット), venues, phone numbers and people. The facts behind it —
two membership tiers, joining by application plus recommendation, KPIs such as
organisations reached or forum attendance, subcommittees, the April–March
fiscal year — follow the public reports in ``shared/seeds``.

News and events are dated relative to the day the command runs, so the site
always has recent news, three past and three upcoming events; the reports
belong to the three fiscal years before the current one. The files give each
date as a rule (``DateRule``) and this module works the rules out for a day.
"""

import datetime
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from cms.dates import era_year, fiscal_year_of

from .files import DemoDataError, paragraphs, read, text
from .stream import Item, parse_body

TOKYO = ZoneInfo("Asia/Tokyo")
WEEKDAYS = "月火水木金土日"
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_PAGES = read("pages.yaml")
_ACCOUNTS = read("accounts.yaml")


def _joined(value) -> str:
    """A one-paragraph text from the files (a long line may be wrapped there)."""
    return "\n\n".join(paragraphs(value)) if value else ""


# --- People ------------------------------------------------------------------

# Demo only: printed at the end of every run, never used outside DEBUG.
DEMO_PASSWORD = text(_ACCOUNTS["password"])


@dataclass(frozen=True)
class DemoAccount:
    username: str
    last_name: str
    first_name: str
    email: str
    role: str  # shown in the summary table, Japanese
    role_en: str  # the short English hint beside it
    groups: tuple[str, ...] = ()
    superuser: bool = False
    staff: bool = True  # opens the Wagtail admin, so needs a second factor


ACCOUNTS = tuple(
    DemoAccount(
        username=text(row["username"]),
        last_name=text(row["last_name"]),
        first_name=text(row["first_name"]),
        email=text(row["email"]),
        role=text(row["role"]),
        role_en=text(row["role_en"]),
        groups=tuple(row.get("groups") or ()),
        superuser=bool(row.get("superuser", False)),
        staff=bool(row.get("staff", True)),
    )
    for row in _ACCOUNTS["accounts"]
)

# --- Site settings -------------------------------------------------------------

SITE_NAME = text(_PAGES["site"]["name"])
SITE_SETTINGS = {name: text(value) for name, value in _PAGES["site"]["settings"].items()}
NETWORK_LONG = text(_PAGES["reports"]["network"])
ISSUER = text(_PAGES["reports"]["issuer"])
DOCUMENT_COLLECTION = text(_PAGES["reports"]["collection"])

# --- Pages -----------------------------------------------------------------


@dataclass(frozen=True)
class PageSpec:
    """A top-level page. ``kind`` picks the model: standard, news, events or reports."""

    slug: str
    title: str
    kind: str
    intro: str = ""
    body: tuple[Item, ...] = ()
    show_in_menus: bool = False
    search_description: str = ""


def _home(row) -> dict:
    fields = {name: _joined(row[name]) for name in ("title", "seo_title", "lead", "purpose")}
    fields["search_description"] = _joined(row["search_description"])
    fields["body"] = parse_body(row["body"])
    return fields


HOME = _home(_PAGES["home"])

# Created in this order, which is also the tree order.
SECTIONS = tuple(
    PageSpec(
        slug=text(row["slug"]),
        title=text(row["title"]),
        kind=text(row["kind"]),
        intro=_joined(row.get("intro")),
        body=parse_body(row.get("body")),
        show_in_menus=bool(row.get("show_in_menus", False)),
        search_description=_joined(row.get("search_description")),
    )
    for row in _PAGES["sections"]
)

# --- Dates -----------------------------------------------------------------


def in_year_end_holidays(day: datetime.date) -> bool:
    """29 December to 3 January, when public offices are closed."""
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def weekday_on_or_before(day: datetime.date) -> datetime.date:
    """The last working day on or before ``day``: no weekends, no year-end holidays."""
    while day.weekday() >= 5 or in_year_end_holidays(day):
        day -= datetime.timedelta(days=1)
    return day


def weekday_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    """The first ``weekday`` (0 = Monday) on or after ``day``, outside the year-end holidays."""
    day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
    while in_year_end_holidays(day):
        day += datetime.timedelta(days=7)
    return day


def latest(today: datetime.date, month: int, day: int) -> datetime.date:
    """The most recent ``month``/``day`` on or before today."""
    candidate = datetime.date(today.year, month, day)
    return candidate if candidate <= today else candidate.replace(year=today.year - 1)


def at(day: datetime.date, hhmm) -> datetime.datetime:
    if isinstance(hhmm, int):  # 14:00 written without quotes: YAML reads minutes
        hour, minute = divmod(hhmm, 60)
    else:
        hour, minute = (int(part) for part in str(hhmm).split(":"))
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TOKYO)


def wareki(day: datetime.date) -> str:
    """A date in the Japanese calendar with its weekday, e.g. 令和7年6月20日（金）."""
    if day >= datetime.date(2019, 5, 1):
        number = day.year - 2018
        year = f"令和{'元' if number == 1 else number}年"
    else:
        year = f"{day.year}年"
    return f"{year}{day.month}月{day.day}日（{WEEKDAYS[day.weekday()]}）"


def fy(year: int) -> str:
    """令和6年度 for 2024."""
    return f"{era_year(year)}年度"


def _month_day(value) -> tuple[int, int]:
    month, day = (int(part) for part in str(value).split("-"))
    return month, day


class Calendar:
    """The demo's dates for one day: the named dates of pages.yaml and each event's day.

    A date rule (see the comment at the top of pages.yaml) starts from one of
    ``days_from_today``, ``fiscal_year`` + ``day``, ``after`` + ``days`` or
    ``last``; ``not_after_today`` keeps it in the past; and it then moves to
    the previous working day, or with ``move_to: next <weekday>`` forward to
    that weekday.
    """

    def __init__(self, today: datetime.date):
        self.today = today
        self.current = fiscal_year_of(today)
        self.named: dict[str, datetime.date] = {}
        for name, rule in (_PAGES.get("dates") or {}).items():
            self.named[name] = self.date(rule)
        for row in _PAGES["events"]:
            self.named[row["slug"]] = self.date(row["day"])

    def date(self, rule) -> datetime.date:
        if isinstance(rule, str):
            return self._named(rule)
        if "days_from_today" in rule:
            day = self.today + datetime.timedelta(days=int(rule["days_from_today"]))
        elif "fiscal_year" in rule:
            month, day_of_month = _month_day(rule["day"])
            year = self.current + int(rule["fiscal_year"]) + (1 if month < 4 else 0)
            day = datetime.date(year, month, day_of_month)
        elif "after" in rule:
            day = self._named(rule["after"]) + datetime.timedelta(days=int(rule["days"]))
        elif "last" in rule:
            day = latest(self.today, *_month_day(rule["last"]))
        else:
            raise DemoDataError(f"A date rule needs a starting point: {rule!r}")
        if rule.get("not_after_today"):
            day = min(day, self.today)
        move = rule.get("move_to", "previous working day")
        if move == "previous working day":
            return weekday_on_or_before(day)
        weekday = move.removeprefix("next ")
        if weekday not in WEEKDAY_NAMES:
            raise DemoDataError(f"move_to: {move!r} should be 'next monday' ... 'next sunday'")
        return weekday_on_or_after(day, WEEKDAY_NAMES.index(weekday))

    def _named(self, name: str) -> datetime.date:
        try:
            return self.named[name]
        except KeyError:
            raise DemoDataError(
                f"pages.yaml refers to the date {name!r}, which is not defined above it."
            ) from None

    def fiscal_year(self, offset) -> int:
        """A fiscal year: an offset from the current one (-1 is last year) or a date's."""
        try:
            return self.current + int(offset)
        except ValueError:
            return fiscal_year_of(self._named(offset))

    _PLACEHOLDER = re.compile(r"\{(year|fy|wareki):([^}]+)\}")

    def fill(self, value) -> str:
        """Placeholders filled in: ``{fy:-1}`` → 令和7年度, ``{year:-1}`` → 2025,
        ``{wareki:name}`` → 令和8年2月25日（水）."""

        def replace(match):
            kind, argument = match.groups()
            if kind == "wareki":
                return wareki(self._named(argument))
            year = self.fiscal_year(argument)
            return fy(year) if kind == "fy" else str(year)

        return self._PLACEHOLDER.sub(replace, text(value))

    def joined(self, value) -> str:
        return self.fill(_joined(value))

    def body(self, items) -> tuple[Item, ...]:
        return parse_body(_fill_items(self, items))


def _fill_items(calendar: Calendar, value):
    """The raw body data with its placeholders filled in, strings only."""
    if isinstance(value, str):
        return calendar.fill(value)
    if isinstance(value, list):
        return [_fill_items(calendar, item) for item in value]
    if isinstance(value, dict):
        return {key: _fill_items(calendar, item) for key, item in value.items()}
    return value


# --- Reports ---------------------------------------------------------------


@dataclass(frozen=True)
class ReportSpec:
    slug: str
    title: str
    report_type: str
    fiscal_year: int
    date: datetime.date
    summary: str
    body: tuple[Item, ...]
    document_title: str
    filename: str
    members_only: bool = False


def reports(today: datetime.date) -> list[ReportSpec]:
    """Five reports over the three fiscal years before the current one."""
    calendar = Calendar(today)
    return [
        ReportSpec(
            slug=calendar.fill(row["slug"]),
            title=calendar.fill(row["title"]),
            report_type=text(row["type"]),
            fiscal_year=calendar.fiscal_year(row["fiscal_year"]),
            date=calendar.date(row["date"]),
            summary=calendar.joined(row["summary"]),
            body=calendar.body(row["body"]),
            document_title=calendar.fill(row["document_title"]),
            filename=calendar.fill(row["filename"]),
            members_only=bool(row.get("members_only", False)),
        )
        for row in _PAGES["reports"]["pages"]
    ]


# --- Events ----------------------------------------------------------------


@dataclass(frozen=True)
class EventSpec:
    slug: str
    title: str
    event_type: str
    start: datetime.datetime
    end: datetime.datetime
    summary: str
    venue_name: str = ""
    venue_address: str = ""
    online_url: str = ""
    capacity: int | None = None
    fee: str = ""
    organiser: str = ""
    registration_url: str = ""
    registration_deadline: datetime.date | None = None
    contact: str = ""
    body: tuple[Item, ...] = field(default=())


def events(today: datetime.date) -> list[EventSpec]:
    calendar = Calendar(today)
    defaults = _PAGES["event_defaults"]
    specs = []
    for row in _PAGES["events"]:
        row = {**defaults, **row}
        day = calendar.named[row["slug"]]
        closes = row.get("registration_closes_days_before")
        specs.append(
            EventSpec(
                slug=text(row["slug"]),
                title=calendar.fill(row["title"]),
                event_type=text(row["type"]),
                start=at(day, row["start"]),
                end=at(day, row["end"]),
                summary=calendar.joined(row["summary"]),
                venue_name=text(row.get("venue_name")),
                venue_address=text(row.get("venue_address")),
                online_url=text(row.get("online_url")),
                capacity=row.get("capacity"),
                fee=text(row.get("fee")),
                organiser=text(row.get("organiser")),
                registration_url=text(row.get("registration_url")),
                registration_deadline=(
                    day - datetime.timedelta(days=int(closes)) if closes is not None else None
                ),
                contact=text(row.get("contact")),
                body=calendar.body(row.get("body")),
            )
        )
    return specs


# --- News ------------------------------------------------------------------


@dataclass(frozen=True)
class NewsSpec:
    slug: str
    title: str
    date: datetime.date
    category: str
    summary: str
    body: tuple[Item, ...]


def news(today: datetime.date) -> list[NewsSpec]:
    """About ten items over the last eight months or so, newest first."""
    calendar = Calendar(today)
    return [
        NewsSpec(
            slug=calendar.fill(row["slug"]),
            title=calendar.fill(row["title"]),
            date=calendar.date(row["date"]),
            category=text(row["category"]),
            summary=calendar.joined(row["summary"]),
            body=calendar.body(row["body"]),
        )
        for row in _PAGES["news"]
    ]
