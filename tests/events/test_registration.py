"""Registering for an event through the site: the form, seats, the waiting list, the button."""

import datetime

from django.core import mail
from django.utils import timezone

import icalendar
import pytest

from events import services
from events.models import EventFormField, Registration, RegistrationStatus
from tests.events.factories import open_event
from tests.organisations.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(event_index):
    return open_event(event_index, capacity=2, days_ahead=10)


def form_data(**overrides):
    return {
        "name": "県民 花子",
        "email": "hanako@example.jp",
        "organisation_name": "",
        "party_size": "1",
        "mode": "venue",
        "interpretation_language": "",
        "accessibility_other": "",
        **overrides,
    }


def test_the_form_is_in_japanese_and_asks_the_standard_questions(client, event):
    response = client.get("/events/forum/register/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("参加の申込み", "お名前", "メールアドレス", "人数", "合理的配慮", "手話通訳"):
        assert text in html
    assert "通訳の言語" in html


def test_register_confirms_and_sends_the_details_with_ics_and_cancel_link(
    client, event, django_capture_on_commit_callbacks
):
    event.online_url = "https://zoom.example/j/99"
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/events/forum/register/",
            form_data(mode="online", accessibility=["wheelchair", "captions"]),
        )
    assert response.status_code == 302
    assert response["Location"] == "/events/forum/register/done/"
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.accessibility == ["wheelchair", "captions"]
    assert registration.mode == "online"
    done = client.get(response["Location"])
    assert "参加が確定しました" in done.content.decode()

    (message,) = mail.outbox
    assert message.to == ["hanako@example.jp"]
    assert "【参加確定】つながりフォーラム" in message.subject
    assert f"/events/forum/register/cancel/{registration.token}/" in message.body
    assert "https://zoom.example/j/99" in message.body
    (attachment,) = message.attachments
    assert attachment[0] == "forum.ics"
    (vevent,) = icalendar.Calendar.from_ical(attachment[1]).walk("VEVENT")
    assert "https://zoom.example/j/99" in str(vevent["LOCATION"])
    # The online link is never printed on the page.
    assert "zoom.example" not in client.get("/events/forum/").content.decode()


def test_double_submission_registers_once(client, event, django_capture_on_commit_callbacks):
    for _attempt in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/events/forum/register/", form_data(email="Hanako@Example.jp"))
        assert response.status_code == 302
    assert Registration.objects.count() == 1
    assert "すでにお申し込みいただいています" in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1


def test_bad_input_gets_japanese_errors_and_keeps_what_was_typed(client, event):
    response = client.post(
        "/events/forum/register/",
        form_data(
            name="", email="hanako@", accessibility=["other"], organisation_name="NPO法人あい"
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "入力内容を確認してください" in html
    assert "この項目は必須です" in html
    assert "メールアドレスの形式で入力してください" in html
    assert "「その他」を選んだときは、内容を書いてください。" in html
    assert 'value="NPO法人あい"' in html
    assert 'value="hanako@"' in html
    assert Registration.objects.count() == 0


def test_editor_questions_are_asked_and_answers_stored(client, event):
    motive = EventFormField.objects.create(
        page=event, label="参加の動機", field_type="singleline", required=True, sort_order=0
    )
    party = EventFormField.objects.create(
        page=event,
        label="懇親会",
        field_type="radio",
        choices="参加する\n参加しない",
        required=True,
        sort_order=1,
    )
    assert "参加の動機" in client.get("/events/forum/register/").content.decode()
    response = client.post("/events/forum/register/", form_data())
    assert response.status_code == 200  # required questions unanswered
    response = client.post(
        "/events/forum/register/",
        form_data(**{motive.clean_name: "学びたい", party.clean_name: "参加する"}),
    )
    assert response.status_code == 302
    answers = Registration.objects.get().answers
    assert answers == {"参加の動機": "学びたい", "懇親会": "参加する"}


def test_full_event_puts_people_on_the_waiting_list_in_order(client, event):
    for n in range(4):
        client.post("/events/forum/register/", form_data(email=f"p{n}@example.jp"))
    statuses = list(Registration.objects.order_by("created_at").values_list("status", flat=True))
    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]
    page = client.get("/events/forum/").content.decode()
    assert "満席" in page and "キャンセル待ちに申し込む" in page


def test_party_larger_than_the_seats_left_waits(event):
    services.register(event, name="A", email="a@example.jp", party_size=1)
    outcome = services.register(event, name="B", email="b@example.jp", party_size=2)
    assert outcome.registration.status == RegistrationStatus.WAITING


@pytest.mark.parametrize(
    ("change", "button"),
    [
        ({"registration_deadline": datetime.date(2000, 1, 1)}, "締切"),
        (
            {
                "start": timezone.now() - datetime.timedelta(days=2),
                "end": timezone.now() - datetime.timedelta(days=1),
            },
            "終了",
        ),
    ],
)
def test_the_button_says_why_registration_is_gone(client, event, change, button):
    for name, value in change.items():
        setattr(event, name, value)
    event.save()
    page = client.get("/events/forum/").content.decode()
    assert button in page
    assert "参加を申し込む" not in page
    response = client.post("/events/forum/register/", form_data())
    assert response.status_code == 200
    assert Registration.objects.count() == 0


def test_open_event_shows_the_register_button(client, event):
    page = client.get("/events/forum/").content.decode()
    assert 'href="/events/forum/register/"' in page
    assert "参加を申し込む" in page


def test_members_only_event(client, event):
    """Members-only: signed out, sent to sign in; not a member, not found; a member registers."""
    event.members_only = True
    event.save()
    response = client.get("/events/forum/register/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/events/forum/register/")
    client.post("/events/forum/register/", form_data())
    assert Registration.objects.count() == 0

    outsider = UserFactory(username="outsider", email="outsider@example.jp")
    client.force_login(outsider)
    assert client.get("/events/forum/register/").status_code == 404
    client.post("/events/forum/register/", form_data(email=outsider.email))
    assert Registration.objects.count() == 0

    member = MembershipFactory().user
    client.force_login(member)
    response = client.get("/events/forum/register/")
    assert response.status_code == 200
    assert f'value="{member.email}"' in response.content.decode()  # prefilled
    response = client.post("/events/forum/register/", form_data(email=member.email))
    assert response.status_code == 302
    assert Registration.objects.get().user == member


def test_rate_limited_like_the_join_form(client, event, settings):
    settings.RATELIMIT_ENABLE = True
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "event_register": "2/h/ip"}
    from django.core.cache import cache

    cache.clear()
    for n in range(2):
        response = client.post("/events/forum/register/", form_data(email=f"r{n}@example.jp"))
        assert response.status_code == 302
    response = client.post("/events/forum/register/", form_data(email="r9@example.jp"))
    assert response.status_code == 429
    assert 'value="r9@example.jp"' in response.content.decode()
    assert Registration.objects.count() == 2


def test_the_page_publishes_schema_org_event_with_seats_left(client, event):
    import json
    import re

    event.online_url = "https://zoom.example/j/99"
    event.online_capacity = 5
    event.title = "<つながり> & フォーラム"
    event.save()
    services.register(event, name="A", email="a@example.jp")
    html = client.get("/events/forum/").content.decode()
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert "<つながり>" not in block  # escaped inside the script element
    data = json.loads(block)
    assert data["@type"] == "Event"
    assert data["name"] == "<つながり> & フォーラム"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["remainingAttendeeCapacity"] == 1 + 5
    assert "zoom.example" not in html
