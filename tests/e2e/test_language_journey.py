"""A visitor switches a news item to Tiếng Việt, then to やさしい日本語 with furigana.

And a foreign resident's journey: a browser that asks for Vietnamese, a news
item read in Vietnamese, its やさしい日本語 version with furigana from the
language switcher, then a search from the header. (The support-window finder
has its own Vietnamese journey: test_support_journey.py.)
"""

import re

from wagtail.models import Locale

import pytest

from home.models import NewsPage
from tests.search.helpers import index_everything

from .axe import check_axe
from .conftest import read_only_demo


def translate_the_latest_news():
    """The latest Japanese news item in Vietnamese and in やさしい日本語 (with a reading)."""
    news = NewsPage.objects.live().filter(locale__language_code="ja").order_by("-date").first()
    for code, title, summary in [
        ("vi", "Thông báo: quầy tư vấn mở cửa", "Quầy tư vấn mở cửa vào thứ Tư hàng tuần."),
        (
            "ja-x-easy",
            "相談する ところが あります",
            "毎週 水曜日に 相談できます。市場《いちば》の 近くです。",
        ),
    ]:
        copy = news.copy_for_translation(Locale.objects.get(language_code=code), copy_parents=True)
        copy.title = title
        copy.summary = summary
        copy.save_revision().publish()
    # What the resident's search finds (the index follows commits; the
    # translations above were made outside any request).
    index_everything()


# The tests only read the demo and the translations above: built once for the
# module, not flushed between them.
globals().update(read_only_demo(extra=translate_the_latest_news))


@pytest.fixture
def news_in_three_languages(settings, world_media):
    settings.MEDIA_ROOT = world_media
    return NewsPage.objects.live().filter(locale__language_code="ja").order_by("-date").first()


# axe-core checks these two pages (the same news item in Vietnamese and in
# やさしい日本語) at both widths in the resident's journey below.
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_switch_to_vietnamese_then_easy_japanese(
    news_in_three_languages, live_server, open_page, screenshot, viewport
):
    news = news_in_three_languages
    page, watcher = open_page(viewport, locale="ja-JP")
    page.goto(live_server.url + news.url)
    assert page.locator("html").get_attribute("lang") == "ja"

    switcher = page.locator(".language-switcher")
    switcher.locator("summary").click()
    switcher.get_by_role("link", name="Tiếng Việt").click()
    page.wait_for_url("**/vi/news/**")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text().strip() == "Thông báo: quầy tư vấn mở cửa"
    screenshot(page, f"i18n-news-vi-{viewport}")

    switcher = page.locator(".language-switcher")
    switcher.locator("summary").click()
    switcher.get_by_role("link", name="やさしい日本語").click()
    page.wait_for_url("**/ja-x-easy/news/**")
    assert page.locator("html").get_attribute("lang") == "ja-x-easy"
    h1 = page.locator("h1")
    assert h1.locator("ruby").first.is_visible()
    assert "そうだん" in h1.locator("rt").first.inner_text()
    lead = page.locator(".page-header__lead")
    assert "いちば" in lead.inner_text()  # the editor's reading, not しじょう
    screenshot(page, f"i18n-news-easy-furigana-{viewport}")

    page.get_by_role("link", name="つけない").click()
    assert page.locator("main ruby").count() == 0
    assert "《" not in page.locator("main").inner_text()
    page.get_by_role("link", name="つける").click()
    assert page.locator("h1 ruby").count() >= 1

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= page.viewport_size["width"]
    watcher.assert_clean()


def test_switcher_works_without_javascript(news_in_three_languages, browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")  # first visit: Accept-Language vi
        assert page.url.endswith("/vi/")
        page.locator(".language-switcher summary").click()
        page.get_by_role("link", name="日本語", exact=True).click()
        assert page.locator("html").get_attribute("lang") == "ja"
        page.goto(live_server.url + "/")  # chosen once, remembered: no redirect now
        assert page.url == live_server.url + "/"
    finally:
        context.close()


def test_every_script_is_drawn_with_a_font_that_has_it(
    news_in_three_languages, live_server, open_page, screenshot
):
    """Thai, Nepali, Korean and Chinese home pages, in system fonts (no CDN).

    Missing glyphs are drawn as boxes of one width, so two runs of five
    different letters of a proportional script (Thai, Devanagari) measure the
    same only when the font lacks them. Hangul and Han are full-width in any
    font: their screenshots are looked at instead."""
    page, watcher = open_page("phone")
    letters = {"th": ("กขคงจ", "ฟมยรล"), "ne": ("कखगघङ", "मयरलव"), "ko": None, "zh-hans": None}
    for code, runs in letters.items():
        page.goto(f"{live_server.url}/{code}/")
        assert page.locator("html").get_attribute("lang") == code
        if runs:
            widths = page.evaluate(
                """(runs) => runs.map((text) => {
                    const span = document.createElement("span");
                    span.textContent = text;
                    document.querySelector(".site-brand__tagline").append(span);
                    const width = span.getBoundingClientRect().width;
                    span.remove();
                    return width;
                })""",
                list(runs),
            )
            assert widths[0] > 0 and abs(widths[0] - widths[1]) > 0.5, (code, widths)
        screenshot(page, f"i18n-home-{code}-phone")
    watcher.assert_clean()


# --- A foreign resident: Vietnamese browser, then やさしい日本語, then search --------

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def look(page, screenshot, name):
    """The page at 390 px and at 1280 px: screenshots and axe at both, no sideways scroll.

    The second width resizes the same page rather than walking the journey again.
    """
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    screenshot(page, f"resident-{name}-phone")
    check_axe(page, f"resident-{name}-phone")
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"resident-{name}-desktop")
    check_axe(page, f"resident-{name}-desktop")
    page.set_viewport_size(PHONE)


def open_menu_link(page, name):
    """On a phone the header's links sit behind the メニュー button."""
    menu = page.locator("details.menu-toggle")
    menu.locator("summary").click()
    menu.get_by_role("link", name=name, exact=True).click()


def switch_language(page, name):
    # The switcher's button carries the English hint "Language" in every
    # language, for a reader who cannot read the current one.
    switcher = page.locator("nav.language-switcher")
    switcher.locator("summary", has_text="Language").click()
    switcher.get_by_role("link", name=name, exact=True).click()


def test_resident_reads_news_in_vietnamese_and_easy_japanese_and_searches(
    news_in_three_languages, live_server, open_page, screenshot
):
    page, watcher = open_page("phone", locale="vi-VN")
    page.set_default_timeout(10_000)

    # 1. The browser asks for Vietnamese: the home page answers in it.
    page.goto(live_server.url + "/")
    page.wait_for_url("**/vi/")
    assert page.locator("html").get_attribute("lang") == "vi"
    # One news item is translated; the Japanese ones are listed beside it
    # (they were not: "no events scheduled", and one news item).
    assert page.locator(".news-list li").count() >= 2
    assert "Thông báo: quầy tư vấn mở cửa" in page.locator(".news-list").inner_text()
    assert "Hiện chưa có sự kiện" not in page.locator("main").inner_text()
    look(page, screenshot, "1-home-vi")

    # 2. The translated news item, from the home page's list: in Vietnamese.
    page.get_by_role("link", name="Thông báo: quầy tư vấn mở cửa").click()
    page.wait_for_url("**/vi/news/**")
    assert page.locator("h1").inner_text().strip() == "Thông báo: quầy tư vấn mở cửa"
    assert "Quầy tư vấn mở cửa vào thứ Tư hàng tuần." in page.locator("main").inner_text()
    look(page, screenshot, "2-news-vi")

    # 3. やさしい日本語 from the language switcher: the Easy Japanese version,
    #    with furigana over the kanji.
    switch_language(page, "やさしい日本語")
    page.wait_for_url("**/ja-x-easy/news/**")
    assert page.locator("html").get_attribute("lang") == "ja-x-easy"
    h1 = page.locator("h1")
    assert h1.locator("ruby").count() >= 1
    assert "そうだん" in h1.locator("rt").first.inner_text()
    look(page, screenshot, "3-news-easy-furigana")

    # 4. The header's さがす (search) link, a word the site covers, results.
    open_menu_link(page, "さがす")
    page.wait_for_url("**/ja-x-easy/search/")
    box = page.get_by_role("searchbox", name="さがす ことば")
    box.fill("相談")
    page.get_by_role("button", name="さがす", exact=True).click()
    page.wait_for_url(re.compile(r"/ja-x-easy/search/\?q="))
    assert "ありました" in page.get_by_role("status").inner_text()
    titles = page.locator(".search-result__title")
    assert titles.count() >= 3
    assert "相談" in titles.first.inner_text()
    look(page, screenshot, "4-search-easy")
    watcher.assert_clean()


# --- A Korean resident: the demo's own translations and vocabulary (issue 16) ----


def test_korean_resident_reads_translated_pages_and_vocabulary(
    settings, world_media, live_server, open_page, screenshot
):
    settings.MEDIA_ROOT = world_media
    page, watcher = open_page("phone", locale="ko-KR")
    page.set_default_timeout(10_000)

    # 1. The home page, translated in the demo (wagtail-localize), in Korean.
    page.goto(live_server.url + "/")
    page.wait_for_url("**/ko/")
    main = page.locator("main")
    assert "혼자 두지 않고, 혼자가 되지 않도록." in main.inner_text()
    assert "translation-notice" not in page.content()
    look(page, screenshot, "ko-1-home")

    # 2. Its entry to the 相談窓口 finder, in Korean; the finder's target
    #    groups are the vocabulary's Korean names.
    page.get_by_role("link", name="혼자 고민하고 있는 분께: 상담 창구 찾기").click()
    page.wait_for_url("**/ko/support/")
    assert page.locator("option", has_text="외국인").count() == 1
    look(page, screenshot, "ko-2-finder")

    # 3. The member directory from the menu: its filters in Korean, same ids.
    open_menu_link(page, "회원 단체")
    page.wait_for_url("**/ko/organisations/")
    filters = page.locator(".directory-filter, form").first.text_content()
    assert "고령자" in filters and "교류 공간 제공" in filters
    look(page, screenshot, "ko-3-directory")

    # 4. A page with no Thai translation: the notice, in Thai, offers the
    #    Easy Japanese version, which has furigana.
    page.goto(live_server.url + "/th/about/")
    notice = page.locator(".translation-notice")
    assert "ภาษาญี่ปุ่น" in notice.inner_text()
    look(page, screenshot, "th-4-about-untranslated")
    notice.get_by_role("link").click()
    page.wait_for_url("**/ja-x-easy/about/")
    assert page.locator("main ruby").count() >= 1
    screenshot(page, "resident-easy-5-about-phone")
    watcher.assert_clean()
