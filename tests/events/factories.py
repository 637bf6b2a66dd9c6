"""Factories for the event pages, plus admin form data for an event."""

import datetime

from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import factory

from events.models import EventIndexPage, EventPage
from tests.home.factories import PublishedPageFactory


class EventIndexPageFactory(PublishedPageFactory):
    title = "イベント"
    slug = "events"

    class Meta:
        model = EventIndexPage


class EventPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"つながりフォーラム {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    event_type = "forum"
    start = factory.Sequence(
        lambda n: timezone.now().replace(microsecond=0) + datetime.timedelta(days=n + 1)
    )
    end = factory.LazyAttribute(lambda obj: obj.start + datetime.timedelta(hours=2))
    summary = "孤独・孤立対策を考えるフォーラムです。"
    venue_name = "県民会館 大会議室"
    venue_address = "県庁所在地1-1-1"

    class Meta:
        model = EventPage


def open_event(parent, *, capacity, days_ahead):
    """The forum 「つながりフォーラム」 taking registrations, ``days_ahead`` days from now."""
    return EventPageFactory(
        parent=parent,
        slug="forum",
        title="つながりフォーラム",
        registration_open=True,
        capacity=capacity,
        start=timezone.now() + datetime.timedelta(days=days_ahead),
    )


def event_page_data(**overrides):
    return nested_form_data(
        {
            "title": "つながりフォーラム2025",
            "slug": "forum-2025",
            "event_type": "forum",
            "start": "2030-06-01 13:00",
            "end": "2030-06-01 16:00",
            "summary": "孤独・孤立対策のフォーラムです。",
            "venue_name": "県民会館",
            "venue_address": "県庁所在地1-1-1",
            "online_url": "",
            "capacity": "100",
            "fee": "無料",
            "organiser": "つながりネット事務局",
            "registration_url": "",
            "registration_deadline": "",
            "contact": "",
            "online_capacity": "",
            "referral_seats": "0",
            "registration_fields": inline_formset([]),
            "body": streamfield([]),
            **overrides,
        }
    )
