"""Subcommittee meetings as events (issue 18): scheduled by coordinators, open to members.

A coordinator schedules a meeting from the subcommittee's pages; it becomes
an event page owned by the subcommittee (events.owners), restricted to the
会員 group. Only S1's members and the secretariat see it and register; the
online link reaches registrants by e-mail only; it is in no public list,
feed or search; members subscribe to it through their personal feed.
"""

import datetime

from django.core import mail
from django.utils import timezone

from wagtail.models import PageViewRestriction

import icalendar
import pytest

from events.models import CalendarFeed, EventPage, Registration
from subcommittees import services
from subcommittees.models import MeetingRecord, SubcommitteeMembership
from tests.conftest import point_default_site_at_home
from tests.events.factories import EventIndexPageFactory
from tests.worlds import per_test_fixtures

from .conftest import WORLD_FIXTURES

pytestmark = pytest.mark.django_db

globals().update(per_test_fixtures("module_world", WORLD_FIXTURES))

TITLE = "第3回 こども食堂分科会 定例会"
ZOOM = "https://zoom.example/j/4242"
START = timezone.localtime(timezone.now()).replace(second=0, microsecond=0) + datetime.timedelta(
    days=14
)


@pytest.fixture(scope="module")
def scheduled(module_world):
    """S1's meeting, scheduled once for the module by its coordinator."""
    EventIndexPageFactory(parent=point_default_site_at_home())
    meeting = services.schedule_meeting(
        module_world["s1"],
        by=module_world["coordinator"],
        title=TITLE,
        agenda="夏休みの食材の確保について",
        start=START,
        end=START + datetime.timedelta(hours=2),
        venue_name="市民活動センター 会議室A",
        venue_address="中央区1-2-3",
        online_url=ZOOM,
        capacity=20,
    )
    return {"meeting_pk": meeting.pk, "url": meeting.event.url}


@pytest.fixture
def meeting(scheduled):
    return MeetingRecord.objects.select_related("event").get(pk=scheduled["meeting_pk"])


def schedule_data(**overrides):
    start = START + datetime.timedelta(days=7)
    return {
        "title": "臨時会",
        "start": f"{start:%Y-%m-%dT%H:%M}",
        "end": f"{start + datetime.timedelta(hours=1):%Y-%m-%dT%H:%M}",
        "venue_name": "",
        "venue_address": "",
        "online_url": "https://meet.example/abc",
        "capacity": "",
        "agenda": "",
        **overrides,
    }


def register_data(user):
    return {"name": "分科会 太郎", "email": user.email, "party_size": "1", "mode": "venue"}


# --- Scheduling -------------------------------------------------------------------


def test_the_scheduled_meeting_is_an_owned_members_only_event(meeting):
    event = meeting.event
    assert event.owned and event.live and event.registration_open
    assert event.organiser == "こども食堂分科会"
    assert meeting.date == START.date()
    assert PageViewRestriction.objects.filter(page=event).exists()
    assert not EventPage.objects.filter(pk=event.pk).public().exists()


def test_coordinator_schedules_a_meeting_from_the_subcommittee(sign_in, scheduled):
    client = sign_in("coordinator")
    assert "会議を予定する" in client.get("/subcommittees/kodomo/manage/").content.decode()
    assert client.get("/subcommittees/kodomo/meetings/schedule/").status_code == 200
    response = client.post("/subcommittees/kodomo/meetings/schedule/", schedule_data())
    meeting = MeetingRecord.objects.get(title="臨時会")
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.event.online_url == "https://meet.example/abc"
    assert meeting.event.owned


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end": f"{START - datetime.timedelta(days=1):%Y-%m-%dT%H:%M}"}, "終了日時は開始日時"),
        ({"online_url": ""}, "会場名かオンライン参加のURL"),
        ({"start": "あした"}, "2026-04-01 14:00 の形"),
        ({"online_url": "javascript:alert(1)"}, "https:// で始まるURL"),
    ],
)
def test_bad_input_is_explained_and_kept(sign_in, scheduled, overrides, message):
    client = sign_in("coordinator")
    response = client.post("/subcommittees/kodomo/meetings/schedule/", schedule_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="臨時会"' in html  # nothing typed is lost
    assert not MeetingRecord.objects.filter(title="臨時会").exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("outsider", 404), ("org_member", 404), ("member", 403),
     ("other_coordinator", 404)],
)  # fmt: skip
def test_only_coordinators_and_the_secretariat_schedule(sign_in, scheduled, persona, status):
    response = sign_in(persona).post("/subcommittees/kodomo/meetings/schedule/", schedule_data())
    assert response.status_code == status
    assert not MeetingRecord.objects.filter(title="臨時会").exists()


def test_secretariat_schedules_too(sign_in, scheduled):
    response = sign_in("secretariat").post(
        "/subcommittees/kodomo/meetings/schedule/", schedule_data()
    )
    assert response.status_code == 302
    assert MeetingRecord.objects.filter(title="臨時会").exists()


def test_rescheduling_moves_the_event(sign_in, meeting):
    client = sign_in("coordinator")
    url = f"/subcommittees/kodomo/meetings/{meeting.pk}/schedule/"
    form = client.get(url).content.decode()
    assert 'value="市民活動センター 会議室A"' in form
    later = START + datetime.timedelta(days=1)
    response = client.post(
        url,
        schedule_data(
            title=TITLE,
            start=f"{later:%Y-%m-%dT%H:%M}",
            end=f"{later + datetime.timedelta(hours=2):%Y-%m-%dT%H:%M}",
            venue_name="市民活動センター 会議室B",
        ),
    )
    assert response.status_code == 302
    event = EventPage.objects.get(pk=meeting.event_id)
    assert event.venue_name == "市民活動センター 会議室B"
    assert event.start == later
    assert MeetingRecord.objects.get(pk=meeting.pk).date == later.date()
    assert MeetingRecord.objects.filter(event=event).count() == 1


def test_deleting_the_meeting_takes_its_page_down(sign_in, meeting):
    client = sign_in("coordinator")
    client.post(f"/subcommittees/kodomo/meetings/{meeting.pk}/delete/")
    assert not EventPage.objects.get(pk=meeting.event_id).live
    assert sign_in("member").get(meeting.event.url).status_code == 404


# --- Who sees it and registers ---------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("outsider", 404), ("org_member", 404), ("other_member", 404),
     ("member", 200), ("coordinator", 200), ("secretariat", 200)],
)  # fmt: skip
def test_its_page_is_open_to_the_subcommittee_only(sign_in, scheduled, persona, status):
    response = sign_in(persona).get(scheduled["url"])
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert TITLE in html
        assert "zoom.example" not in html  # never printed


@pytest.mark.parametrize("persona", ["outsider", "org_member", "other_member"])
def test_others_cannot_register(sign_in, module_world, scheduled, persona):
    user = module_world[persona]
    response = sign_in(persona).post(scheduled["url"] + "register/", register_data(user))
    assert response.status_code == 404
    assert not Registration.objects.exists()


def test_a_member_registers_and_gets_the_online_link_by_mail_only(
    sign_in, member, meeting, django_capture_on_commit_callbacks
):
    client = sign_in("member")
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert "市民活動センター 会議室A" in detail
    assert "参加を申し込む" in detail
    assert "zoom.example" not in detail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            meeting.event.url + "register/", {**register_data(member), "mode": "online"}
        )
    assert response.status_code == 302
    assert Registration.objects.get().user == member
    (message,) = mail.outbox
    assert ZOOM in message.body
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert "お申込み済みです" in detail
    assert "zoom.example" not in detail


def test_a_member_who_left_loses_the_meeting(sign_in, member, s1, meeting):
    SubcommitteeMembership.objects.filter(subcommittee=s1, user=member).delete()
    client = sign_in("member")
    assert client.get(meeting.event.url).status_code == 404
    client.post(meeting.event.url + "register/", register_data(member))
    assert not Registration.objects.exists()


@pytest.mark.parametrize("persona", ["anonymous", "org_member", "member"])
def test_never_in_public_lists_feeds_or_search(sign_in, scheduled, persona):
    client = sign_in(persona)
    for url in ("/events/", "/events/calendar.ics", "/"):
        assert TITLE not in client.get(url).content.decode(), url
    response = client.get("/search/", {"q": "定例会"})
    assert all(TITLE not in result.title for result in response.context["results"])


# --- The personal calendar feed --------------------------------------------------------


def feed_events(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    entries = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    return [str(entry["SUMMARY"]) for entry in entries]


def make_feed(client):
    assert client.post("/events/my-calendar/").status_code == 302
    page = client.get("/events/my-calendar/").content.decode()
    start = page.index("http://testserver/events/calendar/")
    return page[start : page.index('"', start)].removeprefix("http://testserver")


def test_the_feed_holds_the_members_meetings_without_the_link(sign_in, scheduled):
    client = sign_in("member")
    url = make_feed(client)
    client.logout()  # calendar apps do not sign in
    assert feed_events(client, url) == [TITLE]
    assert "zoom.example" not in client.get(url).content.decode()


def test_a_new_address_retires_the_old_one(sign_in, scheduled, member):
    client = sign_in("member")
    old = make_feed(client)
    new = make_feed(client)
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert CalendarFeed.objects.filter(user=member).count() == 1


def test_the_feed_follows_membership(sign_in, scheduled, member, s1):
    client = sign_in("member")
    url = make_feed(client)
    SubcommitteeMembership.objects.filter(subcommittee=s1, user=member).delete()
    assert feed_events(client, url) == []


def test_other_members_feeds_hold_no_meeting_of_s1(sign_in, scheduled):
    client = sign_in("org_member")
    assert feed_events(client, make_feed(client)) == []


def test_the_feed_page_needs_signing_in_and_tokens_cannot_be_guessed(client, scheduled):
    response = client.get("/events/my-calendar/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.post("/events/my-calendar/").status_code == 302
    assert not CalendarFeed.objects.exists()
    assert client.get("/events/calendar/not-a-token.ics").status_code == 404


def test_a_deactivated_account_has_no_feed(sign_in, scheduled, member):
    url = make_feed(sign_in("member"))
    member.is_active = False
    member.save()
    assert sign_in("anonymous").get(url).status_code == 404
