"""Issue #5 end to end, in a browser: joining a members-only subcommittee and posting.

A member of staff asks, on a phone, to join a members-only subcommittee; its
coordinator is told by e-mail and accepts on a desktop; the new member is told,
opens the forum and starts a topic; another member of the subcommittee gets
the new-post e-mail; a member of another organisation, not in the
subcommittee, finds nothing of the topic anywhere they look.

E-mails are read from the locmem outbox (see test_membership_journey).
"""

import re
import time

from django.core import mail

import pytest

from subcommittees import services
from subcommittees.models import Subcommittee, SubcommitteeMembership
from tests.e2e.test_membership_journey import (
    assert_fits_phone,
    labelled,
    link_path,
    mail_to,
    new_page,
    sign_in,
)
from tests.organisations.factories import MembershipFactory, OrganisationFactory, UserFactory

from .axe import check_axe

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "correct-horse-battery-staple"  # tests.organisations.factories.PASSWORD
CANARY = "KANARIA-E2E-5c1d 見守りの相談"


def _person(organisation, username, last_name, role="staff"):
    return MembershipFactory(
        organisation=organisation,
        role=role,
        user=UserFactory(username=username, last_name=last_name, first_name="さん"),
    ).user


@pytest.fixture
def cast(db):
    aozora = OrganisationFactory(name="あおぞら見守りネット", slug="aozora")
    minato = OrganisationFactory(name="みなと居場所の会", slug="minato")
    people = {
        "coordinator": _person(aozora, "sewanin", "世話人", role="admin"),
        "member": _person(aozora, "sanka", "参加"),
        "applicant": _person(minato, "shinsei", "申請", role="admin"),
        "stranger": _person(minato, "yoso", "余所"),
    }
    secretariat = UserFactory(username="jimukyoku", groups=["事務局"])
    subcommittee = services.create_subcommittee(
        by=secretariat,
        name="ひきこもり支援分科会",
        slug="hikikomori",
        theme="ひきこもり状態にある方と家族の支援",
        description="相談支援の進め方を話し合う、参加者限定の分科会です。",
        visibility=Subcommittee.Visibility.MEMBERS,
        join_policy=Subcommittee.JoinPolicy.REQUEST,
        coordinators=[people["coordinator"]],
    )
    services._add_member(subcommittee, people["member"])
    services.sync_forum(subcommittee)
    return people, subcommittee


def write_post(page, text):
    """Type the post body, into the markdown editor when the forum shows one."""
    editor = page.locator(".CodeMirror, .EasyMDEContainer [contenteditable=true]")
    textarea = page.locator("#id_content")
    if editor.count() and editor.first.is_visible():
        editor.first.click()
        page.keyboard.insert_text(text)
    elif textarea.is_visible():
        textarea.fill(text)
    else:  # an editor script hid the textarea without replacing it
        textarea.evaluate("(element, value) => { element.value = value; }", text)


def wait_for_mail(address, subject_part):
    return mail_to(address, subject_part, timeout=15)


def test_subcommittee_journey(live_server, open_page, screenshot, cast, settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    people, subcommittee = cast
    base = live_server.url
    mail.outbox = []

    # 1. The applicant finds the members-only subcommittee on a phone and asks to join.
    applicant, applicant_watch = new_page(open_page, "phone")
    sign_in(applicant, base, people["applicant"].email, PASSWORD, "/subcommittees/")
    applicant.goto(f"{base}/subcommittees/")
    applicant.get_by_role("link", name="ひきこもり支援分科会").click()
    assert "参加者限定" in applicant.locator("main").inner_text()
    check_axe(applicant, "subcommittee-outsider-phone")
    assert "相談支援の進め方" not in applicant.content()  # the description is for members
    applicant.get_by_role("link", name="参加を申請する").click()
    labelled(applicant, "世話人へのメッセージ（任意）").fill("家族会の運営に関わっています。")
    screenshot(applicant, "subcommittee-1-request-phone")
    check_axe(applicant, "subcommittee-request-phone")
    assert_fits_phone(applicant)
    applicant.get_by_role("button", name="申請する").click()
    applicant.wait_for_load_state()
    assert "世話人の回答をお待ちください" in applicant.locator("main").inner_text()

    # 2. The coordinator is told by e-mail and accepts on a desktop.
    notice = wait_for_mail(people["coordinator"].email, "参加申請")
    assert "家族会の運営に関わっています。" in notice.body
    coordinator, coordinator_watch = new_page(open_page, "desktop")
    manage_path = link_path(notice, "/subcommittees/")
    sign_in(coordinator, base, people["coordinator"].email, PASSWORD, manage_path)
    coordinator.goto(f"{base}{manage_path}")
    screenshot(coordinator, "subcommittee-2-requests-desktop")
    check_axe(coordinator, "subcommittee-requests-desktop")
    coordinator.get_by_role("button", name="承認する").click()
    coordinator.wait_for_load_state()
    assert "参加を承認しました" in coordinator.locator("main").inner_text()
    assert SubcommitteeMembership.objects.filter(
        subcommittee=subcommittee, user=people["applicant"]
    ).exists()

    # 3. The new member is told, opens the forum from the subcommittee page and posts.
    accepted = wait_for_mail(people["applicant"].email, "承認")
    applicant.goto(f"{base}{link_path(accepted, '/subcommittees/')}")
    assert "相談支援の進め方" in applicant.locator("main").inner_text()
    screenshot(applicant, "subcommittee-3-detail-phone")
    check_axe(applicant, "subcommittee-phone")
    assert_fits_phone(applicant)
    applicant.get_by_role("link", name="フォーラムを開く").click()
    applicant.wait_for_load_state()
    forum_path = applicant.url.removeprefix(base)
    applicant.goto(f"{base}{forum_path}topic/create/")
    applicant.locator("#id_subject").fill(f"家族向け講座の相談 {CANARY}")
    write_post(applicant, f"講座の日程について相談させてください。{CANARY}")
    applicant.locator("form:has(#id_subject) [type=submit]:not([name=preview])").first.click()
    applicant.wait_for_load_state()
    screenshot(applicant, "subcommittee-4-topic-phone")
    check_axe(applicant, "subcommittee-forum-topic-phone")
    assert CANARY in applicant.locator("main").inner_text()
    topic_path = applicant.url.removeprefix(base)

    # 4. Another member of the subcommittee gets the new-post e-mail.
    new_post = wait_for_mail(people["member"].email, "家族向け講座の相談")
    assert "講座の日程" in new_post.body

    # 5. A member of another organisation, not in the subcommittee, sees nothing of it.
    stranger, stranger_watch = new_page(open_page, "desktop")
    sign_in(stranger, base, people["stranger"].email, PASSWORD, "/subcommittees/")
    for path in ("/subcommittees/", "/subcommittees/hikikomori/", "/forum/", topic_path):
        stranger.goto(f"{base}{path}")
        assert CANARY not in stranger.content(), path
    stranger.goto(f"{base}/subcommittees/hikikomori/meetings/")
    assert CANARY not in stranger.content()
    assert all(people["stranger"].email not in message.to for message in mail.outbox)
    time.sleep(0.2)

    applicant_watch.assert_clean()
    coordinator_watch.assert_clean()
    assert re.search(r"/forum/", topic_path)


def test_coordinator_keeps_meeting_records(live_server, open_page, screenshot, cast, settings):
    """On a phone: a meeting record with minutes and a document; members download it."""
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    people, subcommittee = cast
    base = live_server.url

    page, watch = new_page(open_page, "phone")
    sign_in(page, base, people["coordinator"].email, PASSWORD, "/subcommittees/")
    page.goto(f"{base}/subcommittees/")
    screenshot(page, "subcommittee-5-list-phone")
    check_axe(page, "subcommittee-list-phone")
    assert_fits_phone(page)
    page.goto(f"{base}/subcommittees/hikikomori/meetings/new/")
    labelled(page, "開催日").fill("2026-12-01")
    labelled(page, "会議名").fill("第1回 定例会")
    labelled(page, "議題").fill("1. 家族向け講座\n2. 相談窓口の連携")
    labelled(page, "議事録").fill("講座は1月に開くことにしました。\n講師は世話人が依頼します。")
    check_axe(page, "subcommittee-meeting-form-phone")
    page.get_by_role("button", name="保存する").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="資料を追加する").click()
    labelled(page, "資料名").fill("講座の案内（案）")
    page.locator("#id_file").set_input_files(
        files=[{"name": "annai.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%\n"}]
    )
    page.get_by_role("button", name="アップロード").click()
    page.wait_for_load_state()
    assert "資料を追加しました" in page.locator("main").inner_text()
    screenshot(page, "subcommittee-6-meeting-phone")
    check_axe(page, "subcommittee-meeting-phone")
    assert_fits_phone(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="講座の案内（案）").click()
    assert download.value.suggested_filename == "annai.pdf"
    watch.assert_clean()

    # The member of another organisation cannot open it.
    stranger, _watch = new_page(open_page, "desktop")
    sign_in(stranger, base, people["stranger"].email, PASSWORD, "/subcommittees/")
    response = stranger.goto(f"{base}{page.url.removeprefix(base)}")
    assert response.status == 404
    assert "講座の案内" not in stranger.content()


def test_coordinator_schedules_a_meeting_and_a_member_registers(
    live_server, open_page, screenshot, cast, settings
):
    """Issue 18: the coordinator schedules a hybrid meeting on a desktop; a member
    registers on a phone and gets the online link by e-mail only, and a QR code."""
    from home.models import HomePage
    from tests.events.factories import EventIndexPageFactory

    settings.STAFF_TWO_FACTOR_REQUIRED = False
    people, _subcommittee = cast
    EventIndexPageFactory(parent=HomePage.objects.get(depth=2))
    base = live_server.url
    mail.outbox = []

    coordinator, coordinator_watch = new_page(open_page, "desktop")
    sign_in(coordinator, base, people["coordinator"].email, PASSWORD, "/subcommittees/")
    coordinator.goto(f"{base}/subcommittees/hikikomori/manage/")
    coordinator.get_by_role("link", name="会議を予定する").click()
    labelled(coordinator, "会議名").fill("第2回 定例会")
    labelled(coordinator, "開始日時").fill("2030-06-01T14:00")
    labelled(coordinator, "終了日時").fill("2030-06-01T13:00")  # before the start
    labelled(coordinator, "オンライン参加のURL").fill("https://zoom.example/j/777")
    coordinator.get_by_role("button", name="保存する").click()
    coordinator.wait_for_load_state()
    assert "終了日時は開始日時より後にしてください" in coordinator.locator("main").inner_text()
    assert labelled(coordinator, "会議名").input_value() == "第2回 定例会"  # kept
    labelled(coordinator, "終了日時").fill("2030-06-01T16:00")
    labelled(coordinator, "会場名").fill("市民活動センター 会議室A")
    screenshot(coordinator, "subcommittee-7-schedule-desktop")
    check_axe(coordinator, "subcommittee-schedule-desktop")
    coordinator.get_by_role("button", name="保存する").click()
    coordinator.wait_for_load_state()
    assert "会議の日時と会場を保存しました" in coordinator.locator("main").inner_text()
    meeting_path = coordinator.url.removeprefix(base)

    member, member_watch = new_page(open_page, "phone")
    sign_in(member, base, people["member"].email, PASSWORD, meeting_path)
    member.goto(f"{base}{meeting_path}")
    main = member.locator("main").inner_text()
    assert "市民活動センター 会議室A" in main and "zoom.example" not in member.content()
    screenshot(member, "subcommittee-8-meeting-phone")
    check_axe(member, "subcommittee-scheduled-meeting-phone")
    assert_fits_phone(member)
    member.get_by_role("link", name="参加を申し込む").click()
    member.get_by_label("オンラインで参加").check()
    member.get_by_role("button", name="申し込む", exact=True).click()
    member.wait_for_load_state()
    assert "参加が確定しました" in member.locator("main").inner_text()
    assert member.locator(".check-in-code svg").count() == 1
    screenshot(member, "subcommittee-9-registered-phone")
    check_axe(member, "subcommittee-meeting-registered-phone")
    assert_fits_phone(member)
    confirmation = wait_for_mail(people["member"].email, "第2回 定例会")
    assert "https://zoom.example/j/777" in confirmation.body
    member.goto(f"{base}{meeting_path}")
    assert "お申込み済みです" in member.locator("main").inner_text()

    stranger, stranger_watch = new_page(open_page, "desktop")
    sign_in(stranger, base, people["stranger"].email, PASSWORD, "/events/")
    stranger.goto(f"{base}/events/")
    assert "第2回 定例会" not in stranger.content()
    coordinator_watch.assert_clean()
    member_watch.assert_clean()
    stranger_watch.assert_clean()
