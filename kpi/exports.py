"""The year as an 事業実施報告書: Excel (three sheets) and CSV, Japanese headings.

Sheet 1 (指標と実績) follows the report's §3 table: indicator, target,
achieved, 達成/未達成 and the evaluation, with targets split by area on
their own rows (「うち県内」). Sheet 2 gives the figures month by month,
sheet 3 the hand-entered figures with their notes and who entered them.
The CSV holds sheets 1 and 2, one after the other. Headings are the report's
own (a file format, so not translated).
"""

import io
import math

from cms.dates import era_year
from kpi.periods import fiscal_months
from organisations.services.register import write_csv
from organisations.services.tables import FORMULA_PREFIXES

SUMMARY_HEADER = ["指標", "単位", "基準値", "目標", "実績", "達成状況", "評価", "定義"]
ENTRY_HEADER = ["指標", "対象の月", "地域", "値", "メモ", "入力者", "入力日時"]


def title(year):
    return f"{era_year(year)}年度（{year}年度） 事業実施報告書"


def _safe(value):
    """Spreadsheet formula injection: text starting with = + - @ gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return "" if value is None else value


def summary_rows(rows):
    out = [SUMMARY_HEADER]
    for row in rows:
        out.append(
            [
                row["name"],
                row["unit"],
                row["baseline"],
                row["target"],
                row["total"],
                row["achievement"],
                row["evaluation"],
                row["definition"],
            ]
        )
        for area in row["area_targets"]:
            out.append(
                [
                    f"　うち{area['area']}",
                    row["unit"],
                    None,
                    area["target"],
                    area["actual"],
                    "",
                    "",
                    "",
                ]
            )
        for part in row["parts"]:
            out.append(
                [f"　うち{part['label']}", row["unit"], None, None, part["total"], "", "", ""]
            )
    return out


def month_header(year):
    return ["指標", "単位", *(f"{m.month}月" for m in fiscal_months(year)), "年度計"]


def monthly_rows(year, rows):
    out = [month_header(year)]
    for row in rows:
        out.append([row["name"], row["unit"], *row["months"].values(), row["total"]])
    return out


def entry_rows(rows):
    out = [ENTRY_HEADER]
    for row in rows:
        for entry in row.get("entries", []):
            out.append(
                [
                    row["name"],
                    entry["month"] or "年度計",
                    entry["area"],
                    entry["value"],
                    entry["note"],
                    entry["entered_by"],
                    entry["entered_at"][:16].replace("T", " "),
                ]
            )
    return out


def to_csv(year, rows):
    table = [
        [title(year)],
        [],
        ["1. 指標と実績"],
        *summary_rows(rows),
        [],
        ["2. 月別の実績"],
        *monthly_rows(year, rows),
    ]
    return write_csv([[_safe(cell) for cell in line] for line in table])


def to_xlsx(year, rows):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="DDE6F2")
    workbook = Workbook()
    workbook.remove(workbook.active)

    def sheet(name, table, widths, *, wrap=()):
        ws = workbook.create_sheet(name)
        ws.append([title(year)])
        ws["A1"].font = Font(bold=True, size=14)
        ws.append([])
        for line in table:
            ws.append([_safe(cell) for cell in line])
        for cell in ws[3]:
            cell.font = Font(bold=True)
            cell.fill = head_fill
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for line in ws.iter_rows(min_row=3, max_row=ws.max_row):
            for cell in line:
                cell.border = border
                if cell.row == 3:
                    continue  # the header row keeps its centred headings
                if cell.column in wrap:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                else:
                    cell.alignment = Alignment(vertical="top")
                    if isinstance(cell.value, int | float):
                        cell.number_format = "#,##0.##"
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        # Neither openpyxl nor LibreOffice grows a row for wrapped text on
        # opening: give each row the lines its longest wrapped cell needs
        # (a Japanese character is about two width units).
        for line in ws.iter_rows(min_row=4, max_row=ws.max_row):
            needed = max(
                (
                    math.ceil(len(str(cell.value)) * 2 / max(widths[cell.column - 1] - 1, 1))
                    for cell in line
                    if cell.column in wrap and cell.value
                ),
                default=1,
            )
            if needed > 1:
                ws.row_dimensions[line[0].row].height = 15 * needed
        ws.freeze_panes = "B4"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "3:3"
        return ws

    sheet("指標と実績", summary_rows(rows), [26, 8, 9, 9, 9, 10, 30, 44], wrap=(1, 7, 8))
    sheet("月別の実績", monthly_rows(year, rows), [26, 8, *([7] * 12), 9], wrap=(1,))
    sheet("手入力の記録", entry_rows(rows), [26, 10, 10, 9, 40, 14, 17], wrap=(1, 5))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
