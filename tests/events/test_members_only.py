"""Members-only events never leak (issue 18): canaries in the page, the lists, the feeds.

A members-only event carries a unique canary in its title and summary. It
is restricted to the 会員 group when saved (EventPage.restrict_to_members),
so Wagtail keeps it out of everything public. Each persona must find the
canary nowhere (the events list, the home page, the public calendar feed,
site search, the sitemaps, the page itself) unless they read members-only
content; members see it in the events list and register, the public never.
"""

import datetime
import re

from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from events.models import Registration
from organisations import access
from organisations.choices import MembershipRole, OrganisationStatus
from organisations.services import manage
from tests.conftest import point_default_site_at_home
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.organisations.conftest import make_member, make_outsider, make_secretariat
from tests.organisations.factories import OrganisationFactory
from tests.worlds import per_test_fixtures, world_sign_in

pytestmark = pytest.mark.django_db

CANARY = "kanariev9"
PAGE_URL = "/events/members-forum/"
READERS = ("member", "secretariat")
NON_READERS = ("anonymous", "outsider", "suspended_staff")


@pytest.fixture(scope="module")
def world(module_db):
    home = point_default_site_at_home()
    index = EventIndexPageFactory(parent=home)
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=20)
    public = EventPageFactory(parent=index, slug="open-forum", title="公開フォーラム", start=start)
    event = EventPageFactory(
        parent=index,
        slug="members-forum",
        title=f"会員交流会 {CANARY}",
        summary=f"会員団体の職員の交流会です。{CANARY}",
        start=start,
        members_only=True,
        registration_open=True,
        capacity=30,
    )
    secretariat = make_secretariat()
    active = OrganisationFactory(name="あおぞら見守りネット", slug="aozora")
    suspended = OrganisationFactory(name="休止中の団体", slug="kyushi")
    suspended_staff = make_member(suspended, MembershipRole.STAFF)
    manage.set_status(suspended, OrganisationStatus.SUSPENDED, by=secretariat, reason="テスト")
    return {
        "public": public,
        "event": event,
        "active": active,
        "member": make_member(active, MembershipRole.STAFF),
        "secretariat": secretariat,
        "outsider": make_outsider(),
        "suspended_staff": suspended_staff,
    }


globals().update(per_test_fixtures("world", ["event", "active", "member", "secretariat"]))


sign_in = world_sign_in("world")


def sitemap_text(client):
    index = client.get("/sitemap.xml").content.decode()
    texts = [index]
    for location in re.findall(r"<loc>https?://[^/]+(/[^<]*)</loc>", index):
        texts.append(client.get(location).content.decode())
    return "\n".join(texts)


def where_found(client):
    """Where the canary shows for this client."""
    found = set()
    places = {
        "list": "/events/",
        "home": "/",
        "feed": "/events/calendar.ics",
        "page": PAGE_URL,
    }
    for name, url in places.items():
        response = client.get(url)
        if response.status_code == 200 and CANARY in response.content.decode():
            found.add(name)
    response = client.get("/search/", {"q": "会員交流会"})
    if any(CANARY in result.title for result in response.context["results"]):
        found.add("search")
    if CANARY in sitemap_text(client) or PAGE_URL in sitemap_text(client):
        found.add("sitemap")
    return found


def test_saving_a_members_only_event_restricts_it_to_the_members_group(event):
    (restriction,) = PageViewRestriction.objects.filter(page=event)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert [group.name for group in restriction.groups.all()] == [access.MEMBERS_GROUP]
    event.save()  # saving again adds nothing
    assert PageViewRestriction.objects.filter(page=event).count() == 1


@pytest.mark.parametrize("persona", READERS)
def test_readers_see_it_in_the_list_and_on_its_page_only(sign_in, persona):
    # Found in search as members-only reports are; never in the public feed,
    # the home page or the sitemaps, which are the same for everyone.
    assert where_found(sign_in(persona)) == {"list", "page", "search"}


@pytest.mark.parametrize("persona", NON_READERS)
def test_non_readers_find_the_canary_nowhere(sign_in, persona):
    assert where_found(sign_in(persona)) == set()


def test_the_public_event_is_listed_for_everyone(sign_in):
    for persona in ("anonymous", "member"):
        html = sign_in(persona).get("/events/").content.decode()
        assert "公開フォーラム" in html


def test_members_list_marks_it_members_only(sign_in):
    html = sign_in("member").get("/events/").content.decode()
    card = html[html.index(CANARY) - 1500 : html.index(CANARY)]
    assert "会員限定" in card


def test_anonymous_is_sent_to_sign_in_and_cannot_register(sign_in):
    client = sign_in("anonymous")
    response = client.get(PAGE_URL + "register/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/events/members-forum/")
    client.post(PAGE_URL + "register/", {"name": "誰か", "email": "a@example.jp"})
    assert not Registration.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "suspended_staff"])
def test_signed_in_non_members_get_not_found_and_cannot_register(sign_in, world, persona):
    client = sign_in(persona)
    assert client.get(PAGE_URL).status_code == 404
    response = client.post(
        PAGE_URL + "register/",
        {"name": "誰か", "email": world[persona].email, "party_size": "1", "mode": "venue"},
    )
    assert response.status_code == 404
    assert not Registration.objects.exists()


def test_a_member_registers_and_loses_access_when_suspended(sign_in, member, active, secretariat):
    client = sign_in("member")
    response = client.post(
        PAGE_URL + "register/",
        {"name": "会員 花子", "email": member.email, "party_size": "1", "mode": "venue"},
    )
    assert response.status_code == 302
    assert Registration.objects.get().user == member
    manage.set_status(active, OrganisationStatus.SUSPENDED, by=secretariat, reason="会費未納")
    assert where_found(client) == set()


def test_unticking_members_only_keeps_the_page_private(event):
    """Failing closed: the restriction stays until an editor changes the privacy too."""
    event.members_only = False
    event.save()
    assert PageViewRestriction.objects.filter(page=event).exists()


def test_the_personal_feed_holds_it_while_the_member_may_read_it(
    sign_in, member, active, secretariat
):
    client = sign_in("member")
    client.post(
        PAGE_URL + "register/",
        {"name": "会員 花子", "email": member.email, "party_size": "1", "mode": "venue"},
    )
    client.post("/events/my-calendar/")
    token = member.event_calendar_feed.token
    feed = client.get(f"/events/calendar/{token}.ics").content.decode()
    assert CANARY in feed
    manage.set_status(active, OrganisationStatus.SUSPENDED, by=secretariat, reason="会費未納")
    assert CANARY not in client.get(f"/events/calendar/{token}.ics").content.decode()
