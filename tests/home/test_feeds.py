"""The news feeds (Atom, RSS)."""

import datetime
import xml.etree.ElementTree as ET

from django.utils import timezone

from wagtail.models import PageViewRestriction

import feedparser
import pytest

from tests.home.factories import NewsPageFactory

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
