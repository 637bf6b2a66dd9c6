"""The per-event iCalendar (.ics) export."""

import datetime

from django.utils import timezone

from wagtail.models import PageViewRestriction

import icalendar
import pytest

from tests.events.factories import EventPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(event_index):
    start = timezone.make_aware(datetime.datetime(2030, 6, 1, 13, 0))  # Asia/Tokyo
    return EventPageFactory(
        parent=event_index,
        title="つながりフォーラム2030",
        slug="forum-2030",
        start=start,
        end=start + datetime.timedelta(hours=3),
        venue_name="県民会館",
        venue_address="県庁所在地1-1-1",
        online_url="https://zoom.example/j/123",
    )


def test_event_ics(client, event):
    response = client.get("/events/forum-2030/ics/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'attachment; filename="forum-2030.ics"'

    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    (vevent,) = calendar.walk("VEVENT")
    dtstart, dtend = vevent["DTSTART"].dt, vevent["DTEND"].dt
    assert dtstart.tzinfo is not None and dtend.tzinfo is not None
    assert dtstart == event.start
    assert dtend == event.end
    assert dtstart.astimezone(datetime.UTC) == datetime.datetime(
        2030, 6, 1, 4, 0, tzinfo=datetime.UTC
    )
    assert str(vevent["SUMMARY"]) == "つながりフォーラム2030"
    assert str(vevent["URL"]) == "http://testserver/events/forum-2030/"
    # The online link goes to registrants only (their confirmation e-mail).
    assert str(vevent["LOCATION"]) == "県民会館、県庁所在地1-1-1 / オンライン"
    assert "zoom.example" not in response.content.decode()
    assert "主催：つながりネット事務局" in str(vevent["DESCRIPTION"])
    assert str(vevent["UID"]) == f"event-{event.pk}@testserver"


def test_draft_event_has_no_ics(client, event_index):
    EventPageFactory(parent=event_index, slug="draft-event", live=False)
    assert client.get("/events/draft-event/ics/").status_code == 404


def test_members_only_event_ics_needs_login(client, event):
    PageViewRestriction.objects.create(page=event, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/events/forum-2030/ics/")
    assert response.status_code == 302
    assert "つながりフォーラム2030".encode() not in response.content


def test_calendar_feed_lists_public_live_events_without_online_links(client, event, event_index):
    hidden = EventPageFactory(parent=event_index, title="会員限定の会議", slug="members-only")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    draft = EventPageFactory(parent=event_index, title="下書きのイベント", slug="draft")
    draft.unpublish()
    response = client.get("/events/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    titles = [str(vevent["SUMMARY"]) for vevent in calendar.walk("VEVENT")]
    assert titles == ["つながりフォーラム2030"]
    assert "zoom.example" not in response.content.decode()
