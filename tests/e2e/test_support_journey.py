"""Issue 17's journey: a Vietnamese resident on a phone finds a window open now
that speaks Vietnamese in their city, and calls it.

The demo's windows (demo/data/support.yaml) are loaded; "now" is frozen for
the server at a Sunday afternoon in Asia/Tokyo through ``SUPPORT_NOW`` (the
finder's injectable clock), when the demo's foreign residents' windows have
Vietnamese-speaking staff. No JavaScript is needed: the filters are a GET form.

Screenshots: test-artifacts/screenshots/support-*.png (390 px and 1280 px).
"""

import pytest

from demo.support import ensure_support_windows
from tests.conftest import point_default_site_at_home

from .axe import check_axe
from .conftest import read_only_world
from .test_membership_journey import assert_fits_phone

SUNDAY_AFTERNOON = "2026-06-07T14:00:00+09:00"
WINDOW = "松山市 外国人住民相談窓口（デモ）"
# Its Vietnamese name (demo/data/support_translations.yaml).
WINDOW_VI = "Quầy tư vấn cho cư dân nước ngoài thành phố Matsuyama (bản demo)"


def build_windows():
    point_default_site_at_home()
    ensure_support_windows()


# The tests only read the windows: built once for the module, not flushed between them.
globals().update(read_only_world(build_windows))


@pytest.fixture
def windows(settings, world_media):
    settings.SUPPORT_NOW = SUNDAY_AFTERNOON


def test_vietnamese_resident_finds_an_open_window_and_calls_it(
    windows, live_server, open_page, screenshot
):
    page, watcher = open_page("phone", locale="vi-VN")
    page.goto(live_server.url + "/vi/")
    # The main menu (a <details> disclosure on a phone) leads to the finder.
    page.locator("summary.menu-toggle__button").click()
    page.locator(".menu-toggle__panel a[href='/vi/support/']").click()
    page.wait_for_url("**/vi/support/")
    assert page.locator("html").get_attribute("lang") == "vi"
    crisis = page.locator(".crisis-lines")
    assert crisis.is_visible()  # pinned above everything else
    assert crisis.locator("a[href^='tel:']").count() >= 2
    assert_fits_phone(page)
    screenshot(page, "support-finder-vi-phone")
    check_axe(page, "support-finder-vi-phone")

    page.select_option("#id_area", "松山市")
    page.select_option("#id_lang", "vi")
    page.check("#id_open")
    page.get_by_role("button", name="Hiện kết quả").click()  # この条件でさがす, in Vietnamese
    page.wait_for_url("**/vi/support/?*open=now*")
    cards = page.locator(".window-list .window-card")
    titles = cards.locator(".window-card__title").all_inner_texts()
    assert titles == [WINDOW_VI], titles
    card = cards.first
    assert WINDOW in card.inner_text()  # the Japanese name, what a caller says on the phone
    assert "Tiếng Việt" in card.locator(".window-card__facts").inner_text()
    assert card.locator(".window-card__status--open").is_visible()
    assert_fits_phone(page)
    screenshot(page, "support-results-vi-phone")
    check_axe(page, "support-results-vi-phone")

    card.locator(".window-card__title a").click()
    page.wait_for_url("**/vi/support/gaikokujin-matsuyama/")
    call = page.locator(".window-detail__channels a[href^='tel:']")
    assert call.get_attribute("href") == "tel:0120000134"
    box = call.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # a thumb can hit it
    assert page.locator(".window-card__status--open").is_visible()
    hours = page.locator(".hours-table").inner_text()
    assert "13:00–17:00" in hours and "Tiếng Việt" in hours  # Vietnamese writes an en dash
    assert page.locator("script[type='application/ld+json']").count() == 1
    share = page.locator(".support-share a[href^='https://social-plugins.line.me/lineit/share']")
    assert share.is_visible()  # send it to LINE, or copy the link
    assert page.locator(".support-share__copy-button").is_visible()
    assert page.locator("a[href='/vi/support/gaikokujin-matsuyama/correction/']").is_visible()
    assert_fits_phone(page)
    screenshot(page, "support-window-vi-phone")
    check_axe(page, "support-window-vi-phone")

    # The guided path, for someone who does not know the finder's words.
    page.goto(live_server.url + "/vi/support/guide/")
    assert page.locator("input[name='trouble'][value='new-to-japan']").is_visible()
    assert_fits_phone(page)
    screenshot(page, "support-guide-vi-phone")
    check_axe(page, "support-guide-vi-phone")
    watcher.assert_clean()


def test_finder_on_a_desktop_in_japanese(windows, live_server, open_page, screenshot):
    page, watcher = open_page("desktop")
    page.goto(live_server.url + "/")
    page.locator(".support-teaser a.button").click()
    page.wait_for_url("**/support/")
    assert page.locator(".window-list .window-card").count() == 20  # one page of 44
    page.goto(live_server.url + "/support/?trouble=new-to-japan&open=now")
    assert page.locator(".window-list .window-card").count() == 6
    screenshot(page, "support-finder-ja-desktop")
    check_axe(page, "support-finder-ja-desktop")

    # 困りごとから選ぶ: trouble → who → where (a postal code) → the results.
    page.locator(".support-guide-link a").click()
    page.wait_for_url("**/support/guide/")
    page.check("input[name='trouble'][value='new-to-japan']")
    page.get_by_role("button", name="次へ").click()
    page.wait_for_url("**/support/guide/?step=who*")
    page.get_by_role("radio", name="外国人").check()
    page.get_by_role("button", name="次へ").click()
    page.wait_for_url("**/support/guide/?step=where*")
    page.fill("#id_postcode", "790-0001")
    screenshot(page, "support-guide-where-ja-desktop")
    check_axe(page, "support-guide-where-ja-desktop")
    page.get_by_role("button", name="窓口を見る").click()
    page.wait_for_url("**/support/?*postcode=790-0001*")
    assert "郵便番号から「愛媛県松山市」" in page.locator(".support-results__place").inner_text()
    titles = page.locator(".window-list .window-card__title").all_inner_texts()
    assert WINDOW in titles, titles

    # Near me: the browser's location (granted here), nearest first.
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 33.84, "longitude": 132.77})
    page.goto(live_server.url + "/support/")
    page.locator(".support-near-me").click()
    page.wait_for_url("**/support/?*lat=33.840*")
    first = page.locator(".window-list .window-card").first
    assert "松山市" in first.locator(".window-card__facts").inner_text()
    screenshot(page, "support-near-me-ja-desktop")
    check_axe(page, "support-near-me-ja-desktop")
    watcher.assert_clean()


def test_printable_leaflet_fits_a4(windows, live_server, open_page, screenshot):
    page, watcher = open_page("desktop")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.goto(live_server.url + "/support/?area=松山市&format=print")
    page.emulate_media(media="print")
    assert page.locator("h1").inner_text() == "相談窓口一覧"
    first = page.locator(".leaflet__item h2").first.inner_text()
    assert first in {"いのちの夜間電話（デモ）", "こころの電話24（デモ）"}  # crisis lines first
    assert page.evaluate("document.documentElement.scrollWidth") <= 794
    screenshot(page, "support-leaflet-a4")
    check_axe(page, "support-leaflet-a4")
    pdf = page.pdf(format="A4", print_background=True)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 1 <= pages <= 3, pages
    watcher.assert_clean()
