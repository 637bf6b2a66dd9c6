"""Importing and exporting the secretariat's register (会員名簿) as CSV or Excel.

The file format: one organisation per row, a header row of Japanese column
names on line 1 (English aliases accepted), values as people type them
(「令和6年4月1日」, full-width digits, 「★居場所づくり、☆交流の場の提供」).

The file is read, and checked row by row, by the import engine
(organisations/services/tables.py), of which this is one spec (the write-up
import, practices/importer.py, is the other). ``check_register`` is the dry
run: it reads every row, normalises it (cms/text.py), validates it with the
models' own validators (``full_clean`` on an unsaved instance) plus the
vocabularies, and reports every problem with the line number a person sees
(the header is line 1). ``import_register`` refuses
a file with any problem; otherwise it writes every row in one transaction, so
a failure anywhere leaves the database as it was. Rows are matched to existing
organisations by (normalised name, prefecture): running the same file twice
updates, never duplicates.

The exports: ``export_register`` for the secretariat (every field, including
members-only and secretariat-only contact details) and ``public=True`` for
anyone, which carries only what an anonymous visitor may read (the rule comes
from organisations.access). A secretariat export imports back unchanged.
"""

import codecs
import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.slugs import slug_for, unique_slug
from cms.text import normalise_digits, normalise_text, to_katakana
from organisations import access
from organisations.choices import LegalForm, OrganisationStatus, Tier, Visibility
from organisations.models import (
    ActivityType,
    Organisation,
    OrganisationActivity,
    OrganisationTarget,
    ProfileChange,
    RegisterImport,
    TargetGroup,
)
from organisations.services.tables import (
    FORMULA_PREFIXES,
    MAIN_MARK,
    OTHER_MARK,
    Column,
    ColumnTable,
    Problem,
    ProgressCallback,
    TableChecker,
    ValueProblem,
    _item_key,
    _prefecture_lookup,
    apply_all,
    cell_text,
    parse_municipalities,
    parse_prefectures,
    parse_ranked_items,
    parse_text,
)
from organisations.validators import http_url_validator

# --- Columns ---------------------------------------------------------------


COLUMNS = (
    Column("name", "団体名", ("name", "organisation", "organization", "団体の名称")),
    Column("name_kana", "ふりがな", ("name_kana", "kana", "reading", "団体名（ふりがな）")),
    Column("legal_form", "法人格", ("legal_form",)),
    Column("tier", "会員区分", ("tier",)),
    Column("status", "状態", ("status", "会員の状態"), public=False),
    Column("representative", "代表者", ("representative", "代表者（役職・氏名）")),
    Column("founded_on", "設立年月日", ("founded_on", "founded", "設立日")),
    Column("staff_count", "スタッフ数", ("staff_count", "staff")),
    Column("postcode", "郵便番号", ("postcode", "postal_code", "zip")),
    Column("prefecture", "都道府県", ("prefecture",)),
    Column("municipality", "市区町村", ("municipality", "city")),
    Column("street_address", "番地・建物名", ("street_address", "address", "番地")),
    Column(
        "street_address_visibility",
        "番地・建物名の公開範囲",
        ("street_address_visibility",),
        public=False,
    ),
    Column("website", "ウェブサイト", ("website", "url", "ホームページ")),
    Column("contact_name", "担当者名", ("contact_name", "contact")),
    Column(
        "contact_name_visibility", "担当者名の公開範囲", ("contact_name_visibility",), public=False
    ),
    Column("phone", "電話番号", ("phone", "tel", "telephone")),
    Column("phone_visibility", "電話番号の公開範囲", ("phone_visibility",), public=False),
    Column("email", "メールアドレス", ("email", "e-mail", "mail")),
    Column("email_visibility", "メールアドレスの公開範囲", ("email_visibility",), public=False),
    Column("activity_types", "取組の種類", ("activity_types", "activities")),
    Column("target_groups", "取組の対象", ("target_groups", "targets")),
    Column("areas_prefectures", "取組地域（都道府県）", ("areas_prefectures",)),
    Column("areas_municipalities", "取組地域（市区町村）", ("areas_municipalities",)),
    Column("message", "メッセージ", ("message",)),
    Column("description", "団体の紹介", ("description",)),
    Column("joined_on", "入会日", ("joined_on", "joined")),
    Column("left_on", "退会・除名日", ("left_on",), public=False),
)
REQUIRED_COLUMNS = ("name", "prefecture")  # the matching key

# Contact fields whose value depends on its visibility setting.
CONTACT_COLUMNS = {
    "street_address": "street_address",
    "postcode": "street_address",  # the postcode goes with the street address
    "contact_name": "contact_name",
    "phone": "phone",
    "email": "email",
}

TEXT_FIELDS = (
    "name",
    "representative",
    "municipality",
    "street_address",
    "contact_name",
)
PROSE_FIELDS = ("message", "description")  # kept as typed (NFKC would turn ① into 1)
LIST_KEYS = ("activity_types", "target_groups", "areas_prefectures")


TABLE = ColumnTable(
    COLUMNS,
    required=REQUIRED_COLUMNS,
    unknown_column_message=gettext_lazy("この列は名簿の項目にないため、読み飛ばします。"),
)


# --- The report --------------------------------------------------------------


@dataclass
class Report:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    committed: bool = False

    @property
    def is_clean(self):
        return not self.problems

    @property
    def lines_with_problems(self):
        return len({p.line for p in self.problems if p.line})

    def summary(self):
        if self.committed:
            return (
                _(
                    "%(rows)s行を取り込みました：新規 %(created)s件、更新 %(updated)s件、"
                    "変更なし %(unchanged)s件。"
                )
                % self.counts()
            )
        if self.problems and not self.lines_with_problems:
            return _("ファイルに問題があります。問題がなくなるまで取り込めません。")
        if self.problems:
            return _(
                "%(rows)s行を確認しました：問題 %(problems)s件（%(lines)s行）。"
                "問題がなくなるまで取り込めません。"
            ) % {
                "rows": self.rows,
                "problems": len(self.problems),
                "lines": self.lines_with_problems,
            }
        return (
            _(
                "%(rows)s行を確認しました：問題はありません。取り込むと、新規 %(created)s件、"
                "更新 %(updated)s件、変更なし %(unchanged)s件になります。"
            )
            % self.counts()
        )

    def counts(self):
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }

    def as_dict(self):
        return {
            **self.counts(),
            "committed": self.committed,
            "problems": [p.as_dict() for p in self.problems],
            "warnings": [p.as_dict() for p in self.warnings],
        }

    @classmethod
    def from_dict(cls, data):
        return cls(
            rows=data.get("rows", 0),
            created=data.get("created", 0),
            updated=data.get("updated", 0),
            unchanged=data.get("unchanged", 0),
            committed=data.get("committed", False),
            problems=[Problem(**p) for p in data.get("problems", [])],
            warnings=[Problem(**p) for p in data.get("warnings", [])],
        )


class RegisterImportFailed(Exception):
    """Writing a row failed during a real import; nothing was saved."""

    def __init__(self, line, error):
        self.line = line
        self.error = error
        super().__init__(
            _("%(line)s行目の保存中にエラーが起きたため、何も取り込みませんでした（%(error)s）。")
            % {"line": line, "error": error}
        )


# --- Reading values ----------------------------------------------------------

# 「令和6年4月1日」, 「R6.4.1」, 「平成元年5月1日」. NFKC has already turned ㋿ into 令和.
ERAS = {
    "令和": (datetime.date(2019, 5, 1), None),
    "平成": (datetime.date(1989, 1, 8), datetime.date(2019, 4, 30)),
    "昭和": (datetime.date(1926, 12, 25), datetime.date(1989, 1, 7)),
    "大正": (datetime.date(1912, 7, 30), datetime.date(1926, 12, 24)),
    "明治": (datetime.date(1868, 1, 25), datetime.date(1912, 7, 29)),
}
ERA_LETTERS = {"r": "令和", "h": "平成", "s": "昭和", "t": "大正", "m": "明治"}
ERA_DATE_RE = re.compile(
    r"^(令和|平成|昭和|大正|明治|[rhstm])\s*(元|\d{1,2})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*"
    r"(\d{1,2})\s*日?$",
    re.IGNORECASE,
)
WESTERN_DATE_RE = re.compile(r"^(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$")
DATE_EXAMPLE = "2024/4/1、2024-04-01、令和6年4月1日"


def parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = "".join(normalise_text(cell_text(value)).split())
    if not text:
        return None
    text = text.replace("ー", "-").replace("−", "-")
    match = WESTERN_DATE_RE.match(text)
    if match:
        return _make_date(*(int(part) for part in match.groups()))
    match = ERA_DATE_RE.match(text)
    if match:
        era_name, era_year, month, day = match.groups()
        era_name = ERA_LETTERS.get(era_name.lower(), era_name)
        first_day, last_day = ERAS[era_name]
        year = first_day.year + (1 if era_year == "元" else int(era_year)) - 1
        result = _make_date(year, int(month), int(day))
        if result < first_day or (last_day and result > last_day):
            raise ValueProblem(
                _("「%(value)s」は%(era)sの期間にない日付です。") % {"value": text, "era": era_name}
            )
        return result
    raise ValueProblem(
        _("「%(value)s」を日付として読めません（例：%(example)s）。")
        % {"value": text, "example": DATE_EXAMPLE}
    )


def _make_date(year, month, day):
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise ValueProblem(
            _("%(year)s年%(month)s月%(day)s日という日付はありません。")
            % {"year": year, "month": month, "day": day}
        ) from error


def parse_count(value):
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = normalise_text(cell_text(value)).replace(",", "")
        text = re.sub(r"\s*(人|名)$", "", text)
        if not text:
            return None
        if not text.isdigit():
            raise ValueProblem(_("「%(value)s」は人数として読めません。") % {"value": text})
        number = int(text)
    if number < 0:
        raise ValueProblem(_("人数は0以上で入力してください。"))
    return number


def parse_postcode(value):
    numeric = isinstance(value, int | float)
    text = normalise_digits(cell_text(value)).lstrip("〒")
    if numeric and text.isdigit():
        text = text.zfill(7)  # Excel drops the leading zero of 060-0001
    if re.fullmatch(r"\d{7}", text):
        text = f"{text[:3]}-{text[3:]}"
    return text


def parse_phone(value):
    numeric = isinstance(value, int | float)
    text = normalise_digits(cell_text(value))
    if numeric and text.isdigit() and not text.startswith("0"):
        text = "0" + text  # Excel drops the leading zero; Japanese numbers start with 0
    return text


def parse_email(value):
    return normalise_digits(cell_text(value))


def parse_website(value):
    text = "".join(normalise_text(cell_text(value)).split())
    if text:
        try:
            http_url_validator(text)  # http and https only: never javascript: or data:
        except ValidationError as error:
            raise ValueProblem(" ".join(error.messages)) from error
    return text


def parse_prose(value):
    return cell_text(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def parse_kana(value):
    return to_katakana(" ".join(normalise_text(cell_text(value)).split()))


def _choice_key(text):
    return "".join(normalise_text(text).lower().split())


def _choice_parser(choices, synonyms, what):
    table = {}
    for value, label in choices:
        table[_choice_key(value)] = value
        table[_choice_key(str(label))] = value
    table.update({_choice_key(k): v for k, v in synonyms.items()})

    def parse(cell, default=""):
        text = cell_text(cell)
        if not text.strip():
            return default
        try:
            return table[_choice_key(text)]
        except KeyError:
            raise ValueProblem(
                _("「%(value)s」は%(what)sにありません（%(choices)s のいずれか）。")
                % {
                    "value": text.strip(),
                    "what": what,
                    "choices": "、".join(str(label) for _value, label in choices),
                }
            ) from None

    return parse


def _parsers():
    """Built per call: labels are lazy translations."""
    return {
        "legal_form": _choice_parser(
            LegalForm.choices,
            {
                "特定非営利活動法人": LegalForm.NPO,
                "NPO": LegalForm.NPO,
                "一般社団法人": LegalForm.ASSOCIATION,
                "公益社団法人": LegalForm.ASSOCIATION,
                "一般財団法人": LegalForm.FOUNDATION,
                "公益財団法人": LegalForm.FOUNDATION,
                "株式会社": LegalForm.COMPANY,
                "企業": LegalForm.COMPANY,
                "社協": LegalForm.SOCIAL_WELFARE_COUNCIL,
            },
            _("法人格"),
        ),
        "tier": _choice_parser(
            Tier.choices, {"幹事": Tier.STEERING, "一般": Tier.GENERAL}, _("会員区分")
        ),
        "status": _choice_parser(OrganisationStatus.choices, {}, _("状態")),
        "visibility": _choice_parser(
            Visibility.choices,
            {
                "公開": Visibility.PUBLIC,
                "会員": Visibility.MEMBERS,
                "事務局": Visibility.SECRETARIAT,
            },
            _("公開範囲"),
        ),
    }


def organisation_key(name, prefecture_id):
    """Rows and organisations match on this: the name without width or spacing."""
    return (" ".join(normalise_text(name).split()), prefecture_id)


def stable_slug(name, prefecture, taken):
    """The name in romaji (cms/slugs.py), -2, -3… when taken: the same for the same register."""
    return unique_slug(slug_for(organisation_key(name, 0)[0], fallback="org"), taken.__contains__)


# --- Checking ----------------------------------------------------------------

DATE_KEYS = ("founded_on", "joined_on", "left_on")
# Blank in these cells keeps an existing organisation's value (a new one gets
# the model's default): an empty 状態 must never reinstate a suspended member.
DEFAULTED_KEYS = (
    "tier",
    "status",
    "street_address_visibility",
    "contact_name_visibility",
    "phone_visibility",
    "email_visibility",
)
# The audit trail (ProfileChange) names lists as organisations/services/manage.py does.
AUDIT_KEYS = {"activity_types": "activities", "target_groups": "targets"}


@dataclass
class RowPlan:
    line: int
    organisation: Organisation  # existing (to update) or unsaved (to create)
    is_new: bool
    changes: dict  # {field: [old, new]} for the audit trail
    activity_types: list | None = None  # [(ActivityType, is_main)]; None: leave as is
    target_groups: list | None = None
    areas_prefectures: list | None = None

    @property
    def is_changed(self):
        return self.is_new or bool(self.changes)


class _Checker(TableChecker):
    table = TABLE
    report_class = Report

    def __init__(self):
        self.parsers = _parsers()
        self.prefectures = _prefecture_lookup()
        self.activity_types = {_item_key(a.name): a for a in ActivityType.objects.all()}
        self.target_groups = {_item_key(t.name): t for t in TargetGroup.objects.all()}
        self.existing = {}
        self.ambiguous = set()
        for organisation in Organisation.objects.all():
            key = organisation_key(organisation.name, organisation.prefecture_id)
            if key in self.existing:
                self.ambiguous.add(key)
            self.existing[key] = organisation
        self.taken_slugs = set(Organisation.objects.values_list("slug", flat=True))
        self.seen_keys = {}

    def record(self, plan, report):
        if plan.is_new:
            report.created += 1
        elif plan.is_changed:
            report.updated += 1
        else:
            report.unchanged += 1

    def check_row(self, raw, columns, report):
        cells = {key: raw.cells[i] if i < len(raw.cells) else None for i, key in columns.items()}
        problems = []
        failed = set()  # keys whose cell could not be read: left out of full_clean

        def problem(key, message):
            failed.add(key)
            problems.append(
                Problem(raw.line, TABLE.by_key[key].label, str(message), raw.physical_line)
            )

        values, lists = {}, {}
        for key, cell in cells.items():
            try:
                self.read_value(key, cell, values, lists)
            except ValueProblem as error:
                problem(key, error)

        name = values.get("name")
        prefecture = values.get("prefecture")
        if not name and "name" not in failed:
            problem("name", _("団体名は必須です。"))
        if prefecture is None and "prefecture" not in failed:
            problem("prefecture", _("都道府県は必須です。"))
        existing = None
        if name and prefecture:
            key = organisation_key(name, prefecture.pk)
            if key in self.seen_keys:
                problem(
                    "name",
                    _("この団体は%(line)s行目と重複しています（団体名と都道府県が同じ）。")
                    % {"line": self.seen_keys[key]},
                )
            else:
                self.seen_keys[key] = raw.line
            if key in self.ambiguous:
                problem(
                    "name",
                    _("同じ名前の団体が既に複数登録されています。先に管理画面で整理してください。"),
                )
            existing = self.existing.get(key)

        plan = self.plan(raw.line, existing, values, lists, failed, problem)
        report.problems.extend(TABLE.in_column_order(problems, columns))
        return None if problems else plan

    def read_value(self, key, cell, values, lists):
        if key == "prefecture":
            found = parse_prefectures(cell, self.prefectures)
            if len(found) > 1:
                raise ValueProblem(_("都道府県は1つだけ入力してください。"))
            values[key] = found[0] if found else None
        elif key in DATE_KEYS:
            values[key] = parse_date(cell)
        elif key == "staff_count":
            values[key] = parse_count(cell)
        elif key == "postcode":
            values[key] = parse_postcode(cell)
        elif key == "phone":
            values[key] = parse_phone(cell)
        elif key == "email":
            values[key] = parse_email(cell)
        elif key == "website":
            values[key] = parse_website(cell)
        elif key == "name_kana":
            values[key] = parse_kana(cell)
        elif key in TEXT_FIELDS:
            values[key] = parse_text(cell)
        elif key in PROSE_FIELDS:
            values[key] = parse_prose(cell)
        elif key == "areas_municipalities":
            values[key] = parse_municipalities(cell)
        elif key == "legal_form":
            values[key] = self.parsers[key](cell)
        elif key in ("tier", "status"):
            values[key] = self.parsers[key](cell, default=None)
        elif key.endswith("_visibility"):
            values[key] = self.parsers["visibility"](cell, default=None)
        elif key == "activity_types":
            lists[key] = parse_ranked_items(cell, self.activity_types, _("取組の種類"))
        elif key == "target_groups":
            lists[key] = parse_ranked_items(cell, self.target_groups, _("取組の対象"))
        elif key == "areas_prefectures":
            lists[key] = parse_prefectures(cell, self.prefectures)
        else:  # pragma: no cover - every column is handled above
            raise AssertionError(key)

    def plan(self, line, existing, values, lists, failed, problem):
        is_new = existing is None
        # A fresh copy to change and validate; the database is not touched.
        organisation = Organisation() if is_new else Organisation.objects.get(pk=existing.pk)
        changes = {}
        for key, value in values.items():
            if key in failed or (value is None and key in DEFAULTED_KEYS):
                continue
            attname = "prefecture_id" if key == "prefecture" else key
            new = value.pk if key == "prefecture" else value
            if getattr(organisation, attname) == new:
                continue
            if is_new:
                setattr(organisation, key, value)
            else:
                before = _audit_value(organisation, key)
                setattr(organisation, key, value)
                changes[key] = [before, _audit_value(organisation, key)]
        exclude = set(failed)
        if is_new and "name" not in failed and "prefecture" not in failed:
            organisation.slug = stable_slug(values["name"], values["prefecture"], self.taken_slugs)
            self.taken_slugs.add(organisation.slug)
        elif is_new:
            exclude.add("slug")
        for key in PROSE_FIELDS:
            # Model validation leaves a TextField's max_length to forms: check it here.
            limit = Organisation._meta.get_field(key).max_length
            if key in values and limit and len(values[key]) > limit:
                problem(
                    key,
                    _("%(limit)s文字以内で入力してください（今は%(length)s文字です）。")
                    % {"limit": limit, "length": len(values[key])},
                )
        try:
            organisation.full_clean(exclude=exclude)
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                key = field_name if field_name in TABLE.by_key else "name"
                for message in messages:
                    problem(key, message)

        plan = RowPlan(line, organisation, is_new, changes)
        for key in LIST_KEYS:
            if key not in lists:
                continue
            new = lists[key]
            setattr(plan, key, new)
            if is_new:
                continue
            old = _current_list(existing, key)
            if _list_signature(old) != _list_signature(new):
                changes[AUDIT_KEYS.get(key, key)] = [_audit_list(old), _audit_list(new)]
        return plan


def _audit_value(organisation, key):
    """As organisations/services/manage.py records it: labels, names, ISO dates."""
    value = getattr(organisation, key)
    if value is None or value == "":
        return value
    if Organisation._meta.get_field(key).choices:
        return str(getattr(organisation, f"get_{key}_display")())
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def _current_list(organisation, key):
    if key == "activity_types":
        return [
            (link.activity_type, link.is_main)
            for link in organisation.activities.select_related("activity_type").order_by(
                "-is_main", "activity_type__group__sort_order", "activity_type__sort_order"
            )
        ]
    if key == "target_groups":
        return [
            (link.target_group, link.is_main)
            for link in organisation.targets.select_related("target_group").order_by(
                "-is_main", "target_group__sort_order"
            )
        ]
    return list(organisation.areas_prefectures.all())


def _list_signature(items):
    return sorted(
        (item[0].pk, item[1]) if isinstance(item, tuple) else (item.pk, None) for item in items
    )


def _audit_list(items):
    return [
        f"{MAIN_MARK if item[1] else OTHER_MARK}{item[0].name}"
        if isinstance(item, tuple)
        else item.name
        for item in items
    ]


def _display_list(items):
    return "、".join(_audit_list(items))


def check_register(content: bytes, filename: str = "") -> Report:
    """The dry run: every problem in the file, and what an import would do. Writes nothing."""
    report, _plans = _Checker().check(content, filename)
    return report


# --- Importing ---------------------------------------------------------------


def import_register(
    content: bytes,
    filename: str = "",
    *,
    user=None,
    progress: ProgressCallback | None = None,
) -> Report:
    """Import the file if it has no problem at all; all rows or none.

    Returns the report; if it has problems, nothing was written. Raises
    RegisterImportFailed if saving a row fails (the transaction is rolled back).
    """
    return apply_all(
        _Checker(),
        content,
        filename,
        apply=lambda plan: _apply(plan, user),
        failure=RegisterImportFailed,
        progress=progress,
    )


def _apply(plan: RowPlan, user):
    if not plan.is_changed:
        return
    organisation = plan.organisation
    organisation.save()
    if plan.activity_types is not None:
        organisation.activities.all().delete()
        OrganisationActivity.objects.bulk_create(
            OrganisationActivity(organisation=organisation, activity_type=item, is_main=is_main)
            for item, is_main in plan.activity_types
        )
    if plan.target_groups is not None:
        organisation.targets.all().delete()
        OrganisationTarget.objects.bulk_create(
            OrganisationTarget(organisation=organisation, target_group=item, is_main=is_main)
            for item, is_main in plan.target_groups
        )
    if plan.areas_prefectures is not None:
        organisation.areas_prefectures.set(plan.areas_prefectures)
    if not plan.is_new:
        # The 変更届 trail shows the secretariat's import like any other change.
        ProfileChange.objects.create(organisation=organisation, user=user, changes=plan.changes)


# --- Exporting ---------------------------------------------------------------

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_columns(*, public=False):
    return [column for column in COLUMNS if column.public or not public]


def export_queryset(*, include_inactive=False):
    queryset = Organisation.objects.all() if include_inactive else Organisation.objects.listed()
    return queryset.select_related("prefecture").prefetch_related(
        "activities__activity_type__group",
        "targets__target_group",
        "areas_prefectures",
    )


def export_rows(organisations, *, public=False):
    """The header and one row per organisation, as Python values (dates stay dates).

    ``public=True`` gives only what an anonymous visitor may read: contact
    values are included only where organisations.access says so.
    """
    columns = export_columns(public=public)
    yield [column.label for column in columns]
    anonymous = AnonymousUser()
    for organisation in organisations:
        if public and not access.can_view_organisation(anonymous, organisation):
            continue
        # Contact values only where an anonymous visitor may read them.
        visible = access.visible_contact(anonymous, organisation) if public else None
        row = []
        for column in columns:
            contact_field = CONTACT_COLUMNS.get(column.key)
            hidden = public and contact_field is not None and contact_field not in visible
            row.append("" if hidden else _export_value(organisation, column.key))
        yield row


def _export_value(organisation, key):
    if key == "prefecture":
        return organisation.prefecture.name
    if key in ("legal_form", "tier", "status") or key.endswith("_visibility"):
        return str(getattr(organisation, f"get_{key}_display")())
    if key == "activity_types":
        links = sorted(
            organisation.activities.all(),
            key=lambda link: (
                not link.is_main,
                link.activity_type.group.sort_order,
                link.activity_type.sort_order,
                link.activity_type.pk,
            ),
        )
        return _display_list([(link.activity_type, link.is_main) for link in links])
    if key == "target_groups":
        links = sorted(
            organisation.targets.all(),
            key=lambda link: (not link.is_main, link.target_group.sort_order, link.target_group.pk),
        )
        return _display_list([(link.target_group, link.is_main) for link in links])
    if key == "areas_prefectures":
        return "、".join(
            p.name for p in sorted(organisation.areas_prefectures.all(), key=lambda p: p.code)
        )
    value = getattr(organisation, key)
    return "" if value is None else value


def _guard_formula(value):
    """Spreadsheet formula injection: text starting with = + - @ gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_csv(rows) -> bytes:
    """UTF-8 with a BOM, so that Excel opens Japanese text correctly."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            [
                f"{value:%Y/%m/%d}" if isinstance(value, datetime.date) else _guard_formula(value)
                for value in row
            ]
        )
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def write_xlsx(rows, title=None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(title or _("会員名簿")))
    for row in rows:
        sheet.append([_guard_formula(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_register(file_format="csv", *, public=False, include_inactive=False):
    """(bytes, content type, file name) of the register in CSV or XLSX.

    The public export only ever lists active organisations.
    """
    organisations = export_queryset(include_inactive=include_inactive and not public)
    rows = export_rows(organisations, public=public)
    stem = "organisations-public" if public else "organisations"
    stamp = datetime.date.today().strftime("%Y%m%d")
    if file_format == "xlsx":
        return write_xlsx(rows), XLSX_CONTENT_TYPE, f"{stem}-{stamp}.xlsx"
    if file_format == "csv":
        return write_csv(rows), CSV_CONTENT_TYPE, f"{stem}-{stamp}.csv"
    raise ValueError(file_format)


# --- The admin upload: two requests, possibly on two servers -------------------

UPLOAD_LIFETIME = datetime.timedelta(hours=24)


def purge_stale_uploads():
    """Forget uploaded files nobody imported within a day (they hold personal data)."""
    cutoff = timezone.now() - UPLOAD_LIFETIME
    RegisterImport.objects.filter(
        status=RegisterImport.Status.CHECKED, created_at__lt=cutoff
    ).delete()


def save_upload(content: bytes, filename: str, user):
    """Keep an uploaded file in the database with its dry-run report."""
    purge_stale_uploads()
    report = check_register(content, filename)
    return RegisterImport.objects.create(
        created_by=user,
        filename=filename[:255],
        content=content,
        report=report.as_dict(),
    )


def pending_upload(pk, user):
    """The user's own upload, still waiting and not stale; None otherwise."""
    return RegisterImport.objects.filter(
        pk=pk,
        created_by=user,
        created_at__gte=timezone.now() - UPLOAD_LIFETIME,
    ).first()


def import_upload(upload, user) -> Report:
    """The real import of a stored upload; the file is checked again first.

    On success the file's content is dropped and the counts are kept as a
    record of who imported what and when.
    """
    with transaction.atomic():
        upload = RegisterImport.objects.select_for_update().get(pk=upload.pk)
        if upload.status != RegisterImport.Status.CHECKED:
            return Report.from_dict(upload.report)
        report = import_register(bytes(upload.content), upload.filename, user=user)
        upload.report = report.as_dict()
        if report.committed:
            upload.status = RegisterImport.Status.IMPORTED
            upload.imported_at = timezone.now()
            upload.content = b""
        upload.save()
    return report
