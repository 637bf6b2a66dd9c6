"""Importing support windows from the prefecture's CSV or Excel lists (相談窓口一覧).

A third spec of the import engine (organisations/services/tables.py): the
same reading of the file (UTF-8 or Shift_JIS CSV, .xlsx), header matching,
line numbers, dry run and all-or-nothing import, with row problems in
Japanese. The columns are the finder's CSV export (``support.exports``), so
an exported list imports again:

    窓口の名前, URL用の名前, どんな窓口か, 市区町村, 運営, 電話, LINE, メール,
    受付時間, 無料, 匿名, 最終確認日

受付時間 is the leaflet's line: 「月〜金 09:00-17:00（日本語） / 日 13:00-17:00
（ベトナム語・日本語）」, days as 毎日, 月〜金, 土・日; 24時間 for all day; the
languages by their Japanese names. Empty means "call first". 運営 links a
member organisation of that exact name, or is kept as the provider's name.

A row whose URL用の名前 exists already is skipped (the admin is where a
window is edited), so importing one file twice changes nothing.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organisations.models import Organisation
from organisations.services.tables import (
    Column,
    ColumnTable,
    Problem,
    TableChecker,
    apply_all,
    cell_text,
)
from support import hours as hours_logic
from support.models import (
    LANGUAGE_LABELS,
    RESERVED_SLUGS,
    ContactChannel,
    WeeklySlot,
    Window,
)

COLUMNS = [
    Column("name", "窓口の名前", ("name",)),
    Column("slug", "URL用の名前", ("slug",)),
    Column("summary", "どんな窓口か", ("summary",)),
    Column("municipality", "市区町村", ("municipality",)),
    Column("provider", "運営", ("provider",)),
    Column("phone", "電話", ("phone",)),
    Column("line", "LINE", ("line",)),
    Column("email", "メール", ("email",)),
    Column("hours", "受付時間", ("hours",)),
    Column("free", "無料", ("free",)),
    Column("anonymous", "匿名", ("anonymous",)),
    Column("last_verified_on", "最終確認日", ("last verified",)),
    Column("url", "URL", ("url",)),  # the export's link: ignored on import
]
TABLE = ColumnTable(
    COLUMNS,
    required=("name", "slug", "summary", "last_verified_on"),
    unknown_column_message=gettext_lazy("この列は取り込みません。"),
)
DAY_NAMES = ["月", "火", "水", "木", "金", "土", "日"]
LANGUAGE_CODES = {str(label): code for code, label in LANGUAGE_LABELS.items()}
PART_RE = re.compile(
    r"^(?P<days>\S+)\s+(?P<span>24時間|\d{1,2}:\d\d-\d{1,2}:\d\d)（(?P<langs>.*)）$"
)
YES = {"はい", "yes", "true", "1", "○", "〇"}
NO = {"いいえ", "no", "false", "0", "×", ""}
ANYWHERE = {"県内どこからでも", "県内全域", ""}


@dataclass
class Plan:
    line: int
    fields: dict
    channels: list
    slots: list


@dataclass
class Report:
    rows: int = 0
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    to_create: list = field(default_factory=list)
    existing: list = field(default_factory=list)
    committed: bool = False

    @property
    def is_clean(self):
        return not self.problems


def parse_days(text):
    if text == "毎日":
        return list(range(7))
    days = []
    for part in text.split("・"):
        if "〜" in part:
            first, last = part.split("〜", 1)
            if first not in DAY_NAMES or last not in DAY_NAMES:
                raise ValueError(part)
            days.extend(range(DAY_NAMES.index(first), DAY_NAMES.index(last) + 1))
        elif part in DAY_NAMES:
            days.append(DAY_NAMES.index(part))
        else:
            raise ValueError(part)
    return days


def parse_hours(text):
    """The leaflet's hours line → slots; raises ValueError with a Japanese message."""
    slots = []
    if text.strip() in {"時間は要確認：まずお電話を", str(_("時間は要確認：まずお電話を"))}:
        return slots  # what the export writes for a window without hours
    for part in filter(None, (p.strip() for p in text.split("/"))):
        match = PART_RE.match(part)
        if not match:
            raise ValueError(
                _(
                    "「%(part)s」を読めません。"
                    "「月〜金 09:00-17:00（日本語）」の形で書いてください。"
                )
                % {"part": part}
            )
        try:
            days = parse_days(match["days"])
        except ValueError:
            message = _("曜日「%(days)s」を読めません。") % {"days": match["days"]}
            raise ValueError(message) from None
        languages = []
        for name in filter(None, match["langs"].split("・")):
            if name not in LANGUAGE_CODES:
                raise ValueError(_("言語「%(name)s」は選べません。") % {"name": name})
            languages.append(LANGUAGE_CODES[name])
        for day in days:
            if match["span"] == "24時間":
                slots.append(
                    hours_logic.Slot(weekday=day, all_day=True, languages=tuple(languages))
                )
                continue
            opens, closes = match["span"].split("-")
            closes = "00:00" if closes == "24:00" else closes
            try:
                slot = hours_logic.Slot(
                    weekday=day,
                    opens=datetime.time.fromisoformat(opens.zfill(5)),
                    closes=datetime.time.fromisoformat(closes.zfill(5)),
                    languages=tuple(languages),
                )
            except ValueError:
                raise ValueError(
                    _("時刻「%(span)s」を読めません。") % {"span": match["span"]}
                ) from None
            slots.append(slot)
    problems = hours_logic.validate_slots(slots)
    if problems:
        raise ValueError(problems.items[0][1])
    return slots


def _yes_no(value, column, problems):
    text = value.strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    problems.append((column, _("「はい」か「いいえ」で書いてください。")))
    return False


class Checker(TableChecker):
    table = TABLE
    report_class = Report

    def start(self, report):
        self.existing = set(Window.objects.values_list("slug", flat=True))
        self.organisations = {o.name: o for o in Organisation.objects.listed()}
        self.seen = set()
        return True

    def check_row(self, raw, columns, report):
        values = dict.fromkeys(TABLE.by_key, "")
        for index, key in columns.items():
            if index < len(raw.cells):
                values[key] = cell_text(raw.cells[index]).strip()
        problems = []
        for key in TABLE.required:
            if not values[key]:
                problems.append((key, _("入力してください。")))
        slug = values["slug"]
        if slug and not re.fullmatch(r"[a-z0-9-]+", slug):
            problems.append(("slug", _("半角の英小文字・数字・ハイフンで書いてください。")))
        if slug in RESERVED_SLUGS:
            problems.append(("slug", _("このURL用の名前は使えません。ほかの名前にしてください。")))
        if slug in self.seen:
            problems.append(("slug", _("同じURL用の名前の行がファイルの中にあります。")))
        self.seen.add(slug)
        try:
            verified = datetime.date.fromisoformat(values["last_verified_on"].replace("/", "-"))
        except ValueError:
            verified = None
            if values["last_verified_on"]:
                problems.append(("last_verified_on", _("日付は 2026-04-01 の形で書いてください。")))
        try:
            slots = parse_hours(values["hours"])
        except ValueError as error:
            slots = []
            problems.append(("hours", str(error)))
        channels = []
        for key, kind in (("phone", "phone"), ("line", "line"), ("email", "email")):
            if values[key]:
                channel = ContactChannel(kind=kind, value=values[key])
                try:
                    channel.clean()
                except ValidationError as error:
                    problems.append((key, " ".join(error.messages)))
                channels.append(channel)
        free = _yes_no(values["free"] or "はい", "free", problems)
        anonymous = _yes_no(values["anonymous"], "anonymous", problems)
        if problems:
            for key, message in problems:
                report.problems.append(
                    Problem(raw.line, TABLE.by_key[key].label, message, raw.physical_line)
                )
            return None
        provider = values["provider"]
        organisation = self.organisations.get(provider)
        municipality = "" if values["municipality"] in ANYWHERE else values["municipality"]
        return Plan(
            line=raw.line,
            fields={
                "name": values["name"],
                "slug": slug,
                "summary": values["summary"],
                "municipality": municipality,
                "organisation": organisation,
                "provider_name": "" if organisation else provider,
                "free_of_charge": free,
                "anonymous": anonymous,
                "last_verified_on": verified,
            },
            channels=channels,
            slots=slots,
        )

    def record(self, plan, report):
        if plan.fields["slug"] in self.existing:
            report.existing.append(plan.fields["name"])
        else:
            report.to_create.append(plan.fields["name"])


class ImportFailed(Exception):
    def __init__(self, line, error):
        message = _("%(line)s行目を保存できませんでした：%(error)s")
        super().__init__(message % {"line": line, "error": error})


def check_windows(content, filename=""):
    """The dry run: (report, plans); writes nothing."""
    return Checker().check(content, filename)


def import_windows(content, filename=""):
    """Create every new window of the file in one transaction, or none if any row has a problem."""
    existing = set(Window.objects.values_list("slug", flat=True))

    def apply(plan):
        if plan.fields["slug"] in existing:
            return
        window = Window.objects.create(**plan.fields)
        for order, channel in enumerate(plan.channels):
            channel.window = window
            channel.sort_order = order
            channel.save()
        WeeklySlot.save_for(window, plan.slots)

    return apply_all(Checker(), content, filename, apply=apply, failure=ImportFailed)
