"""The dashboard, the forms, the report mark and the exports: who may, and bad input."""

import csv
import datetime
import io
from decimal import Decimal

from django.urls import reverse

import pytest
from openpyxl import load_workbook

from kpi import services
from kpi.models import HandEntry, Indicator, IndicatorPeriod, MonthlyFigure, ReportedYear
from tests.organisations.factories import MembershipFactory, UserFactory
from tests.worlds import per_test_fixtures

YEAR = 2024


@pytest.fixture(scope="module")
def shared(module_db):
    services.ensure_indicators()
    leaflets = Indicator.objects.create(
        key="leaflets", name="リーフレット配布数", unit="部", definition="配布した部数。"
    )
    MonthlyFigure.objects.create(key="new_members", month=datetime.date(2024, 5, 1), value=4)
    MonthlyFigure.objects.create(key="new_members", month=datetime.date(2025, 3, 1), value=2)
    return {
        "leaflets": leaflets,
        "secretariat": UserFactory(username="jimukyoku", groups=["事務局"]),
        "editor": UserFactory(username="henshu", groups=["Editors"]),
        "member": MembershipFactory(user__username="kaiin").user,
    }


globals().update(per_test_fixtures("shared", ["leaflets", "secretariat", "editor", "member"]))


def dashboard(year=YEAR):
    return reverse("kpi_dashboard") + f"?year={year}"


def indicator_url(indicator, year=YEAR):
    return reverse("kpi_indicator", args=[indicator.key]) + f"?year={year}"


@pytest.mark.parametrize(
    "url",
    [
        reverse("kpi_dashboard"),
        reverse("kpi_new_indicator"),
        reverse("kpi_indicator", args=["leaflets"]),
        reverse("kpi_export", args=["xlsx"]),
        reverse("kpi_export", args=["csv"]),
        reverse("kpi_print"),
    ],
)
def test_only_the_secretariat_sees_the_figures(client, url, secretariat, editor, member):
    assert client.get(url).status_code == 302  # to the login page
    for user in (editor, member):
        client.force_login(user)
        assert client.get(url).status_code in (302, 403)
    client.force_login(secretariat)
    assert client.get(url).status_code == 200


def test_report_mark_is_the_secretariats_only(client, editor):
    client.force_login(editor)
    assert client.post(reverse("kpi_reported"), {"year": YEAR}).status_code in (302, 403)
    assert not ReportedYear.objects.exists()


def test_dashboard_shows_chart_and_table(client, secretariat):
    client.force_login(secretariat)
    response = client.get(dashboard())
    html = response.content.decode()
    assert html.count("<svg") >= 2 * Indicator.objects.count()
    assert "新規会員団体数" in html
    assert "<caption>新規会員団体数の月別の値</caption>" in html
    assert 'aria-label="新規会員団体数' in html


def test_superuser_sees_the_dashboard(admin_client_su):
    assert admin_client_su.get(dashboard()).status_code == 200


def test_target_and_entry_are_saved(client, secretariat, leaflets):
    client.force_login(secretariat)
    response = client.post(
        indicator_url(leaflets),
        {
            "action": "target",
            "year": YEAR,
            "target": "10000",
            "baseline": "",
            "area_1": "県内",
            "area_target_1": "5000",
            "area_2": "他県",
            "area_target_2": "5000",
            "evaluation": "一部の会員団体に配布",
        },
    )
    assert response.status_code == 302
    period = IndicatorPeriod.objects.get(indicator=leaflets, fiscal_year=YEAR)
    assert period.target == Decimal(10000)
    assert [(a.area, a.target) for a in period.area_targets.all()] == [
        ("県内", Decimal(5000)),
        ("他県", Decimal(5000)),
    ]
    response = client.post(
        indicator_url(leaflets),
        {
            "action": "entry",
            "year": YEAR,
            "month": "2024-06",
            "value": "1200",
            "area": "県内",
            "note": "フォーラム会場で配布",
        },
    )
    assert response.status_code == 302
    entry = HandEntry.objects.get(period=period)
    assert entry.entered_by.username == "jimukyoku" and entry.month == datetime.date(2024, 6, 1)
    row = services.year_figures(YEAR, indicators=[leaflets])[0]
    assert row["total"] == 1200 and row["months"]["2024-06"] == 1200
    assert row["area_targets"][0] == {"area": "県内", "target": 5000, "actual": 1200}
    assert row["achievement"] == "未達成"


def test_bad_number_gets_a_japanese_error_and_keeps_the_input(client, secretariat, leaflets):
    client.force_login(secretariat)
    response = client.post(
        indicator_url(leaflets),
        {
            "action": "entry",
            "year": YEAR,
            "month": "2024-06",
            "value": "千二百",
            "note": "会場で配布した分",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "半角数字で入力してください" in html
    assert "会場で配布した分" in html and 'value="千二百"' in html
    assert not HandEntry.objects.exists()
    response = client.post(
        indicator_url(leaflets),
        {"action": "target", "year": YEAR, "target": "-3", "area_1": "県内"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "0以上の数を入力してください" in html
    assert "この地域の目標値を入力してください" in html or "0以上" in html
    response = client.post(
        indicator_url(leaflets),
        {"action": "target", "year": YEAR, "target": "30", "area_target_1": "30"},
    )
    assert "目標値を分ける地域の名前を入力してください" in response.content.decode()
    assert not IndicatorPeriod.objects.filter(target__isnull=False).exists()


def test_month_outside_the_year_is_refused(client, secretariat, leaflets):
    client.force_login(secretariat)
    response = client.post(
        indicator_url(leaflets),
        {"action": "entry", "year": YEAR, "month": "2025-04", "value": "3"},
    )
    assert response.status_code == 200
    assert "一覧から月を選んでください" in response.content.decode()


def test_a_reported_year_does_not_move(client, secretariat, leaflets):
    services.add_entry(leaflets, YEAR, value=Decimal(300), month=None, by=secretariat)
    client.force_login(secretariat)
    client.post(reverse("kpi_reported"), {"year": YEAR, "action": "report"})
    reported = ReportedYear.objects.get(fiscal_year=YEAR)
    frozen = {row["key"]: row["total"] for row in reported.snapshot["indicators"]}
    # Later corrections: the site's counts change, an entry is tried.
    MonthlyFigure.objects.filter(key="new_members").delete()
    services.materialise([YEAR])  # skipped: the year is reported
    response = client.post(
        indicator_url(leaflets),
        {"action": "entry", "year": YEAR, "month": "year", "value": "99"},
    )
    assert response.status_code == 302
    assert HandEntry.objects.count() == 1
    rows = {row["key"]: row["total"] for row in services.year_figures(YEAR)}
    assert rows == frozen
    assert rows["leaflets"] == 300
    with pytest.raises(services.FrozenYearError):
        services.set_target(leaflets, YEAR, target=1)


def test_export_xlsx_and_csv_are_laid_out_like_the_report(client, secretariat, leaflets):
    services.set_target(leaflets, YEAR, target=Decimal(10000), areas=[("県内", Decimal(5000))])
    services.add_entry(
        leaflets,
        YEAR,
        value=Decimal(1200),
        month=datetime.date(2024, 6, 1),
        area="県内",
        note='=HYPERLINK("x")',
        by=secretariat,
    )
    client.force_login(secretariat)
    response = client.get(reverse("kpi_export", args=["xlsx"]) + f"?year={YEAR}")
    assert response["Content-Disposition"] == f'attachment; filename="kpi-{YEAR}.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["指標と実績", "月別の実績", "手入力の記録"]
    sheet = workbook["指標と実績"]
    assert sheet["A1"].value == "令和6年度（2024年度） 事業実施報告書"
    assert [c.value for c in sheet[3]][:6] == ["指標", "単位", "基準値", "目標", "実績", "達成状況"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["リーフレット配布数"][3:6] == (10000, 1200, "未達成")
    assert rows["　うち県内"][3:5] == (5000, 1200)
    assert rows["新規会員団体数"][4] == 6
    months = workbook["月別の実績"]
    assert [c.value for c in months[3]][2:4] == ["4月", "5月"]
    entries = list(workbook["手入力の記録"].iter_rows(min_row=4, values_only=True))
    assert entries[0][4].startswith("'=")  # no formula from a note
    response = client.get(reverse("kpi_export", args=["csv"]) + f"?year={YEAR}")
    text = response.content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["令和6年度（2024年度） 事業実施報告書"]
    assert ["指標", "単位", "基準値", "目標", "実績", "達成状況", "評価", "定義"] in lines


def test_print_page_is_a4(client, secretariat):
    client.force_login(secretariat)
    html = client.get(reverse("kpi_print") + f"?year={YEAR}").content.decode()
    assert "令和6年度（2024年度） 事業実施報告書" in html
    assert "kpi/print" in html and "<svg" in html


def test_new_hand_entered_indicator(client, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("kpi_new_indicator"), {"name": "", "unit": "件"})
    assert response.status_code == 200
    assert "件" in response.content.decode()
    response = client.post(
        reverse("kpi_new_indicator"),
        {
            "name": "伴走支援団体数",
            "unit": "団体",
            "direction": "higher",
            "definition": "伴走支援をした団体（延べ）",
            "sort_order": "5",
        },
    )
    indicator = Indicator.objects.get(name="伴走支援団体数")
    assert response.status_code == 302 and indicator.source == ""
    assert indicator.key.startswith("hand-")
