"""The import engine for CSV and Excel tables: one engine, two specs.

The register import (organisations/services/register.py) and the write-up
import (practices/importer.py) are two specs of it. A spec is a
``ColumnTable`` (the columns: Japanese header, key, English aliases; which are
required) and a ``TableChecker`` subclass that turns one row into a plan
(``check_row``) and notes it in the report (``record``). The engine does the
rest, the same way for both:

- reading the file (``read_table``): CSV in UTF-8 or Shift_JIS (CP932, as
  Excel on Japanese Windows saves it), tab- or comma-separated, or ``.xlsx``,
  with size, row and zip-bomb limits, and the line number a person sees (the
  header is line 1; a CSV record that spans lines also gives its text line);
- matching the header row to the columns (width, case and spaces ignored);
  unknown columns are a warning, missing required ones a problem;
- skipping blank rows (and Excel's empty trailing rows), checking every other
  row and gathering every problem with its line and column (``Problem``);
- the Japanese values both imports share: cells as text (``cell_text``),
  vocabulary lists with ★/☆ or (主)/(従) (``parse_ranked_items``),
  prefectures by name, short name, code or English name, municipalities;
- the dry run (``TableChecker.check`` writes nothing) and the real import
  (``apply_all``): every plan in one transaction, all rows or none.
"""

import codecs
import csv
import datetime
import difflib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from cms.text import normalise_text
from organisations.models import Prefecture

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
# An .xlsx is a zip: refuse one that would inflate beyond this (zip bombs).
MAX_XLSX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024


class RegisterFileError(Exception):
    """The file as a whole cannot be read (wrong type, encoding, no header...)."""


# --- Columns and problems ----------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str  # the Organisation field, or a pseudo-field for lists
    label: str  # the Japanese header: the file format itself, so not translated
    aliases: tuple[str, ...] = ()
    public: bool = True  # may appear in the public export


def _header_key(text):
    """Headers compare without width, case, spaces or bracket style."""
    return "".join(normalise_text(str(text or "")).lower().split())


@dataclass
class Problem:
    line: int | None  # None: the file as a whole
    column: str
    message: str
    physical_line: int | None = None  # where a CSV record starts, if different

    def as_dict(self):
        return {
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "physical_line": self.physical_line,
        }

    def __str__(self):
        where = _("%(line)s行目") % {"line": self.line} if self.line else _("ファイル")
        if self.physical_line and self.physical_line != self.line:
            where += _("（テキストでは%(line)s行目）") % {"line": self.physical_line}
        column = f"［{self.column}］" if self.column else ""
        return f"{where} {column}{self.message}"


# --- Reading the file --------------------------------------------------------


@dataclass
class RawRow:
    line: int
    physical_line: int
    cells: list


def read_table(content: bytes, filename: str = "") -> list[RawRow]:
    """Every row of the file (header included) with the line a person sees."""
    if len(content) > MAX_FILE_BYTES:
        raise RegisterFileError(_("ファイルが大きすぎます（5MBまで）。"))
    if not content.strip():
        raise RegisterFileError(_("ファイルが空です。"))
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content)
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise RegisterFileError(
            _("古い形式のExcelファイル（.xls）は読めません。.xlsx か CSV で保存し直してください。")
        )
    if filename.lower().endswith(".xlsx"):
        raise RegisterFileError(_("Excelファイル（.xlsx）として読めません。"))
    return _read_csv(content)


def decode_text(content: bytes) -> str:
    """UTF-8 (with or without BOM), else CP932 as Excel on Japanese Windows saves it."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16")
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RegisterFileError(
        _("文字コードを判別できません。UTF-8 か Shift_JIS（CP932）で保存してください。")
    )


def _read_csv(content):
    text = decode_text(content)
    if "\x00" in text:
        raise RegisterFileError(_("CSVファイルとして読めません。"))
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    previous_end = 0
    try:
        for record in reader:
            rows.append(RawRow(len(rows) + 1, previous_end + 1, record))
            previous_end = reader.line_num
            if len(rows) > MAX_ROWS + 1:
                raise RegisterFileError(_("行が多すぎます（%(max)s行まで）。") % {"max": MAX_ROWS})
    except csv.Error as error:
        raise RegisterFileError(
            _("CSVファイルの%(line)s行目が読めません（%(error)s）。")
            % {"line": reader.line_num, "error": error}
        ) from error
    return rows


def _read_xlsx(content):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    unreadable = _("Excelファイル（.xlsx）として読めません。")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise RegisterFileError(unreadable) from error
    if "xl/workbook.xml" not in names:
        raise RegisterFileError(unreadable)
    if inflated > MAX_XLSX_UNCOMPRESSED_BYTES:
        raise RegisterFileError(_("ファイルが大きすぎます（5MBまで）。"))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        rows = []
        try:
            sheet = workbook.worksheets[0]
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                rows.append(RawRow(number, number, list(values)))
                if number > MAX_ROWS + 1:
                    raise RegisterFileError(
                        _("行が多すぎます（%(max)s行まで）。") % {"max": MAX_ROWS}
                    )
        finally:
            workbook.close()
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError) as error:
        raise RegisterFileError(unreadable) from error
    return rows


# --- Reading values ----------------------------------------------------------

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value) -> str:
    """A cell as text: numbers without '.0', the export's formula guard removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    text = str(value)
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_PREFIXES:
        text = text[1:]
    return text


class ValueProblem(Exception):
    """A cell that cannot be turned into a value; the message says why."""


def parse_text(value):
    return " ".join(normalise_text(cell_text(value)).split())


def _item_key(text):
    return "".join(normalise_text(text).split())


ITEM_SEPARATORS = re.compile(r"[、,;\n]+")
MAIN_MARK, OTHER_MARK = "★", "☆"


def parse_ranked_items(value, lookup, what):
    """「★居場所づくり、☆交流の場の提供」 or 「居場所づくり(主)、交流の場の提供(従)」.

    Returns [(item, is_main)]. Unmarked items count as main (★). Raises
    ValueProblem naming each unknown item with its close matches.
    """
    text = normalise_text(cell_text(value))
    result, seen, errors = [], set(), []
    for part in ITEM_SEPARATORS.split(text):
        part = part.strip()
        if not part:
            continue
        marks = set()
        if part[0] in (MAIN_MARK, OTHER_MARK):
            marks.add(part[0] == MAIN_MARK)
            part = part[1:].strip()
        suffix = re.search(r"\((主|従)\)$", part)
        if suffix:
            marks.add(suffix.group(1) == "主")
            part = part[: suffix.start()].strip()
        if len(marks) > 1:
            errors.append(
                _("「%(item)s」に★と（従）、または☆と（主）が両方付いています。") % {"item": part}
            )
            continue
        item = lookup.get(_item_key(part))
        if item is None:
            errors.append(_unknown_item(part, lookup, what))
            continue
        if item.pk in seen:
            errors.append(_("「%(item)s」が二度書かれています。") % {"item": part})
            continue
        seen.add(item.pk)
        result.append((item, marks.pop() if marks else True))
    if errors:
        raise ValueProblem(" ".join(errors))
    return result


def _unknown_item(text, lookup, what):
    names = sorted({item.name for item in lookup.values()})
    close = difflib.get_close_matches(text, names, n=3, cutoff=0.4)
    message = _("「%(item)s」は%(what)sにありません。") % {"item": text, "what": what}
    if close:
        message += _("もしかして：%(names)s") % {"names": "、".join(close)}
    return message


def parse_prefectures(value, lookup):
    text = normalise_text(cell_text(value))
    result, errors = [], []
    for part in ITEM_SEPARATORS.split(text):
        part = part.strip()
        if not part:
            continue
        prefecture = lookup.get(_item_key(part).lower())
        if prefecture is None:
            errors.append(_("「%(value)s」という都道府県はありません。") % {"value": part})
        elif prefecture not in result:
            result.append(prefecture)
    if errors:
        raise ValueProblem(" ".join(errors))
    return result


def parse_municipalities(value):
    text = normalise_text(cell_text(value))
    return "、".join(part.strip() for part in ITEM_SEPARATORS.split(text) if part.strip())


def _prefecture_lookup():
    table = {}
    for prefecture in Prefecture.objects.all():
        for name in (prefecture.name, prefecture.short_name, prefecture.code, prefecture.name_en):
            table[_item_key(name).lower()] = prefecture
        table[str(int(prefecture.code))] = prefecture
    return table


# --- Checking and importing --------------------------------------------------


class ColumnTable:
    """The columns of one kind of file, and how its header row is read."""

    def __init__(self, columns, *, required, unknown_column_message):
        self.columns = columns
        self.by_key = {column.key: column for column in columns}
        self.lookup = {
            _header_key(name): column.key
            for column in columns
            for name in (column.label, column.key, *column.aliases)
        }
        self.required = required
        self.unknown_column_message = unknown_column_message  # lazy: shown in the reader's language

    def read_header(self, header, report):
        """{cell index: column key} of the header row; problems and warnings go to ``report``."""
        columns = {}
        for index, cell in enumerate(header.cells):
            text = cell_text(cell).strip()
            if not text:
                continue
            key = self.lookup.get(_header_key(text))
            if key is None:
                report.warnings.append(Problem(1, text, str(self.unknown_column_message)))
            elif key in columns.values():
                report.problems.append(
                    Problem(1, self.by_key[key].label, _("同じ項目の列が2つあります。"))
                )
            else:
                columns[index] = key
        for key in self.required:
            if key not in columns.values():
                label = self.by_key[key].label
                report.problems.append(
                    Problem(
                        1,
                        label,
                        _("1行目に「%(label)s」の列が必要です（1行目は項目名の行です）。")
                        % {"label": label},
                    )
                )
        return columns

    def in_column_order(self, problems, columns):
        """One problem per column, in the order of the file's columns."""
        position = {self.by_key[key].label: index for index, key in columns.items()}
        merged = {}
        for problem in problems:
            if problem.column in merged:
                merged[problem.column].message += " " + problem.message
            else:
                merged[problem.column] = problem
        return sorted(merged.values(), key=lambda p: position.get(p.column, -1))


class TableChecker:
    """The dry run over one file: ``check`` returns (report, plans) and writes nothing.

    A subclass sets ``table`` and ``report_class`` and writes ``check_row``
    (a plan, or None when the row has problems, which it adds to the report)
    and ``record`` (what the report notes of a plan); ``start`` may refuse the
    file before it is read, ``finish`` completes the report.
    """

    table: ColumnTable
    report_class: type

    def check(self, content, filename):
        report = self.report_class()
        plans = []
        if not self.start(report):
            return report, plans
        try:
            raw_rows = read_table(content, filename)
        except RegisterFileError as error:
            report.problems.append(Problem(None, "", str(error)))
            return report, plans
        header, *rows = raw_rows
        columns = self.table.read_header(header, report)
        if not report.is_clean:
            return report, plans
        for raw in rows:
            if all(not cell_text(cell).strip() for cell in raw.cells):
                continue  # blank lines, and Excel's empty trailing rows
            report.rows += 1
            plan = self.check_row(raw, columns, report)
            if plan is None:
                continue
            plans.append(plan)
            self.record(plan, report)
        if not report.rows:
            report.problems.append(Problem(None, "", _("取り込む行がありません。")))
        self.finish(report)
        return report, plans

    def start(self, report):
        return True

    def check_row(self, raw, columns, report):
        raise NotImplementedError

    def record(self, plan, report):
        pass

    def finish(self, report):
        pass


ProgressCallback = Callable[[int, int], None]


def apply_all(checker, content, filename, *, apply, failure, progress=None):
    """Check the file, then apply every plan in one transaction: all rows or none.

    Returns the report; if it has problems, nothing was written. If applying
    a row fails, raises ``failure(line, error)`` and the transaction is rolled back.
    """
    with transaction.atomic():
        report, plans = checker.check(content, filename)
        if not report.is_clean:
            return report
        total = len(plans)
        for number, plan in enumerate(plans, start=1):
            try:
                apply(plan)
            except Exception as error:  # re-raised: database errors vary by backend
                raise failure(plan.line, error) from error
            if progress:
                progress(number, total)
        report.committed = True
    return report
