"""The news feeds (Atom, RSS) and the per-event iCalendar export."""

import datetime
import xml.etree.ElementTree as ET

from django.utils import timezone

from wagtail.models import PageViewRestriction

import feedparser
import icalendar
import pytest

from tests.home.factories import EventPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

FEEDS = ["/news/feed/", "/news/rss/"]


@pytest.fixture
def news_items(news_index):
    """Three public items (dated apart), a draft and a members-only item."""
    today = timezone.localdate()
    items = [
        NewsPageFactory(
            parent=news_index, title=f"公開のお知らせ{n}", date=today - datetime.timedelta(days=n)
        )
        for n in (2, 0, 1)  # created out of date order
    ]
    NewsPageFactory(parent=news_index, title="下書きのお知らせ KANARIA-DRAFT", live=False)
    private = NewsPageFactory(parent=news_index, title="会員限定のお知らせ KANARIA-PRIVATE")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return items


@pytest.mark.parametrize("url", FEEDS)
def test_feed_is_well_formed_and_lists_public_news_newest_first(client, news_items, url):
    response = client.get(url)
    assert response.status_code == 200
    ET.fromstring(response.content)  # noqa: S314 - our own output; raises if malformed

    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert [entry.title for entry in feed.entries] == [
        "公開のお知らせ0",
        "公開のお知らせ1",
        "公開のお知らせ2",
    ]
    first = feed.entries[0]
    assert first.link == "http://testserver/news/" + news_items[1].slug + "/"
    assert first.summary == "公開のお知らせ0 の概要です。"
    assert "つながりネット" in feed.feed.title
    assert "KANARIA" not in response.content.decode()


def test_atom_feed_type_and_dates(client, news_items):
    response = client.get("/news/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.version == "atom10"
    published = [entry.published_parsed for entry in feed.entries]
    assert published == sorted(published, reverse=True)
    assert all(entry.updated_parsed for entry in feed.entries)


def test_rss_feed_type_and_categories(client, news_items):
    response = client.get("/news/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert feed.version == "rss20"
    assert feed.entries[0].tags[0].term == "お知らせ"


@pytest.mark.parametrize("url", FEEDS)
def test_empty_feed_is_still_valid(client, news_index, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.entries == []


# --- iCalendar --------------------------------------------------------------


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
    assert str(vevent["LOCATION"]) == "県民会館、県庁所在地1-1-1 / https://zoom.example/j/123"
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
