"""The forum, end to end in a browser, as a member and a coordinator click it.

A. A member of staff of a member organisation, in the subcommittee, signs in,
   goes from the site's header to the subcommittee's forum, starts a topic with
   a file and a poll, previews it, posts it, votes, and replies.
B. The subcommittee's coordinator (世話人) has members' posts held for
   approval; a member's topic waits; the coordinator finds it from the forum's
   own link to the posts waiting, approves it, and the member's colleague then
   reads it.

Only the sign-in page is opened by its address; everything after it is reached
by the links a person sees. On the way: the site's look rather than machina's
theme, the composer's panels closed until opened, nothing wider than a phone,
no console error or CSP violation, and axe on every page (0 critical/serious).
Screenshots: test-artifacts/screenshots/forum-*.png
(at 390 and 1280 px for the key steps: look at them).
"""

import io
import re

import pytest
from PIL import Image

from subcommittees.models import SubcommitteeMembership
from tests.conftest import point_default_site_at_home
from tests.e2e.test_membership_journey import assert_fits_phone, new_page, sign_in
from tests.e2e.test_subcommittee_journey import write_post
from tests.forum.conftest import (  # noqa: F401 (fixtures, found by name)
    coordinator,
    member,
    org_a,
    org_a_admin,
    org_a_staff,
    s1,
    secretariat,
)
from tests.organisations.factories import PASSWORD, MembershipFactory

from .axe import check_axe

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SUBJECT = "12月の定例会の持ち物について"
HELD_SUBJECT = "1月の交流会の会場が決まりました"
BODY = "定例会では、各団体の活動報告をお願いします。\n\n地図を添付しました。"


def png():
    """A small map-like picture, made here."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (46, 125, 50)).save(buffer, "PNG")
    return buffer.getvalue()


PNG = png()


def both_widths(page, screenshot, name):
    """Screenshots at 390 px and 1280 px, and axe at each, of the page as it is now."""
    start = page.viewport_size
    for label, width in (("phone", 390), ("desktop", 1280)):
        page.set_viewport_size({"width": width, "height": start["height"]})
        if label == "phone":
            assert_fits_phone(page)
        screenshot(page, f"forum-{name}-{label}")
        check_axe(page, f"forum-{name}-{label}")
    page.set_viewport_size(start)


def open_subcommittee(page, name):
    """From wherever the header is: 分科会 → the subcommittee."""
    menu = page.locator("summary.menu-toggle__button")
    if menu.is_visible():
        menu.click()
        page.locator(".menu-toggle__panel").get_by_role("link", name="分科会").click()
    else:
        page.locator(".primary-nav").get_by_role("link", name="分科会").click()
    page.get_by_role("link", name=name).first.click()
    page.wait_for_load_state()


def open_subcommittee_forum(page, name):
    """From wherever the header is: 分科会 → the subcommittee → its forum."""
    open_subcommittee(page, name)
    page.get_by_role("link", name="フォーラムを開く").click()
    page.wait_for_load_state()


@pytest.fixture
def home(db):
    return point_default_site_at_home()


def test_member_posts_a_topic_with_a_file_and_a_poll(
    live_server,
    open_page,
    screenshot,
    home,
    s1,  # noqa: F811
    member,  # noqa: F811
    settings,
):
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    base = live_server.url
    page, watcher = new_page(open_page, "phone")
    sign_in(page, base, member.email, PASSWORD)
    open_subcommittee_forum(page, s1.name)
    assert page.locator("h1").inner_text() == s1.name
    check_axe(page, "forum-forum-phone")

    page.get_by_role("link", name="新しいトピック").first.click()
    # The site's look, not machina's Bootstrap theme; the poll and attachment
    # panels are <details>, closed until opened (no script needed).
    assert page.locator("link[href*='forum/css/forum']").count() == 1
    assert page.locator("link[href*='machina.board_theme']").count() == 0
    assert page.locator("details.forum-panel").count() == 2
    assert not page.locator("#id_poll_question").is_visible()
    page.locator("#id_subject").fill(SUBJECT)
    write_post(page, BODY)
    page.get_by_text("ファイルを添付する").click()
    page.locator("#id_attachment-0-file").set_input_files(
        files=[{"name": "会場の地図.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.get_by_text("投票（アンケート）を付ける").click()
    page.locator("#id_poll_question").fill("懇親会に参加しますか")
    page.locator("input[name='poll-0-text']").fill("参加します")
    page.locator("input[name='poll-1-text']").fill("参加しません")
    # "選択肢を追加" adds a third box (forum-formsets.js); left empty, it is ignored.
    page.get_by_role("link", name="選択肢を追加").click()
    assert page.locator("input[name='poll-2-text']").count() == 1
    both_widths(page, screenshot, "composer")

    page.get_by_role("button", name="プレビュー").click()
    page.wait_for_load_state()
    main = page.locator("main")
    assert "定例会では、各団体の活動報告" in main.inner_text()
    assert "懇親会に参加しますか" in main.inner_text()
    # The file chosen before the preview is kept (machina's attachment cache):
    # the member need not choose it again.
    assert "会場の地図.png" in main.inner_text()
    screenshot(page, "forum-preview-phone")
    check_axe(page, "forum-preview-phone")
    page.get_by_role("button", name="送信する").click()
    page.wait_for_load_state()

    main = page.locator("main")
    assert page.locator("h1").inner_text() == SUBJECT
    assert "地図を添付しました。" in main.inner_text()
    assert page.get_by_role("link", name=re.compile("会場の地図.png")).count() == 1
    assert "懇親会に参加しますか" in main.inner_text()
    both_widths(page, screenshot, "topic")

    page.get_by_label("参加します").check()
    page.get_by_role("button", name="投票する").click()
    page.wait_for_load_state()
    assert re.search(r"参加します\D*1", page.locator("main").inner_text())
    screenshot(page, "forum-voted-phone")
    check_axe(page, "forum-voted-phone")

    page.get_by_role("link", name="返信", exact=True).first.click()
    write_post(page, "承知しました。資料を持っていきます。")
    check_axe(page, "forum-reply-phone")
    page.get_by_role("button", name="送信", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("承知しました。資料を持っていきます。").is_visible()
    screenshot(page, "forum-replied-phone")

    # Back at the forum's front page, the subcommittee's forum is listed.
    page.locator(".forum-bar").get_by_role("link", name=re.compile("フォーラム$")).first.click()
    page.wait_for_load_state()
    assert page.locator("main").get_by_role("link", name=s1.name).first.is_visible()
    assert page.locator("link[href*='machina.board_theme']").count() == 0
    both_widths(page, screenshot, "index")
    watcher.assert_clean()


def test_coordinator_approves_a_held_post(
    live_server,
    open_page,
    screenshot,
    home,
    org_a,  # noqa: F811
    s1,  # noqa: F811
    member,  # noqa: F811
    coordinator,  # noqa: F811
    settings,
):
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    base = live_server.url
    colleague = MembershipFactory(organisation=org_a, user__username="colleague").user
    SubcommitteeMembership.objects.create(subcommittee=s1, user=colleague)

    # The coordinator has members' posts held, from the subcommittee's page.
    boss, boss_watch = new_page(open_page, "desktop")
    sign_in(boss, base, coordinator.email, PASSWORD)
    open_subcommittee(boss, s1.name)
    boss.get_by_role("link", name=re.compile("参加者と申請の管理")).click()
    boss.get_by_label("投稿を承認制にする").check()
    boss.get_by_role("button", name="保存する").first.click()
    boss.wait_for_load_state()
    s1.refresh_from_db()
    assert s1.moderate_posts

    # A member posts a topic; it waits, and the member is told so.
    poster, poster_watch = new_page(open_page, "phone")
    sign_in(poster, base, member.email, PASSWORD)
    open_subcommittee_forum(poster, s1.name)
    poster.get_by_role("link", name="新しいトピック").first.click()
    poster.locator("#id_subject").fill(HELD_SUBJECT)
    write_post(poster, "会場の予約が取れました。皆さんのご都合をお知らせください。")
    poster.get_by_role("button", name="送信する").click()
    poster.wait_for_load_state()
    screenshot(poster, "forum-held-poster-phone")
    check_axe(poster, "forum-held-poster-phone")
    told = poster.locator("main").inner_text()
    assert "承認" in told, told

    # Her colleague does not see it yet.
    reader, reader_watch = new_page(open_page, "phone")
    sign_in(reader, base, colleague.email, PASSWORD)
    open_subcommittee_forum(reader, s1.name)
    assert HELD_SUBJECT not in reader.locator("main").inner_text()

    # The coordinator opens the forum and follows its link to the posts waiting.
    open_subcommittee_forum(boss, s1.name)
    boss.locator(".forum-bar").get_by_role("link", name=re.compile("承認待ちの投稿")).click()
    boss.wait_for_load_state()
    assert HELD_SUBJECT in boss.locator("main").inner_text()
    both_widths(boss, screenshot, "queue")
    boss.get_by_role("link", name=HELD_SUBJECT).first.click()
    boss.wait_for_load_state()
    assert "会場の予約が取れました" in boss.locator("main").inner_text()
    both_widths(boss, screenshot, "held-post")
    boss.get_by_role("link", name="承認", exact=True).click()
    boss.wait_for_load_state()
    screenshot(boss, "forum-approve-confirm-desktop")
    check_axe(boss, "forum-approve-confirm-desktop")
    boss.get_by_role("button", name="承認する").click()
    boss.wait_for_load_state()
    screenshot(boss, "forum-approved-coordinator-desktop")
    check_axe(boss, "forum-approved-coordinator-desktop")

    # The colleague now finds it in the forum and opens it.
    reader.reload()
    reader.get_by_role("link", name=HELD_SUBJECT).first.click()
    reader.wait_for_load_state()
    assert "会場の予約が取れました" in reader.locator("main").inner_text()
    both_widths(reader, screenshot, "approved-post")
    for watcher in (boss_watch, poster_watch, reader_watch):
        watcher.assert_clean()
