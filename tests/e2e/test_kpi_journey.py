"""Issue 20 end to end, in a browser: the 事務局 reports the fiscal year.

The secretariat opens 「事業の数字」 in the admin, sets a hand-entered
indicator's target (split by area), enters a hand-counted figure (a first
try with a number in kanji gets a Japanese error and keeps the note), reads
the chart and its table on the dashboard, and exports the year as Excel.
Screenshots at 1280 and 390 px, and one of the chart alone; axe report-only
in the admin (Wagtail's own markup is not ours to fix).
"""

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cms.dates import fiscal_year_label
from kpi import services
from kpi.models import HandEntry, Indicator

from .axe import check_axe
from .test_event_registration_journey import (  # noqa: F401 - secretariat is a fixture
    SECRETARIAT_EMAIL,
    SECRETARIAT_PASSWORD,
    secretariat,
)
from .test_membership_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EMAIL, PASSWORD = SECRETARIAT_EMAIL, SECRETARIAT_PASSWORD


def labelled(page, text):
    """The control labelled ``text`` in Wagtail's admin (a required one ends in "*")."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$"))


@pytest.mark.usefixtures("secretariat")
def test_secretariat_sets_a_target_enters_a_figure_and_exports(
    live_server, open_page, screenshot, settings
):
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    Indicator.objects.create(
        key="leaflets",
        name="リーフレット配布数",
        unit="部",
        definition="会員団体・イベントで配布したリーフレットの部数。",
        sort_order=1,
    )
    year = services.current_fiscal_year()
    base = live_server.url
    page, watch = open_page("desktop")
    page.set_default_timeout(15_000)
    sign_in(page, base, EMAIL, PASSWORD, "/admin/")

    page.goto(f"{base}/admin/kpi/")
    page.get_by_role("link", name="リーフレット配布数の目標・値を入力").click()
    page.wait_for_url(f"{base}/admin/kpi/indicator/leaflets/?year={year}")

    # The target: 10,000 copies, 5,000 of them in the prefecture.
    labelled(page, "目標値").fill("10000")
    labelled(page, "地域 1").fill("県内")
    labelled(page, "地域 1 の目標値").fill("5000")
    page.get_by_role("button", name="目標を保存").click()
    page.wait_for_load_state()
    assert "目標を保存しました" in page.content()

    # A figure: first with a kanji number, then right.
    month = f"{year}-06"
    page.get_by_label("対象の月").select_option(month)
    labelled(page, "値").fill("千二百")
    labelled(page, "メモ").fill("つながりフォーラムの会場で配布")
    page.get_by_role("button", name="値を記録").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").get_by_text("半角数字で入力してください").first.is_visible()
    assert labelled(page, "メモ").input_value() == "つながりフォーラムの会場で配布"
    screenshot(page, "kpi-1-entry-error-desktop")
    check_axe(page, "kpi-entry-admin", report_only=True)
    labelled(page, "値").fill("1200")
    labelled(page, "地域").fill("県内")
    page.get_by_role("button", name="値を記録").click()
    page.wait_for_load_state()
    assert "値を記録しました" in page.content()
    entry = HandEntry.objects.get()
    assert entry.value == 1200 and entry.entered_by.email == EMAIL

    # The dashboard: the chart and its table.
    page.get_by_role("link", name="事業の数字").first.click()
    page.wait_for_load_state()
    section = page.locator("#kpi-leaflets")
    table = section.get_by_role("table", name="リーフレット配布数の月別の値")
    assert table.get_by_role("row", name="6月").inner_text().split() == ["6月", "1200", "1200"]
    assert "未達成" in section.inner_text() and "うち県内：目標 5000部、実績 1200部" in (
        section.inner_text()
    )
    chart_name = f"リーフレット配布数（{fiscal_year_label(year)}、月別）"
    chart = section.get_by_role("img", name=chart_name)
    assert chart.is_visible()
    section.scroll_into_view_if_needed()
    screenshot(page, "kpi-2-dashboard-desktop")
    chart.screenshot(path="test-artifacts/screenshots/kpi-3-chart.png")
    check_axe(page, "kpi-dashboard-admin", report_only=True)

    # The export of the year.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excelで書き出す").click()
    workbook = load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    rows = {r[0]: r for r in workbook["指標と実績"].iter_rows(min_row=4, values_only=True)}
    assert rows["リーフレット配布数"][3:6] == (10000, 1200, "未達成")
    watch.assert_clean()

    # On a phone: the dashboard still reads.
    phone, _watch = open_page("phone")
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{base}/admin/kpi/#kpi-leaflets")
    screenshot(phone, "kpi-4-dashboard-phone")
