"""Check-in by code or QR: the registrant shows it, the secretariat's phone opens it."""

from django.contrib.auth.models import Group
from django.core import mail

import pytest

from events import services
from events.models import CHECK_IN_ALPHABET, Registration, RegistrationStatus
from tests.events.factories import EventPageFactory, open_event
from tests.organisations.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(event_index):
    return open_event(event_index, capacity=10, days_ahead=3)


@pytest.fixture
def secretariat(db):
    user = UserFactory(username="jimukyoku", email="jimukyoku@example.jp")
    user.groups.add(Group.objects.get(name="事務局"))
    return user


def register(client, event, django_capture_on_commit_callbacks, email="hanako@example.jp"):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/events/forum/register/",
            {"name": "県民 花子", "email": email, "party_size": "1", "mode": "venue"},
        )
    return Registration.objects.get(email=email)


def test_codes_are_readable_and_differ(event):
    codes = {
        Registration.objects.create(
            event=event, name="名", email=f"p{n}@example.jp", status="confirmed"
        ).check_in_code
        for n in range(20)
    }
    assert len(codes) == 20
    assert all(len(code) == 8 and set(code) <= set(CHECK_IN_ALPHABET) for code in codes)
    assert not set("01OI") & set(CHECK_IN_ALPHABET)


def test_the_registrant_gets_the_code_by_mail_and_the_qr_on_the_page(
    client, event, django_capture_on_commit_callbacks
):
    registration = register(client, event, django_capture_on_commit_callbacks)
    done = client.get("/events/forum/register/done/").content.decode()
    assert registration.check_in_code_display in done
    assert "<svg" in done and "受付用のQRコード" in done
    (message,) = mail.outbox
    assert f"受付コード: {registration.check_in_code_display}" in message.body
    own_page = client.get(f"/events/forum/register/cancel/{registration.token}/")
    assert registration.check_in_code_display in own_page.content.decode()


def test_the_waiting_list_has_no_code_to_show(client, event, django_capture_on_commit_callbacks):
    event.capacity = 0
    event.save()
    registration = register(client, event, django_capture_on_commit_callbacks)
    assert registration.status == RegistrationStatus.WAITING
    done = client.get("/events/forum/register/done/").content.decode()
    assert "<svg" not in done and registration.check_in_code_display not in done
    assert "受付コード" not in mail.outbox[0].body


def test_the_qr_opens_the_check_in_page_at_that_registration(event):
    registration = Registration.objects.create(
        event=event, name="県民 花子", email="h@example.jp", status="confirmed"
    )
    url = services.check_in_url(registration)
    assert url.endswith(f"/admin/events/{event.pk}/check-in/?code={registration.check_in_code}")


@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{dashed}", "{wide}"])
def test_staff_find_a_typed_code_however_it_is_written(client, secretariat, event, typed):
    hanako = Registration.objects.create(
        event=event, name="県民 花子", email="h@example.jp", status="confirmed"
    )
    Registration.objects.create(
        event=event, name="佐藤 一郎", email="i@example.jp", status="confirmed"
    )
    code = hanako.check_in_code
    text = typed.format(
        code=code,
        lower=code.lower(),
        dashed=hanako.check_in_code_display,
        wide=code.translate({ord(c): ord(c) + 0xFEE0 for c in code}),  # full-width
    )
    client.force_login(secretariat)
    page = client.get(f"/admin/events/{event.pk}/check-in/", {"code": text}).content.decode()
    assert "県民 花子 — 受付する" in page
    assert "佐藤 一郎" not in page
    hanako.refresh_from_db()
    assert hanako.status == RegistrationStatus.CONFIRMED  # opening checks nobody in


@pytest.mark.parametrize("code", ["XXXXXXXX", "<script>", "ABCD"])
def test_unknown_codes_say_so(client, secretariat, event, code):
    client.force_login(secretariat)
    response = client.get(f"/admin/events/{event.pk}/check-in/", {"code": code})
    html = response.content.decode()
    assert response.status_code == 200
    assert "この受付コードの申込みは、このイベントにはありません。" in html
    assert "<script>" not in html


def test_a_code_of_another_event_or_a_cancelled_one_is_refused(
    client, secretariat, event, event_index
):
    other = EventPageFactory(parent=event_index, registration_open=True, capacity=5)
    elsewhere = Registration.objects.create(
        event=other, name="別 イベント", email="o@example.jp", status="confirmed"
    )
    cancelled = Registration.objects.create(
        event=event, name="取消 済み", email="c@example.jp", status="cancelled"
    )
    client.force_login(secretariat)
    url = f"/admin/events/{event.pk}/check-in/"
    page = client.get(url, {"code": elsewhere.check_in_code}).content.decode()
    assert "この受付コードの申込みは、このイベントにはありません。" in page
    assert "別 イベント —" not in page
    page = client.get(url, {"code": cancelled.check_in_code}).content.decode()
    assert "受付できません" in page and "取消 済み —" not in page


@pytest.mark.parametrize("persona", ["anonymous", "member"])
def test_nobody_else_looks_codes_up(client, event, persona):
    registration = Registration.objects.create(
        event=event, name="県民 花子", email="h@example.jp", status="confirmed"
    )
    if persona == "member":
        client.force_login(MembershipFactory().user)
    response = client.get(
        f"/admin/events/{event.pk}/check-in/", {"code": registration.check_in_code}
    )
    assert response.status_code in (302, 403)
    assert "県民 花子" not in response.content.decode()
