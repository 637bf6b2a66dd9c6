"""Issue 14 end to end, in a browser: the 事務局 publishes news in the Wagtail admin.

A secretariat editor signs in on a desktop, finds the お知らせ section through
the admin's page explorer and adds a news item with a Japanese title, a
paragraph and a photo uploaded through the image chooser; the slug comes out
in romaji by itself, and a visitor on a phone reads the item, photo included.
The editor then writes a second item and schedules it (公開予定を設定 in the
status panel, then 予約公開する); the job ``make up`` runs beside the server
(run_scheduler → home.tasks.publish_scheduled_pages) leaves it alone before
its time and publishes it after, and the visitor finds both in the list.

The admin's date-time picker keeps whole minutes, so the go-live time is the
start of a coming minute: rather than wait for it, the scheduler's second run
reads a clock set one second past it (``timezone.now`` patched for that call
only; the editor's schedule itself is left as saved).

Every admin screen the editor meets is read for English (the same reading as
tests/i18n/test_admin_japanese.py, on the DOM the scripts built: dialogs and
menus included). axe-core checks the public pages (no critical or serious
violation) and reports on the admin screens without failing: those are
Wagtail's. Screenshots: test-artifacts/screenshots/editor-*.png.
"""

import datetime
import io
import re
import zoneinfo
from unittest import mock

from django.conf import settings

import pytest
from playwright.sync_api import expect

from home.models import NewsPage
from home.tasks import publish_scheduled_pages
from tests.conftest import point_default_site_at_home
from tests.home.factories import NewsIndexPageFactory
from tests.i18n.test_admin_japanese import english_in

from .axe import check_axe
from .conftest import VIEWPORTS
from .test_membership_journey import (
    PASSWORDS,
    SECRETARIAT_EMAIL,
    assert_fits_phone,
    new_page,
    secretariat,  # noqa: F401 - the 事務局 editor fixture
    sign_in,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NEWS_INDEX = "お知らせ"
TITLE = "見守り活動の報告会を開きました"
SUMMARY = "地域の見守り活動を一年間続けてきた皆さんと、報告会を開きました。"
BODY = "民生委員と地域の皆さんが、一年間の見守り活動を振り返りました。"
IMAGE_TITLE = "報告会の会場"
ALT = "公民館で報告を聞く参加者"
SCHEDULED_TITLE = "ふれあいサロンの参加者を募集します"
SCHEDULED_SUMMARY = "毎月第2水曜日のふれあいサロンに参加しませんか。"
SCHEDULED_BODY = "公民館で、お茶を飲みながら気軽に話せる場です。"
# ms: a save may first wait for the autosave on its way (cms/static/cms/js/autosave-submit.js).
SAVING = 15_000
# The romaji of TITLE's words (cms/romaji.py reads 見守り活動 and 報告会).
SLUG = re.compile(r"^mimamori-katsudo-hokokukai(-[a-z]+)*$")


# --- Helpers ------------------------------------------------------------------


def png_bytes():
    """A small photo-like PNG: a sky, a hall and a sun."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), "#9fd3f0")
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 150, 420, 320), fill="#d9a066")
    draw.polygon([(40, 160), (240, 60), (440, 160)], fill="#8f4a2e")
    draw.ellipse((390, 20, 450, 80), fill="#ffe27a")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


# What a person sees or hears on the screen as it is now: the text of rendered
# elements (screen-reader-only text included, display:none and icons not) and
# their title, aria-label, placeholder and alt, and the labels of input buttons.
SHOWN_TEXT = """() => {
    const texts = [];
    const shown = (element) => element.checkVisibility({visibilityProperty: true});
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const parent = node.parentElement;
        if (!node.data.trim() || !parent) continue;
        if (!parent.closest("script, style, noscript, svg") && shown(parent)) texts.push(node.data);
    }
    const named = "[title], [aria-label], [placeholder], [alt], input[type=submit], " +
        "input[type=button]";
    for (const element of document.body.querySelectorAll(named)) {
        if (element.closest("svg") || !shown(element)) continue;
        for (const name of ["title", "aria-label", "placeholder", "alt"]) {
            if (element.getAttribute(name)) texts.push(element.getAttribute(name));
        }
        if (element.matches("input[type=submit], input[type=button]") && element.value) {
            texts.push(element.value);
        }
    }
    return texts;
}"""


def assert_japanese(page, screen):
    """No English on the admin screen as it is shown now (open menus and dialogs included).

    The reading of tests/i18n/test_admin_japanese.py, on what the scripts built.
    """
    english = english_in(page.evaluate(SHOWN_TEXT))
    assert english == [], f"English on the admin's {screen}: {english}"


def admin_axe(page, name, counts):
    counts[name] = check_axe(page, name, report_only=True)


def at_viewport(page, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])


def open_news_index(office):
    """お知らせ through the sidebar's page explorer, as an editor finds it."""
    office.get_by_role("button", name="ページ", exact=True).click()
    explorer = office.get_by_role("dialog", name="ページ探索")
    explorer.get_by_role("link", name=re.compile("の子ページを閲覧する$")).click()
    explorer.get_by_role("link", name=NEWS_INDEX, exact=True).click()
    expect(office.get_by_role("heading", level=1)).to_have_text(f"閲覧中: {NEWS_INDEX}")


def add_block(office, kind):
    """A block of ``kind`` (its label in the menu) at the end of the body."""
    body = office.get_by_role("region", name="本文*", exact=True)
    body.get_by_role("button", name="ブロックを挿入").last.click()
    office.get_by_role("option", name=kind, exact=True).click()


def write_paragraph(office, text):
    """Type into the body's (only) paragraph block, as a person types."""
    box = office.get_by_role("region", name="本文 *", exact=True).get_by_role("textbox")
    box.click()
    office.keyboard.type(text)
    expect(box).to_have_text(text)


def write_news(office, title, summary, body, category):
    """The 内容 tab of a new お知らせ: title, category, summary and a paragraph."""
    office.get_by_role("textbox", name="タイトル*").fill(title)
    office.get_by_role("combobox", name="カテゴリー*").select_option(label=category)
    office.get_by_role("textbox", name="概要*").fill(summary)
    add_block(office, "本文")
    write_paragraph(office, body)


def publish_menu(office):
    """The footer's menu of actions beside 下書きを保存."""
    office.get_by_role("button", name="その他の操作").click()
    return office.get_by_role("navigation", name="操作（フッター）")


def message(office):
    return office.get_by_role("main").get_by_role("status").first


def loaded(image):
    """Whether the <img> has arrived (it loads lazily: scrolled to first)."""
    image.scroll_into_view_if_needed()
    image.page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    return True


def next_minute(minutes_ahead=2):
    """A go-live time the picker can hold: the start of a minute, in the admin's zone."""
    now = datetime.datetime.now(zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return (now + datetime.timedelta(minutes=minutes_ahead)).replace(second=0, microsecond=0)


@pytest.fixture
def news_section(settings, tmp_path):
    """The site's home page and its お知らせ section, as load_demo makes them."""
    settings.STAFF_TWO_FACTOR_REQUIRED = False  # the 2FA gate has its own tests
    home = point_default_site_at_home()
    return NewsIndexPageFactory(parent=home, title=NEWS_INDEX)


# --- The journey ------------------------------------------------------------------


def test_editor_publishes_and_schedules_news(
    live_server,
    open_page,
    screenshot,
    secretariat,  # noqa: F811 - the fixture imported above
    news_section,
    tmp_path,
):
    base = live_server.url
    admin_counts = {}
    photo = tmp_path / "hokokukai.png"
    photo.write_bytes(png_bytes())

    # 1. The editor signs in and opens the admin.
    office, office_watch = new_page(open_page, "desktop")
    sign_in(office, base, SECRETARIAT_EMAIL, PASSWORDS["secretariat"], "/admin/")
    expect(office.get_by_role("heading", level=1)).to_have_text("つながりネット")
    assert_japanese(office, "dashboard")
    admin_axe(office, "admin-dashboard-desktop", admin_counts)

    # 2. お知らせ → 子ページを追加: the only page type there opens its form.
    open_news_index(office)
    assert_japanese(office, "news section")
    admin_axe(office, "admin-news-section-desktop", admin_counts)
    office.get_by_role("link", name="子ページを追加").click()
    expect(office.get_by_role("heading", level=1)).to_have_text(f"新規作成: {NEWS_INDEX}")
    write_news(office, TITLE, SUMMARY, BODY, category="活動報告")

    # …a photo, uploaded through the image chooser.
    add_block(office, "画像")
    image_block = office.get_by_role("region", name="画像", exact=True)
    image_block.get_by_role("button", name="画像を選択").click()
    chooser = office.locator("[role=dialog]:visible")
    expect(chooser.get_by_role("heading", name="画像を選択")).to_be_visible()
    chooser.get_by_role("tab", name="アップロード").click()
    chooser.get_by_label("ファイル*").set_input_files(photo)
    chooser.get_by_role("textbox", name="タイトル*").fill(IMAGE_TITLE)
    assert_japanese(office, "image chooser")
    admin_axe(office, "admin-image-chooser-desktop", admin_counts)
    chooser.get_by_role("button", name="アップロード").click()
    expect(chooser).to_have_count(0)
    expect(image_block).to_contain_text(IMAGE_TITLE)
    image_block.get_by_role("textbox", name="代替テキスト*").fill(ALT)
    assert_japanese(office, "page editor")
    admin_axe(office, "admin-page-editor-desktop", admin_counts)

    # Publish: the section's list says so and links to the page on the site.
    publish_menu(office).get_by_role("button", name="公開", exact=True).click()
    # (作成し、 when the editor's autosave had not made a draft of it yet)
    expect(message(office)).to_contain_text(
        re.compile(f"ページ「{TITLE}」を(作成し、)?公開しました"), timeout=SAVING
    )
    assert_japanese(office, "news section after publishing")
    # Once: a click on 公開 during the first autosave no longer makes a second page.
    expect(office.get_by_role("row").filter(has_text=TITLE)).to_have_count(1)
    public_path = message(office).get_by_role("link", name="閲覧").get_attribute("href")
    section_path, slug = public_path.rstrip("/").rsplit("/", 1)
    assert SLUG.match(slug), f"not a readable romaji slug: {public_path}"

    # The edit screen shows the slug the title gave on the プロモート tab.
    message(office).get_by_role("link", name="編集").click()
    expect(office.get_by_role("heading", level=1)).to_contain_text(TITLE)
    office.get_by_role("tab", name="プロモート").click()
    expect(office.get_by_role("textbox", name="スラッグ*")).to_have_value(slug)
    assert_japanese(office, "page editor's プロモート tab")
    screenshot(office, "editor-1-admin-edit-slug-desktop")
    # The same screen opened on a phone (a resized page is caught mid-way
    # through the sidebar's slide).
    at_viewport(office, "phone")
    office.mouse.move(195, 600)  # off the header: no tooltip left open under the pointer
    office.reload()
    office.get_by_role("tab", name="プロモート").click()
    expect(office.get_by_role("textbox", name="スラッグ*")).to_have_value(slug)
    screenshot(office, "editor-1-admin-edit-slug-phone")
    admin_axe(office, "admin-page-editor-promote-phone", admin_counts)
    at_viewport(office, "desktop")

    # 3. A visitor on a phone reads the item, photo included.
    visitor, visitor_watch = new_page(open_page, "phone")
    visitor.goto(base + public_path)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    article = visitor.get_by_role("main")
    expect(article).to_contain_text(BODY)
    assert loaded(article.get_by_role("img", name=ALT))
    assert_fits_phone(visitor)
    screenshot(visitor, "editor-2-news-item-phone")
    check_axe(visitor, "editor-news-item-phone")
    at_viewport(visitor, "desktop")
    screenshot(visitor, "editor-2-news-item-desktop")
    check_axe(visitor, "editor-news-item-desktop")
    at_viewport(visitor, "phone")

    # 4. The second item is scheduled: go-live at the start of a coming minute.
    open_news_index(office)
    office.get_by_role("link", name="子ページを追加").click()
    write_news(office, SCHEDULED_TITLE, SCHEDULED_SUMMARY, SCHEDULED_BODY, category="募集")
    go_live = next_minute()
    office.get_by_role("button", name="状態の表示切り替え").click()
    office.get_by_role("button", name="公開予定を設定").click()
    schedule = office.get_by_role("dialog", name="公開予定を設定")
    go_live_field = schedule.get_by_role("textbox", name="公開開始日時")
    go_live_field.click()
    calendar = office.locator(".xdsoft_datetimepicker:visible")
    expect(calendar).to_have_count(1)
    go_live_field.fill(go_live.strftime("%Y-%m-%d %H:%M"))
    # A click beside the field closes the calendar that opened over the dialog.
    schedule.get_by_role("heading", name="公開予定を設定").click()
    expect(calendar).to_have_count(0)
    assert_japanese(office, "schedule dialog")
    admin_axe(office, "admin-schedule-dialog-desktop", admin_counts)
    schedule.get_by_role("button", name="公開予定を保存").click()
    expect(schedule).to_be_hidden()
    expect(office.get_by_role("complementary", name="ステータス")).to_contain_text(
        f"公開開始: {go_live.year}年{go_live.month}月{go_live.day}日"
    )
    publish_menu(office).get_by_role("button", name="予約公開する").click()
    expect(message(office)).to_contain_text(
        re.compile(f"ページ「{SCHEDULED_TITLE}」(の|を作成し、)予約公開を設定しました"),
        timeout=SAVING,
    )
    scheduled_row = office.get_by_role("row").filter(has_text=SCHEDULED_TITLE)
    expect(scheduled_row).to_contain_text("予約済み")
    assert_japanese(office, "news section with a scheduled item")
    screenshot(office, "editor-3-admin-scheduled-desktop")
    print("admin console:", office_watch.errors, office_watch.foreign_requests)  # noqa: T201

    # 5. Before its time the scheduler leaves it alone; after, it goes live.
    scheduled = NewsPage.objects.get(title=SCHEDULED_TITLE)
    assert scheduled.go_live_at == go_live and not scheduled.live
    publish_scheduled_pages.apply(throw=True)
    assert visitor.request.get(base + scheduled.url).status == 404
    a_second_past = go_live + datetime.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=a_second_past):
        publish_scheduled_pages.apply(throw=True)
    assert visitor.goto(base + scheduled.url).status == 200
    expect(visitor.get_by_role("heading", level=1)).to_have_text(SCHEDULED_TITLE)

    # 6. The visitor finds both in the list of お知らせ.
    visitor.get_by_role("link", name="お知らせ一覧へ戻る").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(NEWS_INDEX)
    assert visitor.url == base + section_path + "/"
    for title in (TITLE, SCHEDULED_TITLE):
        expect(visitor.get_by_role("main").get_by_role("link", name=title)).to_be_visible()
    assert_fits_phone(visitor)
    screenshot(visitor, "editor-4-news-list-phone")
    check_axe(visitor, "editor-news-list-phone")
    at_viewport(visitor, "desktop")
    screenshot(visitor, "editor-4-news-list-desktop")
    check_axe(visitor, "editor-news-list-desktop")
    visitor_watch.assert_clean()
    print("admin axe:", admin_counts)  # noqa: T201
