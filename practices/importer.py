"""Importing good-practice write-ups (取組事例) from a CSV or Excel file.

One write-up per row, a header row of Japanese column names on line 1
(English aliases accepted; see ``COLUMNS`` and README "取組事例の一括取り込み").
It is a spec of the import engine the register import also uses
(organisations/services/tables.py): the same reading of the file, encodings
and Excel safeguards, the same header matching, row loop, dry run and
all-or-nothing import, the same taxonomy syntax (「★居場所づくり、☆相談支援」),
the same line numbers. This module adds what is particular to a write-up:

- 取組の種類 / 取組の対象 also accept ``(main)`` / ``(secondary)`` (and
  メイン / サブ) after an item; they become the register's (主) / (従).
- 取組地域 may hold both, as write-ups print it: 「愛媛県 八幡浜市、大洲市」
  (or the two columns 取組地域（都道府県） and 取組地域（市区町村）).
- 実施年度 is a fiscal year: 2024, ２０２４, 2024年度, 令和6年度, R6.
- 定量的な成果 is one result per line (or 、/;): 「参加者 延べ120人」 becomes
  項目「参加者」, 数値「延べ120」, 単位「人」.
- 連携した団体 is one name per line (or 、/;): a member organisation's name
  links its profile, any other name is kept as text.
- The long fields (目的, 内容 ...) take plain text (paragraphs separated by a
  blank line become <p>) or HTML, which is cleaned by cms.sanitise.

``check_practices`` is the dry run: it writes nothing and reports every problem
with its line number and column. ``import_practices`` refuses a file with any
problem and writes all rows in one transaction, so a failure leaves the
database as it was.

Each row is linked to its organisation by name (compared without width or
spaces, so ＮＰＯ法人　くじら is NPO法人くじら). An unknown name is an error, unless
``create_missing_organisations``: then a placeholder organisation is created,
marked as such in its status reason and kept off the public site (status
資格停止, so neither it nor its write-ups are listed) until the secretariat
completes its profile and activates it.

Write-ups arrive as drafts (a saved revision, not live) for the secretariat to
review in the admin; ``publish=True`` publishes them at once. A row whose
organisation already has a write-up with the same title (compared as names
are) is skipped, or with ``update=True`` saved as a new revision when it
differs; running the same file twice never duplicates.
"""

import difflib
import html
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.fields import RichTextMaxLengthValidator

import nh3

from cms.sanitise import sanitise_rich_text
from cms.slugs import slug_for, unique_slug
from cms.text import normalise_text
from organisations.choices import LegalForm, OrganisationStatus
from organisations.models import ActivityType, Organisation, TargetGroup
from organisations.services.register import stable_slug
from organisations.services.tables import (
    ITEM_SEPARATORS,
    Column,
    ColumnTable,
    Problem,
    ProgressCallback,
    TableChecker,
    ValueProblem,
    _header_key,  # noqa: F401 - tests read the header as the import does
    _item_key,
    _prefecture_lookup,
    _unknown_item,
    apply_all,
    cell_text,
    parse_municipalities,
    parse_prefectures,
    parse_ranked_items,
    parse_text,
)
from practices.models import (
    PracticeActivity,
    PracticeIndexPage,
    PracticePage,
    PracticePartner,
    PracticeResult,
    PracticeTarget,
)
from practices.services import text_to_html

# --- Columns ---------------------------------------------------------------

COLUMNS = (
    Column("organisation", "団体名", ("organisation", "organization", "団体")),
    Column(
        "organisation_prefecture",
        "団体の都道府県",
        ("organisation_prefecture", "団体所在地（都道府県）"),
    ),
    Column("title", "取組名", ("title", "タイトル")),
    Column("year", "実施年度", ("year", "年度")),
    Column("summary", "概要", ("summary",)),
    Column("areas", "取組地域", ("areas",)),
    Column("areas_prefectures", "取組地域（都道府県）", ("areas_prefectures", "都道府県")),
    Column("areas_municipalities", "取組地域（市区町村）", ("areas_municipalities", "市区町村")),
    Column("activity_types", "取組の種類", ("activity_types", "activities")),
    Column("target_groups", "取組の対象", ("target_groups", "targets")),
    Column("purpose", "目的", ("purpose",)),
    Column("beneficiaries", "対象とした人", ("beneficiaries",)),
    Column("content", "内容", ("content", "取組の内容")),
    Column("partners", "連携した団体", ("partners", "連携団体")),
    Column(
        "outreach",
        "つながるための工夫",
        ("outreach", "対象とした人とつながるために行った工夫"),
    ),
    Column("qualitative_results", "定性的な成果", ("qualitative_results",)),
    Column("results", "定量的な成果", ("results", "quantitative_results")),
)
REQUIRED_COLUMNS = (
    "organisation",
    "title",
    "year",
    "summary",
    "activity_types",
    "target_groups",
    "purpose",
    "beneficiaries",
    "content",
)
TABLE = ColumnTable(
    COLUMNS,
    required=REQUIRED_COLUMNS,
    unknown_column_message=gettext_lazy("この列は取組事例の項目にないため、読み飛ばします。"),
)
COLUMN_BY_KEY = TABLE.by_key
HEADER_LOOKUP = TABLE.lookup
RICH_TEXT_KEYS = ("purpose", "beneficiaries", "content", "outreach", "qualitative_results")
REQUIRED_VALUES = ("title", "year", "summary", "purpose", "beneficiaries", "content")
PAGE_FIELDS = ("title", "year", "summary", "areas_municipalities", *RICH_TEXT_KEYS)


# --- The report ----------------------------------------------------------------

CREATE, UPDATE, SKIP = "create", "update", "skip"


@dataclass
class Outcome:
    """What the import does (or did) with one row."""

    line: int
    action: str  # CREATE, UPDATE or SKIP
    title: str
    organisation: str

    def __str__(self):
        label = {
            CREATE: _("新規作成"),
            UPDATE: _("更新"),
            SKIP: _("スキップ（登録済み）"),
        }[self.action]
        return _("%(line)s行目 %(action)s：%(title)s（%(organisation)s）") % {
            "line": self.line,
            "action": label,
            "title": self.title,
            "organisation": self.organisation,
        }


@dataclass
class Report:
    rows: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)  # names of new placeholder orgs
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    committed: bool = False
    published: bool = False

    @property
    def is_clean(self):
        return not self.problems

    def count(self, action):
        return sum(1 for outcome in self.outcomes if outcome.action == action)

    def summary(self):
        counts = {
            "rows": self.rows,
            "created": self.count(CREATE),
            "updated": self.count(UPDATE),
            "skipped": self.count(SKIP),
            "placeholders": len(self.placeholders),
        }
        if self.problems:
            lines = len({p.line for p in self.problems if p.line})
            if not lines:
                return _("ファイルに問題があります。問題がなくなるまで取り込めません。")
            return _(
                "%(rows)s行を確認しました：問題 %(problems)s件（%(lines)s行）。"
                "問題がなくなるまで、1件も取り込みません。"
            ) % {"rows": self.rows, "problems": len(self.problems), "lines": lines}
        if self.committed:
            message = _(
                "%(rows)s行を取り込みました：新規 %(created)s件、更新 %(updated)s件、"
                "スキップ %(skipped)s件、仮登録した団体 %(placeholders)s件。"
            )
            message %= counts
            if not counts["created"] and not counts["updated"]:
                return message
            if self.published:
                return message + " " + _("取組事例は公開しました。")
            return message + " " + _("取組事例は下書きです。管理画面で確認して公開してください。")
        return (
            _(
                "%(rows)s行を確認しました：問題はありません。取り込むと、新規 %(created)s件、"
                "更新 %(updated)s件、スキップ %(skipped)s件、仮登録する団体 %(placeholders)s件"
                "になります。"
            )
            % counts
        )


class PracticeImportFailed(Exception):
    """Saving a row failed during a real import; nothing was saved."""

    def __init__(self, line, error):
        self.line = line
        self.error = error
        if isinstance(error, ValidationError):
            error = " ".join(error.messages)
        super().__init__(
            _("%(line)s行目の保存中にエラーが起きたため、何も取り込みませんでした（%(error)s）。")
            % {"line": line, "error": error}
        )


# --- Reading values ------------------------------------------------------------

MAIN_WORDS = {"主", "main", "メイン", "★"}
OTHER_WORDS = {"従", "secondary", "sub", "サブ", "その他", "☆"}
RANK_SUFFIX_RE = re.compile(r"\(\s*([^()]+?)\s*\)$")


def parse_ranked(value, lookup, what):
    """The register's 「★a、☆b」 / 「a(主)、b(従)」, plus 「a(main)、b(secondary)」.

    Returns [(item, is_main)]; an unmarked item is main (★), as in the register.
    """
    parts = []
    for part in ITEM_SEPARATORS.split(normalise_text(cell_text(value))):
        part = part.strip()
        match = RANK_SUFFIX_RE.search(part)
        if match:
            word = match.group(1).lower()
            if word in MAIN_WORDS or word in OTHER_WORDS:
                rank = "(主)" if word in MAIN_WORDS else "(従)"
                part = part[: match.start()].strip() + rank
        parts.append(part)
    return parse_ranked_items("、".join(parts), lookup, what)


YEAR_RE = re.compile(r"^(\d{4})(?:年度?)?$")
ERA_YEAR_RE = re.compile(r"^(令和|平成|r|h)(元|\d{1,2})(?:年度?)?$", re.IGNORECASE)
ERA_FIRST_YEAR = {"令和": 2019, "r": 2019, "平成": 1989, "h": 1989}


def parse_year(value):
    """A fiscal year as the calendar year it starts in: 令和6年度 → 2024."""
    text = "".join(normalise_text(cell_text(value)).split())
    if not text:
        return None
    match = YEAR_RE.match(text)
    if match:
        year = int(match.group(1))
    else:
        match = ERA_YEAR_RE.match(text)
        if not match:
            raise ValueProblem(
                _("「%(value)s」を年度として読めません（例：2024、2024年度、令和6年度）。")
                % {"value": text}
            )
        era, number = match.groups()
        year = ERA_FIRST_YEAR[era.lower()] + (0 if number == "元" else int(number) - 1)
    if not 2000 <= year <= 2100:
        raise ValueProblem(
            _("年度は2000年度から2100年度までで入力してください（%(value)s）。") % {"value": text}
        )
    return year


def plain_text(value):
    """One line of text: markup removed, spaces collapsed, characters as typed."""
    text = html.unescape(nh3.clean(cell_text(value), tags=set()))
    return " ".join(text.split())


HTML_TAG_RE = re.compile(r"<\s*/?\s*(p|br|ul|ol|li|strong|b|em|i|a|div|span)\b", re.IGNORECASE)
BLOCK_START_RE = re.compile(r"^\s*<(p|ul|ol)\b")


def rich_text(value):
    """Plain text → <p> paragraphs; HTML → cleaned by cms.sanitise."""
    text = cell_text(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    if not HTML_TAG_RE.search(text):
        return sanitise_rich_text(text_to_html(text))
    cleaned = sanitise_rich_text(text).strip()
    if cleaned and not BLOCK_START_RE.match(cleaned):
        cleaned = f"<p>{cleaned}</p>"
    return cleaned


AREA_SEPARATORS = re.compile(r"[\s、,;]+")
LIST_SEPARATORS = re.compile(r"[、;\n]+")  # not ",": 「延べ1,480食」
RESULT_RE = re.compile(r"^(?P<label>.+?)[\s:]+(?P<value>[^\s:]*?\d[\d,.]*)\s*(?P<unit>[^\d\s]*)$")
RESULT_EXAMPLE = "参加者 延べ120人（2024年度）"
# A period may follow in brackets: 「参加者 延べ120人（2024年度）」.
RESULT_PERIOD_RE = re.compile(r"\s*[（(](?P<period>[^（()）]+)[）)]$")


def parse_results(value):
    """「参加者 延べ120人（2024年度）」 per line → [(項目, 数値, 単位, 期間)].

    The number as written is kept (延べ120); the write-up's result reads the
    figure a report can add up from it (PracticeResult.save)."""
    results, errors = [], []
    for part in LIST_SEPARATORS.split(normalise_text(cell_text(value))):
        part = " ".join(part.split())
        if not part:
            continue
        period = ""
        bracket = RESULT_PERIOD_RE.search(part)
        if bracket:
            period, part = bracket.group("period").strip(), part[: bracket.start()]
        match = RESULT_RE.match(part)
        if not match:
            errors.append(
                _("「%(value)s」を「項目 数値単位」として読めません（例：%(example)s）。")
                % {"value": part, "example": RESULT_EXAMPLE}
            )
            continue
        label, number, unit = match.group("label", "value", "unit")
        for text, limit, what in (
            (label, 100, _("項目")),
            (number, 50, _("数値")),
            (unit, 20, _("単位")),
            (period, 50, _("期間")),
        ):
            if len(text) > limit:
                errors.append(
                    _("「%(value)s」の%(what)sが長すぎます（%(limit)s文字まで）。")
                    % {"value": part, "what": what, "limit": limit}
                )
        results.append((label, number, unit, period))
    if errors:
        raise ValueProblem(" ".join(errors))
    return results


def organisation_name_key(name):
    """Names compare without width or spaces: ＮＰＯ法人　くじら == NPO法人くじら."""
    return _item_key(name)


# --- Checking ------------------------------------------------------------------


@dataclass
class RowPlan:
    line: int
    action: str
    organisation: Organisation  # saved, or an unsaved placeholder shared by its rows
    values: dict  # the page fields
    areas_prefectures: list
    activities: list  # [(ActivityType, is_main)]
    targets: list  # [(TargetGroup, is_main)]
    partners: list  # [(Organisation | None, name)]
    results: list  # [(label, value, unit, period)]
    page: PracticePage | None = None  # the existing write-up (UPDATE, SKIP)
    slug: str = ""


class _Checker(TableChecker):
    table = TABLE
    report_class = Report

    def __init__(self, *, create_missing_organisations=False, update=False):
        self.create_missing = create_missing_organisations
        self.update = update
        self.prefectures = _prefecture_lookup()
        self.activity_types = {_item_key(a.name): a for a in ActivityType.objects.all()}
        self.target_groups = {_item_key(t.name): t for t in TargetGroup.objects.all()}
        self.organisations = {}  # name key → [Organisation]
        for organisation in Organisation.objects.select_related("prefecture"):
            key = organisation_name_key(organisation.name)
            self.organisations.setdefault(key, []).append(organisation)
        self.placeholders = {}  # name key → unsaved Organisation
        self.taken_org_slugs = set(Organisation.objects.values_list("slug", flat=True))
        self.taken_page_slugs = set(PracticePage.objects.values_list("slug", flat=True))
        self.existing_pages = {}  # (organisation pk, title key) → PracticePage
        for page in PracticePage.objects.order_by("pk"):
            for title in {page.title, page.draft_title}:
                self.existing_pages.setdefault(
                    (page.organisation_id, organisation_name_key(title)), page
                )
        self.seen = {}  # (organisation name key, title key) → line

    def start(self, report):
        if PracticeIndexPage.objects.first() is None:
            report.problems.append(
                Problem(
                    None,
                    "",
                    _("取組事例一覧のページがありません。先に管理画面で作成してください。"),
                )
            )
            return False
        return True

    def record(self, plan, report):
        report.outcomes.append(
            Outcome(plan.line, plan.action, plan.values["title"], plan.organisation.name)
        )

    def finish(self, report):
        report.placeholders = [o.name for o in self.placeholders.values()]

    def check_row(self, raw, columns, report):
        cells = {key: raw.cells[i] if i < len(raw.cells) else None for i, key in columns.items()}
        problems = []

        def problem(key, message):
            problems.append(
                Problem(raw.line, COLUMN_BY_KEY[key].label, str(message), raw.physical_line)
            )

        parsed = {}
        for key in COLUMN_BY_KEY:
            try:
                parsed[key] = self.read_value(key, cells.get(key))
            except ValueProblem as error:
                parsed[key] = None
                problem(key, error)
        # 取組地域「愛媛県 八幡浜市」 adds to the two separate columns.
        prefectures, municipalities = parsed.pop("areas") or ([], [])
        if prefectures or municipalities:
            parsed["areas_prefectures"] = _merged(parsed["areas_prefectures"] or [], prefectures)
            parsed["areas_municipalities"] = "、".join(
                _merged(_split_list(parsed["areas_municipalities"]), municipalities)
            )

        for key in REQUIRED_VALUES:
            if key in parsed and parsed[key] in ("", None) and not _has_problem(problems, key):
                problem(key, _("%(label)sは必須です。") % {"label": COLUMN_BY_KEY[key].label})
        for key, what in (("activity_types", _("取組の種類")), ("target_groups", _("取組の対象"))):
            items = parsed.get(key)
            if items is not None and not any(is_main for _item, is_main in items):
                problem(
                    key,
                    _("主な%(what)s（★）を1つ以上入力してください。") % {"what": what},
                )

        organisation = self.find_organisation(parsed, problem, problems)
        for member, name in parsed["partners"] or []:
            close = self.close_member_names(name) if member is None else []
            if close:
                report.warnings.append(
                    Problem(
                        raw.line,
                        COLUMN_BY_KEY["partners"].label,
                        _(
                            "「%(name)s」は会員団体にないため、名前だけを載せます。もしかして：%(close)s"
                        )
                        % {"name": name, "close": "、".join(close)},
                        raw.physical_line,
                    )
                )
        values = {key: parsed[key] for key in PAGE_FIELDS}
        self.validate_page(values, problem)

        action, page, slug = CREATE, None, ""
        title_key = organisation_name_key(parsed["title"] or "")
        if organisation is not None and title_key:
            seen_key = (organisation_name_key(organisation.name), title_key)
            if seen_key in self.seen:
                problem(
                    "title",
                    _("この取組事例は%(line)s行目と重複しています（団体名と取組名が同じ）。")
                    % {"line": self.seen[seen_key]},
                )
            self.seen[seen_key] = raw.line
        report.problems.extend(TABLE.in_column_order(problems, columns))
        if problems:
            return None

        if organisation.pk:
            page = self.existing_pages.get((organisation.pk, title_key))
        if page is None:
            slug = self.page_slug(organisation, parsed["title"])
        elif self.update and self.is_changed(page, parsed):
            action = UPDATE
        else:
            action = SKIP
        return RowPlan(
            line=raw.line,
            action=action,
            organisation=organisation,
            values=values,
            areas_prefectures=parsed["areas_prefectures"] or [],
            activities=parsed["activity_types"],
            targets=parsed["target_groups"],
            partners=parsed["partners"] or [],
            results=parsed["results"] or [],
            page=page,
            slug=slug,
        )

    def read_value(self, key, cell):
        if key == "organisation":  # stored as the register stores names: NFKC
            return parse_text(plain_text(cell))
        if key in ("title", "summary"):
            return plain_text(cell)
        if key == "organisation_prefecture":
            found = parse_prefectures(cell, self.prefectures)
            if len(found) > 1:
                raise ValueProblem(_("都道府県は1つだけ入力してください。"))
            return found[0] if found else None
        if key == "year":
            return parse_year(cell)
        if key == "areas":
            return self.parse_areas(cell)
        if key == "areas_prefectures":
            return parse_prefectures(cell, self.prefectures)
        if key == "areas_municipalities":
            return parse_municipalities(cell)
        if key == "activity_types":
            return parse_ranked(cell, self.activity_types, _("取組の種類"))
        if key == "target_groups":
            return parse_ranked(cell, self.target_groups, _("取組の対象"))
        if key in RICH_TEXT_KEYS:
            return rich_text(cell)
        if key == "partners":
            return self.parse_partners(cell)
        if key == "results":
            return parse_results(cell)
        raise AssertionError(key)  # pragma: no cover - every column is handled above

    def parse_areas(self, value):
        """「愛媛県 八幡浜市、大洲市」 or 「愛媛県八幡浜市」 → ([Prefecture], [municipality])."""
        prefectures, municipalities = [], []
        full_names = sorted({p.name for p in self.prefectures.values()}, key=len, reverse=True)
        for token in AREA_SEPARATORS.split(normalise_text(cell_text(value))):
            if not token:
                continue
            prefecture = self.prefectures.get(_item_key(token).lower())
            if prefecture is None:
                name = next((n for n in full_names if token.startswith(n)), None)
                if name:
                    prefecture = self.prefectures[_item_key(name).lower()]
                    token = token[len(name) :]
            else:
                token = ""
            if prefecture is not None and prefecture not in prefectures:
                prefectures.append(prefecture)
            if token:
                municipalities.append(token)
        return prefectures, municipalities

    def parse_partners(self, value):
        """A member organisation (active, by name) links its profile; other names stay text."""
        partners, errors = [], []
        for part in LIST_SEPARATORS.split(cell_text(value)):
            name = plain_text(part)
            if not name:
                continue
            members = [
                o
                for o in self.organisations.get(organisation_name_key(name), [])
                if o.status == OrganisationStatus.ACTIVE
            ]
            if len(members) > 1:
                errors.append(
                    _("「%(name)s」という会員団体が複数あるため、どれか決められません。")
                    % {"name": name}
                )
            elif members:
                partners.append((members[0], ""))
            elif len(name) > 200:
                errors.append(_("「%(name)s」は長すぎます（200文字まで）。") % {"name": name[:20]})
            else:
                partners.append((None, name))
        if errors:
            raise ValueProblem(" ".join(errors))
        return partners

    def close_member_names(self, name):
        """Members whose name is close to a partner's: likely a typo of a member's name."""
        names = [
            o.name
            for organisations in self.organisations.values()
            for o in organisations
            if o.status == OrganisationStatus.ACTIVE
        ]
        return difflib.get_close_matches(name, names, n=3, cutoff=0.8)

    def find_organisation(self, parsed, problem, problems):
        """The row's organisation: by name, narrowed by 団体の都道府県 if given."""
        name = parsed["organisation"]
        if not name:
            if not _has_problem(problems, "organisation"):
                problem("organisation", _("団体名は必須です。"))
            return None
        key = organisation_name_key(name)
        prefecture = parsed.get("organisation_prefecture")
        candidates = self.organisations.get(key, [])
        if prefecture is not None:
            candidates = [o for o in candidates if o.prefecture_id == prefecture.pk]
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            problem(
                "organisation",
                _(
                    "「%(name)s」という団体が複数登録されています（%(prefectures)s）。"
                    "「団体の都道府県」の列で区別してください。"
                )
                % {
                    "name": name,
                    "prefectures": "、".join(o.prefecture.name for o in candidates),
                },
            )
            return None
        if key in self.placeholders:
            return self.placeholders[key]
        if not self.create_missing:
            message = _unknown_item(name, _organisation_names(self.organisations), _("会員団体"))
            problem(
                "organisation",
                message
                + " "
                + _(
                    "団体名を確かめるか、--create-missing-organisations を付けて"
                    "仮の団体を作ってください。"
                ),
            )
            return None
        prefecture = prefecture or next(iter(parsed.get("areas_prefectures") or []), None)
        if prefecture is None:
            problem(
                "organisation",
                _(
                    "「%(name)s」を仮登録するには都道府県が必要です。"
                    "「団体の都道府県」か「取組地域（都道府県）」を入力してください。"
                )
                % {"name": name},
            )
            return None
        placeholder = Organisation(
            name=name,
            name_kana="",
            slug=stable_slug(name, prefecture, self.taken_org_slugs),
            legal_form=LegalForm.OTHER,
            status=OrganisationStatus.SUSPENDED,
            representative="",
            prefecture=prefecture,
            municipality="",
            status_reason=_(
                "【仮登録】取組事例の一括取り込み（%(date)s）で仮に作成した団体です。"
                "団体概要を登録し、会員として確認できたら状態を「会員」に変えてください。"
                "それまで団体もその取組事例も公開されません。"
            )
            % {"date": timezone.localdate().isoformat()},
        )
        self.taken_org_slugs.add(placeholder.slug)
        self.placeholders[key] = placeholder
        return placeholder

    def validate_page(self, values, problem):
        """The page model's own field validators (lengths, year range), without saving."""
        page = PracticePage(**{k: v for k, v in values.items() if v is not None})
        skip = [f.name for f in PracticePage._meta.get_fields() if f.name not in values]
        try:
            page.clean_fields(exclude=skip)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name in COLUMN_BY_KEY and not (name in REQUIRED_VALUES and not values[name]):
                    for message in messages:
                        problem(name, message)
        # A TextField's max_length is left to forms; rich text counts without its tags.
        for name in ("summary", *RICH_TEXT_KEYS):
            limit = PracticePage._meta.get_field(name).max_length
            if not values[name]:
                continue
            validator = (
                RichTextMaxLengthValidator(limit)
                if name in RICH_TEXT_KEYS
                else MaxLengthValidator(limit)
            )
            try:
                validator(values[name])
            except ValidationError as error:
                problem(name, " ".join(error.messages))

    def page_slug(self, organisation, title):
        """The title in romaji (cms/slugs.py), -2, -3… when taken."""
        slug = unique_slug(slug_for(title, fallback="practice"), self.taken_page_slugs.__contains__)
        self.taken_page_slugs.add(slug)
        return slug

    def is_changed(self, page, parsed):
        draft = page.get_latest_revision_as_object()
        return _signature_of_page(draft) != _signature_of_row(parsed)


def _merged(first, second):
    return first + [item for item in second if item not in first]


def _split_list(text):
    return [part for part in (text or "").split("、") if part]


def _has_problem(problems, key):
    return any(p.column == COLUMN_BY_KEY[key].label for p in problems)


def _organisation_names(organisations):
    return {key: organisation_list[0] for key, organisation_list in organisations.items()}


def _signature_of_row(parsed):
    return (
        {key: parsed[key] for key in PAGE_FIELDS},
        sorted(p.pk for p in parsed["areas_prefectures"] or []),
        [(item.pk, main) for item, main in parsed["activity_types"]],
        [(item.pk, main) for item, main in parsed["target_groups"]],
        [(org.pk if org else None, name) for org, name in parsed["partners"] or []],
        [tuple(result) for result in parsed["results"] or []],
    )


def _signature_of_page(page):
    return (
        {key: getattr(page, key) for key in PAGE_FIELDS},
        sorted(p.pk for p in page.areas_prefectures.all()),
        [(a.activity_type_id, a.is_main) for a in page.activities.all()],
        [(t.target_group_id, t.is_main) for t in page.targets.all()],
        [(p.organisation_id, p.name) for p in page.partners.all()],
        [(r.label, r.value, r.unit, r.period) for r in page.results.all()],
    )


def check_practices(
    content: bytes, filename: str = "", *, create_missing_organisations=False, update=False
) -> Report:
    """The dry run: every problem in the file, and what an import would do. Writes nothing."""
    report, _plans = _Checker(
        create_missing_organisations=create_missing_organisations, update=update
    ).check(content, filename)
    return report


# --- Importing -----------------------------------------------------------------


def import_practices(
    content: bytes,
    filename: str = "",
    *,
    create_missing_organisations=False,
    update=False,
    publish=False,
    user=None,
    progress: ProgressCallback | None = None,
) -> Report:
    """Import the file if it has no problem at all; all rows or none.

    Returns the report; if it has problems, nothing was written. Raises
    PracticeImportFailed if saving a row fails (the transaction is rolled back).
    """
    index = PracticeIndexPage.objects.first()
    report = apply_all(
        _Checker(create_missing_organisations=create_missing_organisations, update=update),
        content,
        filename,
        apply=lambda plan: _apply(plan, index, user=user, publish=publish),
        failure=PracticeImportFailed,
        progress=progress,
    )
    report.published = report.committed and publish
    return report


def _apply(plan: RowPlan, index, *, user, publish):
    if plan.action == SKIP:
        return
    organisation = plan.organisation
    if organisation.pk is None:  # a placeholder, saved with its first row
        organisation.save()
    if plan.action == CREATE:
        page = PracticePage(slug=plan.slug, organisation=organisation, live=False, owner=user)
        _fill(page, plan)
        index.add_child(instance=page)
    else:
        page = plan.page.get_latest_revision_as_object()
        _fill(page, plan)
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user, skip_permission_checks=True)


def _fill(page, plan):
    for key, value in plan.values.items():
        setattr(page, key, value)
    page.areas_prefectures = list(plan.areas_prefectures)
    page.activities = [
        PracticeActivity(activity_type=item, is_main=main, sort_order=i)
        for i, (item, main) in enumerate(plan.activities)
    ]
    page.targets = [
        PracticeTarget(target_group=item, is_main=main, sort_order=i)
        for i, (item, main) in enumerate(plan.targets)
    ]
    page.partners = [
        PracticePartner(organisation=organisation, name=name, sort_order=i)
        for i, (organisation, name) in enumerate(plan.partners)
    ]
    page.results = [
        PracticeResult(label=label, value=value, unit=unit, period=period, sort_order=i)
        for i, (label, value, unit, period) in enumerate(plan.results)
    ]
