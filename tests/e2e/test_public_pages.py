"""A visitor reads the home page, a news item and an event, on a phone and a desktop."""

import pytest

from events.models import EventPage
from home.models import NewsPage, ReportPage, StandardPage

from .axe import check_axe
from .conftest import read_only_demo

# The tests only read the demo: built once for the module, not flushed between them.
globals().update(read_only_demo())


@pytest.fixture
def demo_site(settings, world_media):
    settings.MEDIA_ROOT = world_media


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_visitor_reads_home_news_and_event(demo_site, live_server, open_page, screenshot, viewport):
    page, watcher = open_page(viewport)
    news = NewsPage.objects.live().filter(locale__language_code="ja").order_by("-date").first()
    event = EventPage.objects.live().filter(locale__language_code="ja").order_by("-start").first()

    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.locator("h1").count() == 1
    assert page.get_by_role("main").is_visible()
    assert page.get_by_role("contentinfo").is_visible()
    assert page.get_by_text(news.title).first.is_visible()
    screenshot(page, f"home-{viewport}")

    # The skip link is the first thing a keyboard user reaches, and it is visible then.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    assert page.locator("a[href='#main']").is_visible()
    check_axe(page, f"home-{viewport}")

    page.goto(live_server.url + news.url)
    assert page.locator("h1").inner_text().strip() == news.title
    screenshot(page, f"news-{viewport}")
    check_axe(page, f"news-{viewport}")

    page.goto(live_server.url + event.url)
    assert page.locator("h1").inner_text().strip() == event.title
    assert page.locator("a[href$='/ics/']").count() >= 1
    screenshot(page, f"event-{viewport}")
    check_axe(page, f"event-{viewport}")

    # Nothing overflows sideways on a phone.
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= page.viewport_size["width"]

    watcher.assert_clean()


def test_pages_read_without_javascript(demo_site, browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(live_server.url + "/news/")
        assert page.locator("h1").is_visible()
        assert page.locator("main a").count() >= 10
        # The mobile navigation opens without JavaScript.
        nav = page.get_by_role("navigation").first
        assert nav.count() == 1
    finally:
        context.close()


def test_phone_layout_keeps_names_whole_and_results_near_the_top(
    demo_site, live_server, open_page, screenshot
):
    """At 390 px the brand wrapped as 「つながりネッ／ト」, English and Vietnamese
    labels broke inside words, and a filtered directory listed its results about
    2,150 px down, below every open facet."""
    from organisations.models import ActivityType

    page, watcher = open_page("phone")
    page.goto(live_server.url + "/en/")
    brand = page.locator(".site-brand__name")
    line_height = float(brand.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
    assert brand.bounding_box()["height"] < 1.5 * line_height  # one line
    # overflow-wrap: anywhere shrinks flex items to a letter and splits words.
    assert page.evaluate("getComputedStyle(document.body).overflowWrap") == "break-word"

    activity = ActivityType.objects.order_by("pk").first()
    page.goto(f"{live_server.url}/organisations/?activity={activity.pk}")
    results = page.locator(".directory__results")
    top = results.evaluate("e => e.getBoundingClientRect().top + window.scrollY")
    screenshot(page, "directory-filtered-phone")
    assert top < 1400, top
    check_axe(page, "directory-filtered-phone")

    # The other public page types, checked by axe-core at phone width.
    profile = results.locator(".org-list a").first.get_attribute("href")
    report = ReportPage.objects.live().filter(locale__language_code="ja").first()
    standard = StandardPage.objects.live().filter(locale__language_code="ja").first()
    event = EventPage.objects.live().filter(locale__language_code="ja").first()
    for name, path in (
        ("news-index-phone", "/news/"),
        ("event-index-phone", event.get_parent().url),
        ("report-index-phone", report.get_parent().url),
        ("report-phone", report.url),
        ("standard-phone", standard.url),
        ("directory-profile-phone", profile),
    ):
        page.goto(live_server.url + path)
        screenshot(page, f"axe-{name}")
        check_axe(page, name)
    watcher.assert_clean()
