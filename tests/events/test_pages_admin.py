"""Event pages are created through the admin and rendered live; bad input in
the admin form gives a clear (Japanese) error and saves nothing."""

from wagtail.models import Page, Revision

import pytest

from events.models import EventPage
from tests.events.factories import event_page_data
from tests.home.page_helpers import assert_created_and_live, assert_nothing_saved

pytestmark = pytest.mark.django_db


def test_event_page(admin_client_su, event_index, add_page, client):
    response = add_page(event_index, EventPage, event_page_data())
    page = assert_created_and_live(response, EventPage, "forum-2025", client)
    assert page.format == "venue"
    assert page.is_same_day


def test_online_only_event(admin_client_su, event_index, add_page, client):
    data = event_page_data(venue_name="", venue_address="", online_url="https://zoom.example/j/1")
    page = assert_created_and_live(
        add_page(event_index, EventPage, data), EventPage, "forum-2025", client
    )
    assert page.format == "online"


def test_event_ending_before_it_starts(admin_client_su, event_index, add_page):
    before = Page.objects.count()
    data = event_page_data(start="2030-06-01 16:00", end="2030-06-01 13:00")
    response = add_page(event_index, EventPage, data)
    assert_nothing_saved(response, EventPage, before)
    assert "終了日時は開始日時より後にしてください。" in response.content.decode()
    assert "end" in response.context["form"].errors


def test_event_with_neither_venue_nor_online_url(admin_client_su, event_index, add_page):
    before = Page.objects.count()
    response = add_page(
        event_index, EventPage, event_page_data(venue_name="", venue_address="", online_url="")
    )
    assert_nothing_saved(response, EventPage, before)
    assert (
        "会場名かオンライン参加のURLの少なくとも一方を入力してください。"
        in response.content.decode()
    )


def test_event_registration_deadline_after_the_event(admin_client_su, event_index, add_page):
    before = Page.objects.count()
    response = add_page(event_index, EventPage, event_page_data(registration_deadline="2030-06-02"))
    assert_nothing_saved(response, EventPage, before)
    assert "申込締切は開催日より前にしてください。" in response.content.decode()


def test_draft_with_an_impossible_date_range_saves_nothing(admin_client_su, event_index, add_page):
    """Deferral covers only required fields: the model's own checks still run."""
    before = Page.objects.count()
    data = event_page_data(start="2030-06-01 16:00", end="2030-06-01 13:00")
    response = add_page(event_index, EventPage, data, action="action-save")
    assert_nothing_saved(response, EventPage, before)
    assert not Revision.page_revisions.exists()


def test_editor_adds_registration_questions_in_the_admin(
    admin_client_su, event_index, add_page, client
):
    from wagtail.test.utils.form_data import inline_formset

    data = event_page_data(
        registration_open="on",
        capacity="30",
        online_capacity="",
        registration_fields=inline_formset(
            [
                {
                    "label": "所属団体の種別",
                    "field_type": "dropdown",
                    "required": "on",
                    "choices": "NPO\n行政\nその他",
                    "default_value": "",
                    "help_text": "",
                }
            ]
        ),
    )
    page = assert_created_and_live(
        add_page(event_index, EventPage, data), EventPage, "forum-2025", client
    )
    assert page.registration_open
    assert [field.label for field in page.registration_fields.all()] == ["所属団体の種別"]
    html = client.get("/events/forum-2025/register/").content.decode()
    assert "所属団体の種別" in html and "主催者からの質問" in html


def test_register_route_keeps_the_page_view_restriction(client, event_index):
    from wagtail.models import PageViewRestriction

    from tests.events.factories import EventPageFactory

    event = EventPageFactory(parent=event_index, slug="closed-meeting", registration_open=True)
    PageViewRestriction.objects.create(page=event, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/events/closed-meeting/register/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
