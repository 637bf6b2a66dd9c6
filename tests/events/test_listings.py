"""The events index: upcoming events first, then the past ones, paginated."""

import datetime

from django.utils import timezone

import pytest

from tests.events.factories import EventPageFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now


def test_event_index_splits_upcoming_and_past(client, event_index):
    hour = datetime.timedelta(hours=1)
    day = datetime.timedelta(days=1)
    later = EventPageFactory(parent=event_index, start=NOW() + 3 * day, end=NOW() + 3 * day + hour)
    soon = EventPageFactory(parent=event_index, start=NOW() + day, end=NOW() + day + hour)
    running = EventPageFactory(parent=event_index, start=NOW() - hour, end=NOW() + hour)
    old = EventPageFactory(parent=event_index, start=NOW() - 9 * day, end=NOW() - 9 * day + hour)
    recent = EventPageFactory(parent=event_index, start=NOW() - 2 * day, end=NOW() - 2 * day + hour)

    response = client.get("/events/")
    assert response.status_code == 200
    assert list(response.context["upcoming_events"]) == [running, soon, later]
    assert list(response.context["past_events"]) == [recent, old]
    assert all(event.is_past for event in response.context["past_events"])


def test_past_events_paginate(client, event_index):
    for n in range(12):
        start = NOW() - datetime.timedelta(days=n + 1)
        EventPageFactory(parent=event_index, start=start, end=start + datetime.timedelta(hours=1))
    for page, count in (("1", 10), ("2", 2), ("abc", 10), ("999", 2)):
        response = client.get("/events/", {"page": page})
        assert response.status_code == 200
        assert len(response.context["past_events"].object_list) == count
