"""Cancelling, the waiting list moving up, reminders, counts and retention."""

import datetime

from django.core import mail
from django.utils import timezone

import pytest

from events import services, tasks
from events.models import Registration, RegistrationStatus
from tests.events.factories import EventPageFactory, open_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(event_index):
    return open_event(event_index, capacity=1, days_ahead=10)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def register(event, n, **fields):
    outcome = services.register(event, name=f"参加者{n}", email=f"p{n}@example.jp", **fields)
    return outcome.registration


def cancel_url(registration):
    return f"/events/forum/register/cancel/{registration.token}/"


def test_cancel_link_opens_a_confirmation_page_and_cancels_by_post(client, event, commit):
    registration = register(event, 1)
    response = client.get(cancel_url(registration))
    assert response.status_code == 200
    assert "キャンセルする" in response.content.decode()
    assert response["Referrer-Policy"] == "strict-origin"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED  # a GET changes nothing

    with commit():
        response = client.post(cancel_url(registration))
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert any("【キャンセルしました】" in message.subject for message in mail.outbox)

    # Twice is harmless; the link now only says it is done.
    assert client.post(cancel_url(registration)).status_code == 302
    page = client.get(cancel_url(registration)).content.decode()
    assert "このお申込みはキャンセルされています" in page
    assert "キャンセルする</button>" not in page
    assert Registration.objects.filter(status=RegistrationStatus.CANCELLED).count() == 1


def test_a_guessed_token_finds_nothing(client, event):
    register(event, 1)
    assert client.get("/events/forum/register/cancel/not-a-token/").status_code == 404
    assert client.post("/events/forum/register/cancel/not-a-token/").status_code == 404
    assert len(Registration.objects.get().token) >= 40


def test_a_freed_seat_is_offered_to_the_first_waiting_then_the_next(client, event, commit):
    first = register(event, 1)
    second, third = register(event, 2), register(event, 3)
    assert second.status == third.status == RegistrationStatus.WAITING
    mail.outbox.clear()

    now = timezone.now()
    with commit():
        services.cancel(first, now=now)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == RegistrationStatus.OFFERED
    assert second.offered_until == now + datetime.timedelta(hours=48)
    assert third.status == RegistrationStatus.WAITING
    offer = next(m for m in mail.outbox if "【空席のご案内】" in m.subject)
    assert offer.to == ["p2@example.jp"]
    assert f"/events/forum/register/offer/{second.token}/" in offer.body

    # Nobody answers: after the time runs out the seat goes to the next (twice is harmless).
    later = second.offered_until + datetime.timedelta(minutes=1)
    with commit():
        assert services.offer_freed_seats_everywhere(now=later) == 1
        assert services.offer_freed_seats_everywhere(now=later) == 0
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == RegistrationStatus.CANCELLED
    assert third.status == RegistrationStatus.OFFERED
    assert sum("【空席のご案内】" in m.subject for m in mail.outbox) == 2

    # The third accepts from the link (a page, then POST).
    url = f"/events/forum/register/offer/{third.token}/"
    assert "参加を確定する" in client.get(url).content.decode()
    with commit():
        assert client.post(url).status_code == 302
    third.refresh_from_db()
    assert third.status == RegistrationStatus.CONFIRMED
    assert any(
        m.subject.startswith("【参加確定】") and m.to == ["p3@example.jp"] for m in mail.outbox
    )


def test_offers_are_shorter_close_to_the_event(event):
    now = event.start - datetime.timedelta(hours=20)
    assert services.offer_duration(event, now) == datetime.timedelta(hours=10)
    assert services.offer_duration(event, event.start - datetime.timedelta(hours=3)) == (
        services.MIN_OFFER
    )


def test_reminder_the_day_before_once(event, commit):
    confirmed = register(event, 1)
    register(event, 2)  # waiting: no reminder
    mail.outbox.clear()
    day_before = event.start - datetime.timedelta(days=1)
    with commit():
        assert services.send_reminders(now=day_before) == 1
        assert services.send_reminders(now=day_before) == 0
    (message,) = mail.outbox
    assert message.to == [confirmed.email]
    assert message.subject.startswith("【明日開催】")
    assert message.attachments[0][0] == "forum.ics"
    with commit():
        tasks.send_event_reminders.delay()  # the periodic task, eagerly: nothing new
    assert len(mail.outbox) == 1


def test_beat_schedules_the_event_jobs(settings):
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "events.tasks.offer_freed_seats" in tasks_scheduled
    assert "events.tasks.send_event_reminders" in tasks_scheduled


def test_counts_per_event_and_fiscal_year(event_index):
    def event_on(day):
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(13)))
        return EventPageFactory(
            parent=event_index,
            registration_open=True,
            capacity=None,
            start=start,
            end=start + datetime.timedelta(hours=2),
        )

    april, march = event_on(datetime.date(2030, 4, 1)), event_on(datetime.date(2031, 3, 31))
    may_next = event_on(datetime.date(2031, 5, 1))
    for ev in (april, march, may_next):
        Registration.objects.bulk_create(
            [
                Registration(event=ev, name="a", email=f"a{ev.pk}@x.jp", status="attended"),
                Registration(event=ev, name="b", email=f"b{ev.pk}@x.jp", status="no_show"),
                Registration(event=ev, name="c", email=f"c{ev.pk}@x.jp", status="cancelled"),
                Registration(event=ev, name="d", email=f"d{ev.pk}@x.jp", status="confirmed"),
            ]
        )
    assert services.counts_for_event(april) == {
        "registered": 3,
        "attended": 1,
        "no_show": 1,
        "cancelled": 1,
        "waiting": 0,
    }
    fiscal_2030 = services.counts_for_fiscal_year(2030)
    assert fiscal_2030["registered"] == 6 and fiscal_2030["attended"] == 2


def test_personal_data_is_purged_after_the_event_and_counts_stay(event_index):
    start = timezone.now() - datetime.timedelta(days=services.RETENTION_DAYS + 2)
    old = EventPageFactory(parent=event_index, start=start, end=start + datetime.timedelta(hours=2))
    Registration.objects.create(
        event=old,
        name="県民 花子",
        email="hanako@example.jp",
        status="attended",
        accessibility=["wheelchair"],
        answers={"動機": "x"},
    )
    Registration.objects.create(
        event=old, name="県民 太郎", email="taro@example.jp", status="no_show"
    )
    before = services.counts_for_event(old)
    from privacy import services as privacy_services

    privacy_services.purge_expired()
    assert services.counts_for_event(old) == before
    for row in Registration.objects.filter(event=old):
        assert row.email == "" and row.name == services.PURGED_NAME
        assert row.accessibility == [] and row.answers == {}
    assert services.purge_registrations() == 0  # nothing left to purge


def test_no_shows_are_marked_a_day_after_an_event_that_used_check_in(event_index):
    start = timezone.now() - datetime.timedelta(days=3)
    used, unused = (
        EventPageFactory(parent=event_index, start=start, end=start + datetime.timedelta(hours=2))
        for _n in range(2)
    )
    for ev in (used, unused):
        Registration.objects.create(event=ev, name="a", email="a@x.jp", status="confirmed")
    Registration.objects.create(event=used, name="b", email="b@x.jp", status="attended")
    assert services.mark_no_shows() == 1
    assert services.mark_no_shows() == 0
    assert services.counts_for_event(used)["no_show"] == 1
    assert services.counts_for_event(unused)["no_show"] == 0
