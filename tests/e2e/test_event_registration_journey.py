"""Issue 18 end to end, in a browser: a resident registers for an event and cancels.

A resident opens a hybrid event on a phone, registers (with a 合理的配慮
need), gets the confirmation e-mail with its cancel link, opens the link and
cancels by pressing the button; the freed seat is offered to the first on
the waiting list, who confirms it from the offer's link. The 事務局 then
checks the first registrant in on a phone and exports the list.
Screenshots at 390 px and 1280 px; axe on every page type opened.
"""

import datetime
import re

from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress

from events import services
from events.models import Registration, RegistrationStatus
from home.models import HomePage
from tests.events.factories import EventIndexPageFactory, EventPageFactory

from .axe import check_axe
from .test_membership_journey import assert_fits_phone, labelled, link_path, mail_to, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RESIDENT_EMAIL = "hanako@example.jp"
SECRETARIAT_EMAIL = "jimukyoku@tsunagari.example.jp"
SECRETARIAT_PASSWORD = "jimukyoku-no-aikotoba-2024"


@pytest.fixture
def event():
    home = HomePage.objects.get(depth=2)
    index = EventIndexPageFactory(parent=home)
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=14)).replace(
        hour=13, minute=30, second=0, microsecond=0
    )
    event = EventPageFactory(
        parent=index,
        slug="tsunagari-forum",
        title="つながりフォーラム2030",
        start=start,
        end=start + datetime.timedelta(hours=3),
        venue_name="県民文化会館 大会議室",
        online_url="https://zoom.example/j/2030",
        registration_open=True,
        capacity=2,
        online_capacity=100,
    )
    # One seat at the venue is already taken, and one person is waiting after
    # the resident takes the last: the resident's cancellation frees it.
    services.register(event, name="先着 一郎", email="ichiro@example.jp")
    return event


@pytest.fixture
def secretariat(django_user_model):
    user = django_user_model.objects.create_user(
        username="u-jimukyoku", email=SECRETARIAT_EMAIL, password=SECRETARIAT_PASSWORD
    )
    user.groups.add(Group.objects.get(name="事務局"))
    EmailAddress.objects.create(user=user, email=SECRETARIAT_EMAIL, verified=True, primary=True)
    return user


def test_resident_registers_on_a_phone_and_cancels(
    live_server, open_page, screenshot, event, secretariat, settings
):
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    base = live_server.url
    mail.outbox = []

    # The event page on a desktop: the button, never the online link.
    desktop, desktop_watch = open_page("desktop")
    desktop.goto(f"{base}/events/tsunagari-forum/")
    assert "zoom.example" not in desktop.content()
    screenshot(desktop, "event-1-page-desktop")
    check_axe(desktop, "event-page-desktop")
    desktop.get_by_role("link", name="参加を申し込む").click()
    desktop.wait_for_url(f"{base}/events/tsunagari-forum/register/")
    screenshot(desktop, "event-2-form-desktop")
    check_axe(desktop, "event-register-desktop")
    desktop_watch.assert_clean()

    # 1. On a phone: the event page, then the form.
    phone, watch = open_page("phone")
    phone.goto(f"{base}/events/tsunagari-forum/")
    phone.get_by_role("link", name="参加を申し込む").click()
    phone.wait_for_url(f"{base}/events/tsunagari-forum/register/")
    assert phone.locator("h1").inner_text() == "参加の申込み"
    # A first try without a name: the errors in Japanese, the rest kept.
    labelled(phone, "メールアドレス").fill(RESIDENT_EMAIL)
    phone.get_by_label("会場で参加").check()
    phone.get_by_label("車いす席").check()
    phone.get_by_role("button", name="申し込む").click()
    phone.wait_for_load_state()
    assert phone.get_by_role("alert").get_by_text("お名前").is_visible()
    assert labelled(phone, "メールアドレス").input_value() == RESIDENT_EMAIL
    assert phone.get_by_label("車いす席").is_checked()
    screenshot(phone, "event-2-form-errors-phone")
    check_axe(phone, "event-register-errors-phone")
    labelled(phone, "お名前").fill("県民 花子")
    labelled(phone, "人数").select_option("1")
    assert_fits_phone(phone)
    screenshot(phone, "event-2-form-phone")
    check_axe(phone, "event-register-phone")
    phone.get_by_role("button", name="申し込む").click()
    phone.wait_for_url(f"{base}/events/tsunagari-forum/register/done/")
    assert "参加が確定しました" in phone.content()
    screenshot(phone, "event-3-done-phone")
    check_axe(phone, "event-registered-phone")
    registration = Registration.objects.get(email=RESIDENT_EMAIL)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.accessibility == ["wheelchair"]

    # The event is now full at the venue: the page says so, and the next waits.
    phone.goto(f"{base}/events/tsunagari-forum/")
    assert "満席" in phone.content()
    screenshot(phone, "event-4-full-phone")
    waiting = services.register(event, name="待機 次郎", email="jiro@example.jp").registration
    assert waiting.status == RegistrationStatus.WAITING

    # 2. The confirmation e-mail: details, the .ics, the online link, the cancel link.
    confirmation = mail_to(RESIDENT_EMAIL, "【参加確定】")
    assert confirmation.attachments[0][0] == "tsunagari-forum.ics"
    cancel_path = link_path(confirmation, "/events/tsunagari-forum/register/cancel/")

    # 3. The cancel link opens a page; the button cancels.
    phone.goto(base + cancel_path)
    assert phone.locator("h1").inner_text() == "申込みのキャンセル"
    screenshot(phone, "event-5-cancel-phone")
    check_axe(phone, "event-cancel-phone")
    phone.get_by_role("button", name="キャンセルする").click()
    phone.wait_for_load_state()
    assert phone.locator("h1").inner_text() == "キャンセル済みです"
    screenshot(phone, "event-6-cancelled-phone")
    check_axe(phone, "event-cancelled-phone")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    # The freed seat is offered to the one waiting.
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.OFFERED
    watch.assert_clean()

    # The one waiting moves up: the offer's link, then the button.
    offer = mail_to("jiro@example.jp", "【空席のご案内】")
    jiro, jiro_watch = open_page("phone")
    jiro.goto(base + link_path(offer, "/events/tsunagari-forum/register/offer/"))
    screenshot(jiro, "event-6b-offer-phone")
    check_axe(jiro, "event-offer-phone")
    jiro.get_by_role("button", name="参加を確定する").click()
    jiro.wait_for_load_state()
    assert "参加が確定しました" in jiro.content()
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    mail_to("jiro@example.jp", "【参加確定】")
    jiro_watch.assert_clean()

    # 4. The 事務局 checks the first registrant in, on a phone.
    office, office_watch = open_page("phone")
    sign_in(office, base, SECRETARIAT_EMAIL, SECRETARIAT_PASSWORD, "/admin/")
    office.goto(f"{base}/admin/events/{event.pk}/check-in/")
    office.get_by_label("名前で探す").fill("先着")
    office.get_by_role("button", name="検索").click()
    office.wait_for_load_state()
    # On a poor connection the tap is not saved, and the page says so.
    office.context.set_offline(True)
    office.get_by_role("button", name=re.compile("先着 一郎")).click()
    office.get_by_role("status").filter(has_text="保存できませんでした").wait_for()
    screenshot(office, "event-7-check-in-offline-phone")
    assert Registration.objects.get(email="ichiro@example.jp").status == "confirmed"
    office.context.set_offline(False)
    # The browser logs the failed request; that one was meant.
    office_watch.errors = [e for e in office_watch.errors if "ERR_INTERNET_DISCONNECTED" not in e]
    office.get_by_role("button", name=re.compile("先着 一郎")).click()
    office.get_by_role("status").filter(has_text="保存しました").wait_for()
    screenshot(office, "event-7-check-in-phone")
    check_axe(office, "event-check-in-phone")
    assert Registration.objects.get(email="ichiro@example.jp").status == "attended"
    button = office.get_by_role("button", name=re.compile("先着 一郎"))
    assert button.inner_text() == "✓ 先着 一郎 — 出席"
    assert_fits_phone(office)
    office_watch.assert_clean()

    # 5. On a desktop: the counts, and the list exported for Excel.
    desk = office.context.browser.new_context(viewport={"width": 1280, "height": 900})
    desk.add_cookies(office.context.cookies())
    summary = desk.new_page()
    summary.goto(f"{base}/admin/events/summary/")
    row = summary.get_by_role("row").filter(has_text="つながりフォーラム2030")
    assert row.get_by_role("cell").nth(1).inner_text() == "2"  # registered: 一郎, 次郎
    assert row.get_by_role("cell").nth(2).inner_text() == "1"  # attended: 一郎
    screenshot(summary, "event-8-summary-desktop")
    check_axe(summary, "event-summary-desktop")
    with summary.expect_download() as download_info:
        row.get_by_role("link", name="CSV").click()
    content = open(download_info.value.path(), "rb").read()  # noqa: SIM115
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert text.startswith("申込日時,イベント,状態,お名前,メールアドレス")
    assert "先着 一郎" in text and "出席" in text
    desk.close()
