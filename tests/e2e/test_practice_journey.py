"""Issue #4 end to end, in a browser: a write-up (取組事例) from draft to the public list.

An organisation admin writes a write-up with a photo on a phone, saves a draft,
previews it and submits it; the 事務局 requests a change in the Wagtail admin
on a desktop; the admin reads the comment (on the page and in the e-mail),
fixes it and resubmits; the 事務局 approves and publishes; an anonymous
visitor on a phone narrows /practices/ by the filters, finds it and opens it.

Screenshots: test-artifacts/screenshots/practice-*.png. Console errors and
CSP violations (``securitypolicyviolation``) are collected on the member and
public pages and must be none.
"""

import io
import re

from django.core import mail

import pytest

from organisations.choices import MembershipRole
from practices.models import PracticePage, PracticePhoto
from tests.organisations.factories import PASSWORD, MembershipFactory, OrganisationFactory
from tests.practices.helpers import make_image, make_index, make_practice

from .axe import check_axe
from .conftest import ARTIFACTS
from .test_membership_journey import (
    PASSWORDS,
    SECRETARIAT_EMAIL,
    assert_fits_phone,
    labelled,
    mail_to,
    new_page,
    secretariat,  # noqa: F401 - the 事務局 editor fixture
    sign_in,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ORG_NAME = "みかん子ども食堂の会"
ADMIN_EMAIL = "yamada@mikan-shokudo.example.jp"
TITLE = "みかん畑の子ども食堂「ひだまり」"
FIXED_TITLE = "みかん畑の子ども食堂「ひだまり」月4回の食卓"
ALT = "長いテーブルで子どもと高齢者が一緒にカレーを食べている様子"
CAPTION = "2025年6月、毎週土曜日の食卓"
COMMENT = "定量的な成果に開催回数を追記し、取組名に開催頻度を入れてください。"

CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
    const where = `${event.sourceFile}:${event.lineNumber}`;
    window.reportCsp(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


# --- Helpers ------------------------------------------------------------------


def png_bytes():
    """A small photo-like PNG: a sky, a field and a sun."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), "#9fd3f0")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 200, 480, 320), fill="#f2a33a")
    draw.ellipse((360, 30, 440, 110), fill="#ffe27a")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def watched(open_page, viewport, csp):
    """new_page + every securitypolicyviolation reported into ``csp``."""
    page, watcher = new_page(open_page, viewport)
    page.context.expose_function("reportCsp", lambda report: csp.append(report))
    page.context.add_init_script(CSP_LISTENER)
    return page, watcher


def field(page, name):
    """A control by its name: robust while the form's labels and layout change."""
    return page.locator(f'[name="{name}"]')


def rank(page, item, choice):
    """Mark an activity type or target group ★ (main) or ☆ (other)."""
    label = "★ 主な取組" if choice == "main" else "☆ その他"
    page.get_by_role("group", name=item, exact=True).get_by_label(label).check()


def admin_edit_url(base, page_id):
    return f"{base}/admin/pages/{page_id}/edit/"


def settled(write_up, check, timeout=15):
    """Whether ``check(write_up)`` holds once the live server has finished the
    action the browser sent (its thread may still be committing when the
    browser's page is idle): the write-up is read again until it does.

    On SQLite the test database is in memory, shared between this thread and
    the server's with table locks: a read while the server's thread writes
    fails at once ("database table is locked") instead of waiting, so it is
    read again too.
    """
    import time

    from django.db import OperationalError

    deadline = time.monotonic() + timeout
    while True:
        try:
            write_up.refresh_from_db()
            if check(write_up) or time.monotonic() > deadline:
                return check(write_up)
        except OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
        time.sleep(0.2)


def status(write_up):
    """The write-up's workflow state's status, or None between states."""
    return getattr(write_up.current_workflow_state, "status", None)


def workflow_action(office, base, page_id, action, comment="", shot=None):
    """In the admin's page editor, run a workflow action (with a comment when asked).

    ``shot``: a callable taking a screenshot of the comment dialog before it is sent.
    """
    office.goto(admin_edit_url(base, page_id))
    office.wait_for_load_state()
    button = office.locator(f'button[data-workflow-action-name="{action}"]').first
    if not button.is_visible():
        office.locator(
            "footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']"
        ).first.click()
    button.click()
    if comment is not None:
        dialog = office.get_by_role("dialog")
        dialog.locator("textarea").first.wait_for()
        dialog.locator("textarea").first.fill(comment)
        if shot:
            shot()
        dialog.locator("button[type=submit], input[type=submit]").first.click()
    office.wait_for_load_state("networkidle")


@pytest.fixture
def organisation_admin():
    organisation = OrganisationFactory(name=ORG_NAME, slug="mikan-shokudo")
    user = MembershipFactory(
        organisation=organisation,
        role=MembershipRole.ADMIN,
        user__username="u-yamada",
        user__email=ADMIN_EMAIL,
        user__last_name="山田",
        user__first_name="陽子",
    ).user
    return organisation, user


@pytest.fixture
def write_up_index(home_page, org_b):
    """/practices/ with two other write-ups the filters must set aside."""
    index = make_index(home_page)
    # Same activity, but only as ☆ other: main-only filtering drops it.
    make_practice(
        index,
        org_b,
        title="港の居場所カフェ",
        activities=[("居場所づくり", True), ("食を通じたつながり", False)],
        targets=[("こども・若者", True)],
        prefectures=["38"],
        year=2025,
    )
    # Another prefecture and year.
    make_practice(
        index,
        org_b,
        title="高知の見守り食堂",
        activities=[("食を通じたつながり", True)],
        targets=[("こども・若者", True)],
        prefectures=["39"],
        year=2024,
    )
    return index


@pytest.fixture
def org_b():
    return OrganisationFactory(name="みなと居場所の会", slug="minato")


# --- The journey ------------------------------------------------------------------


def test_practice_journey(
    live_server,
    open_page,
    screenshot,
    secretariat,  # noqa: F811
    organisation_admin,
    write_up_index,
    settings,
):
    settings.STAFF_TWO_FACTOR_REQUIRED = False  # the 2FA gate has its own tests
    base = live_server.url
    mail.outbox = []
    organisation, _admin_user = organisation_admin
    csp = []

    # 1. The organisation admin writes a write-up with a photo on a phone.
    member, member_watch = watched(open_page, "phone", csp)
    sign_in(member, base, ADMIN_EMAIL, PASSWORD, "/my-organisation/practices/")
    member.wait_for_url(f"{base}/my-organisation/practices/")
    member.get_by_role("link", name="取組事例を書く").first.click()
    member.wait_for_url(f"{base}/my-organisation/practices/new/")
    labelled(member, "取組名").fill(TITLE)
    labelled(member, "概要").fill(
        "みかん農家の倉庫を借りて、子どもと高齢者が一緒に食卓を囲む食堂を開いています。"
    )
    labelled(member, "実施年度").fill("２０２５")  # full-width, folded by the form
    member.get_by_text("都道府県を選ぶ").click()
    member.get_by_label("愛媛県", exact=True).check()
    labelled(member, "取組地域（市区町村）").fill("八幡浜市、西予市")
    rank(member, "食を通じたつながり", "main")
    rank(member, "居場所づくり", "other")
    rank(member, "こども・若者", "main")
    rank(member, "高齢者", "other")
    labelled(member, "目的").fill("子どもの孤食を防ぎ、\n\n地域の高齢者とのつながりをつくる。")
    labelled(member, "対象とした人").fill("小学生とその家族、ひとり暮らしの高齢者")
    labelled(member, "内容").fill(
        "毎週土曜日の昼に、地元のみかん農家の倉庫で食事を提供しています。"
    )
    field(member, "partner_1_name").fill("八幡浜市社会福祉協議会")
    field(member, "result_1_label").fill("参加者")
    field(member, "result_1_value").fill("延べ120")
    field(member, "result_1_unit").fill("人")
    field(member, "newphoto_1_file").set_input_files(
        {"name": "shokudo.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    field(member, "newphoto_1_alt").fill(ALT)
    field(member, "newphoto_1_caption").fill(CAPTION)
    assert_fits_phone(member)
    screenshot(member, "practice-1-form-phone")
    check_axe(member, "practice-form-phone")
    member.get_by_role("button", name="下書き保存").click()
    member.wait_for_url(re.compile(r"/my-organisation/practices/\d+/$"))
    assert "下書きを保存しました" in member.locator("main").inner_text()
    page_id = int(re.search(r"/practices/(\d+)/$", member.url).group(1))
    write_up = PracticePage.objects.get(pk=page_id)
    assert write_up.organisation == organisation and not write_up.live
    draft = write_up.get_latest_revision_as_object()
    assert draft.year == 2025
    assert [(p.alt_text, p.caption) for p in draft.photos.all()] == [(ALT, CAPTION)]
    assert_fits_phone(member)
    screenshot(member, "practice-1-draft-saved-phone")
    check_axe(member, "practice-draft-saved-phone")

    # 2. …previews it: the page as it will look, with the photo and its alt text.
    member.get_by_role("link", name=re.compile("プレビュー")).click()
    member.wait_for_url(re.compile(r"/preview/$"))
    assert member.locator("h1").inner_text() == TITLE
    assert "プレビューです" in member.get_by_role("note").first.inner_text()
    photo = member.get_by_role("img", name=ALT)
    photo.wait_for()
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert_fits_phone(member)
    screenshot(member, "practice-2-preview-phone")
    check_axe(member, "practice-preview-phone")

    # 3. …and submits it for review.
    member.go_back()
    member.wait_for_url(f"{base}/my-organisation/practices/{page_id}/")
    member.get_by_role("button", name="審査に提出").click()
    member.wait_for_url(f"{base}/my-organisation/practices/{page_id}/")
    assert "審査に提出しました" in member.locator("main").inner_text()
    assert "審査中" in member.locator("main").inner_text()
    assert settled(write_up, lambda w: w.workflow_in_progress)

    # 4. The 事務局 editor requests changes in the Wagtail admin, on a desktop.
    office, office_watch = new_page(open_page, "desktop")
    sign_in(office, base, SECRETARIAT_EMAIL, PASSWORDS["secretariat"], "/admin/")
    office.wait_for_url(f"{base}/admin/")
    screenshot(office, "practice-4-admin-dashboard-desktop")
    office.goto(admin_edit_url(base, page_id))
    assert TITLE in office.locator("main, body").first.inner_text()
    screenshot(office, "practice-4-admin-review-desktop")
    workflow_action(
        office,
        base,
        page_id,
        "reject",
        COMMENT,
        shot=lambda: screenshot(office, "practice-4-admin-comment-desktop"),
    )
    screenshot(office, "practice-4-admin-changes-requested-desktop")
    assert settled(write_up, lambda w: status(w) == "needs_changes")
    print("admin console:", office_watch.errors, office_watch.foreign_requests)  # noqa: T201

    # 5. The admin gets the comment by e-mail and on the write-up, fixes it and resubmits.
    changes = mail_to(ADMIN_EMAIL, "修正依頼")
    assert COMMENT in changes.body
    member.goto(f"{base}/my-organisation/practices/")
    assert "修正依頼" in member.locator("main").inner_text()
    assert COMMENT in member.locator("main").inner_text()
    member.get_by_role("link", name=TITLE).click()
    member.wait_for_url(f"{base}/my-organisation/practices/{page_id}/")
    assert COMMENT in member.locator("main").inner_text()
    assert field(member, "photo_1_alt").input_value() == ALT  # the photo is kept
    labelled(member, "取組名").fill(FIXED_TITLE)
    field(member, "result_2_label").fill("開催回数")
    field(member, "result_2_value").fill("48")
    field(member, "result_2_unit").fill("回")
    assert_fits_phone(member)
    screenshot(member, "practice-5-fix-phone")
    member.get_by_role("button", name="審査に提出").click()
    member.wait_for_url(f"{base}/my-organisation/practices/{page_id}/")
    assert "審査に提出しました" in member.locator("main").inner_text()
    assert settled(write_up, lambda w: status(w) == "in_progress")

    # 6. The editor approves: the write-up is published.
    workflow_action(office, base, page_id, "approve", comment=None)
    screenshot(office, "practice-6-admin-approved-desktop")
    write_up.refresh_from_db()
    assert write_up.live and write_up.title == FIXED_TITLE
    assert "公開" in mail_to(ADMIN_EMAIL, "公開").subject
    member.goto(f"{base}/my-organisation/practices/")
    assert "公開中" in member.locator("main").inner_text()
    check_axe(member, "practice-member-list-phone")
    member_watch.assert_clean()

    # 7. A visitor narrows /practices/ by the filters on a phone and finds it.
    visitor, visitor_watch = watched(open_page, "phone", csp)
    visitor.goto(f"{base}/practices/")
    assert visitor.get_by_role("status").inner_text().startswith("3件")
    assert_fits_phone(visitor)
    screenshot(visitor, "practice-7-list-phone")
    check_axe(visitor, "practice-list-phone")
    visitor.get_by_label("主な取組（★）だけで探す").check()
    for facet, option in (
        ("取組の種類", "食を通じたつながり"),
        ("取組の対象", "こども・若者"),
        ("取組地域（都道府県）", "愛媛県"),
        ("実施年度", "令和7年度（2025年度）"),
    ):
        visitor.locator("summary", has_text=facet).first.click()
        visitor.get_by_label(re.compile(rf"^{re.escape(option)} \d+")).check()
    visitor.get_by_role("button", name="この条件で表示").click()
    visitor.wait_for_url(re.compile(r"/practices/\?"))
    assert visitor.get_by_role("status").inner_text().startswith("1件")
    # On a phone the open facets come first: a link goes straight to the results.
    visitor.get_by_role("link", name="条件に合う取組事例（1件）へ移動").click()
    assert visitor.url.endswith("#practice-results")
    results = visitor.locator(".practice-list")
    assert results.get_by_role("link", name=FIXED_TITLE).count() == 1
    assert "港の居場所カフェ" not in results.inner_text()
    assert "高知の見守り食堂" not in results.inner_text()
    assert_fits_phone(visitor)
    screenshot(visitor, "practice-7-filtered-phone")
    check_axe(visitor, "practice-list-filtered-phone")

    # 8. …opens it: the photo with its alt text, the organisation's link, the print styles.
    results.get_by_role("link", name=FIXED_TITLE).click()
    visitor.wait_for_url(f"{base}{write_up.url}")
    assert visitor.locator("h1").inner_text() == FIXED_TITLE
    photo = visitor.get_by_role("img", name=ALT)
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert CAPTION in visitor.locator("figcaption").first.inner_text()
    org_link = visitor.locator("main").get_by_role("link", name=ORG_NAME).first
    assert org_link.get_attribute("href") == organisation.get_absolute_url()
    body = visitor.locator("main").inner_text()
    assert "延べ120人" in body and "48回" in body and "八幡浜市社会福祉協議会" in body
    assert_fits_phone(visitor)
    screenshot(visitor, "practice-8-detail-phone")
    check_axe(visitor, "practice-page-phone")
    # The stylesheet with the write-up's @media print rules is linked.
    assert visitor.evaluate(
        """() => [...document.styleSheets].some((sheet) => {
            try {
                return [...sheet.cssRules].some((rule) =>
                    rule.media && [...rule.media].includes("print")
                    && rule.cssText.includes("practice-print"));
            } catch (error) { return false; }
        })"""
    )
    visitor.emulate_media(media="print")
    assert not visitor.locator(".site-header").first.is_visible()
    screenshot(visitor, "practice-8-detail-print")
    visitor.emulate_media(media="screen")
    visitor_watch.assert_clean()
    assert csp == []


# --- Printing ------------------------------------------------------------------


def test_write_up_prints_on_a4(live_server, open_page, write_up_index, organisation_admin, org_b):
    """A full write-up printed to an A4 PDF: no site chrome, full link addresses, few pages."""
    organisation, _admin_user = organisation_admin
    write_up = make_practice(
        write_up_index,
        organisation,
        title=TITLE,
        activities=[("食を通じたつながり", True), ("居場所づくり", False)],
        targets=[("こども・若者", True), ("高齢者", False)],
        prefectures=["38"],
        areas_municipalities="八幡浜市、西予市",
        year=2025,
        partners=[org_b, "八幡浜市社会福祉協議会"],
        results=(
            ("参加者", "延べ120", "人"),
            ("開催回数", "48", "回"),
            ("ボランティア", "15", "人"),
        ),
        content="<p>"
        + "毎週土曜日の昼に、地元のみかん農家の倉庫で食事を提供しています。" * 8
        + "</p>",
        photos=[
            PracticePhoto(image=make_image(colour=colour), alt_text=ALT, caption=CAPTION)
            for colour in ("#9fd3f0", "#f2a33a", "#88cc88")
        ],
    )
    page, watcher = open_page("desktop")
    page.goto(f"{live_server.url}{write_up.url}")
    pdf = page.pdf(format="A4", print_background=False, prefer_css_page_size=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "practice-9-print-a4.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 3, pages
    page.emulate_media(media="print")
    printed = page.locator("body").inner_text()
    # Links print their full address after them.
    after = page.evaluate(
        """() => [...document.querySelectorAll("a[data-print-url]")].map(
            (a) => getComputedStyle(a, "::after").content)"""
    )
    for linked in (organisation, org_b):
        address = f"{live_server.url}{linked.get_absolute_url()}"
        assert any(address in content for content in after), (address, after)
    assert "会員ログイン" not in printed  # no site header
    assert "関連する取組事例" not in printed
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    watcher.assert_clean()
