"""Each site count against a known world, at the fiscal-year boundary.

FY2024 runs 1 April 2024 – 31 March 2025, FY2025 from 1 April 2025.
Three organisations join in March 2025 and two in April 2025; one that
joined earlier withdraws in January 2025, another is suspended in March
2025, and one of March's changes tier in May 2025.
"""

import datetime

from django.utils import timezone

import pytest
from machina.core.db.models import get_model

from events import services as event_services
from events.models import Registration, RegistrationStatus
from kpi import counts
from kpi.periods import fiscal_year_dates
from organisations.choices import ApplicationStatus, OrganisationStatus, Tier
from organisations.models import Application, Organisation, StatusHistory
from organisations.services import history
from subcommittees.models import MeetingRecord, Subcommittee
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.organisations.factories import ApplicationFactory, OrganisationFactory, UserFactory

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")

FY2024 = fiscal_year_dates(2024)
FY2025 = fiscal_year_dates(2025)
D = datetime.date


def at(day, hour=12, minute=0):
    tz = timezone.get_current_timezone()
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def totals(rows, part=""):
    out = {}
    for month, row_part, value in rows:
        if row_part == part:
            out[month] = out.get(month, 0) + value
    return out


def last_value(rows, part=""):
    values = totals(rows, part)
    return values[max(values)] if values else 0


@pytest.fixture(scope="module")
def world(module_db, django_db_blocker):
    orgs = {}
    for name, joined, tier in [
        ("a", D(2025, 3, 10), Tier.GENERAL),
        ("b", D(2025, 3, 15), Tier.GENERAL),
        ("c", D(2025, 3, 31), Tier.GENERAL),
        ("d", D(2025, 4, 1), Tier.STEERING),
        ("e", D(2025, 4, 20), Tier.GENERAL),
        ("f", D(2023, 6, 1), Tier.GENERAL),
        ("g", D(2023, 5, 1), Tier.STEERING),
    ]:
        orgs[name] = OrganisationFactory(joined_on=joined, tier=tier)
    # f withdraws on 15 January 2025 (its 退会日 dates the change).
    f = orgs["f"]
    f.status, f.left_on = OrganisationStatus.WITHDRAWN, D(2025, 1, 15)
    f.save()
    # g is suspended on 20 March 2025; a becomes a steering member on 10 May 2025.
    Organisation.objects.filter(pk=orgs["g"].pk).update(status=OrganisationStatus.SUSPENDED)
    history.record(Organisation.objects.get(pk=orgs["g"].pk), on=D(2025, 3, 20))
    Organisation.objects.filter(pk=orgs["a"].pk).update(tier=Tier.STEERING)
    history.record(Organisation.objects.get(pk=orgs["a"].pk), on=D(2025, 5, 10))

    # Applications: one each side of midnight on 31 March, one unconfirmed.
    for when, status in [
        (at(D(2025, 3, 31), 23, 30), ApplicationStatus.SUBMITTED),
        (at(D(2025, 4, 1), 0, 10), ApplicationStatus.ACCEPTED),
        (at(D(2025, 4, 2)), ApplicationStatus.UNCONFIRMED),
    ]:
        app = ApplicationFactory(status=status)
        Application.objects.filter(pk=app.pk).update(
            submitted_at=when,
            email_confirmed_at=None if status == ApplicationStatus.UNCONFIRMED else when,
            decided_at=at(D(2025, 4, 2)) if status == ApplicationStatus.ACCEPTED else None,
        )

    # Forum: a topic on 31 March, one on 1 April, an unapproved one in April.
    user = UserFactory()
    forum = Forum.objects.create(name="全体", type=Forum.FORUM_POST)
    for when, approved in [(D(2025, 3, 31), True), (D(2025, 4, 1), True), (D(2025, 4, 3), False)]:
        topic = Topic.objects.create(
            forum=forum,
            poster=user,
            subject="話題",
            type=Topic.TOPIC_POST,
            status=Topic.TOPIC_UNLOCKED,
            approved=approved,
        )
        post = Post.objects.create(
            topic=topic, poster=user, subject="話題", content="本文", approved=approved
        )
        Topic.objects.filter(pk=topic.pk).update(created=at(when, 23, 59))
        Post.objects.filter(pk=post.pk).update(created=at(when, 23, 59))

    # Subcommittees: one active since 2024, one created in April 2025, one closed.
    for created, active in [(D(2024, 6, 1), True), (D(2025, 4, 10), True), (D(2024, 7, 1), False)]:
        sc = Subcommittee.objects.create(
            name=f"分科会{created}", slug=f"sc-{created}", theme="居場所", is_active=active
        )
        Subcommittee.objects.filter(pk=sc.pk).update(created_at=at(created))
    sc = Subcommittee.objects.first()
    for day in (D(2025, 3, 31), D(2025, 4, 1), D(2025, 4, 15)):
        MeetingRecord.objects.create(subcommittee=sc, date=day, title="定例会")

    # Events: one on 31 March 2025 (3 registered, 2 attended), one on 1 April.
    index = EventIndexPageFactory(parent=_home())
    march = EventPageFactory(parent=index, start=at(D(2025, 3, 31), 14), end=at(D(2025, 3, 31), 16))
    april = EventPageFactory(parent=index, start=at(D(2025, 4, 1), 10), end=at(D(2025, 4, 1), 12))
    for event, statuses in [
        (
            march,
            [
                RegistrationStatus.ATTENDED,
                RegistrationStatus.ATTENDED,
                RegistrationStatus.NO_SHOW,
                RegistrationStatus.CANCELLED,
            ],
        ),
        (april, [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]),
    ]:
        for i, status in enumerate(statuses):
            Registration.objects.create(
                event=event, name=f"参加者{i}", email=f"p{i}@example.org", status=status
            )
    return orgs


def _home():
    from wagtail.models import Page

    return Page.objects.get(depth=2)


pytestmark = pytest.mark.usefixtures("world")


def test_history_seeded_from_joining_and_leaving_dates(world):
    rows = list(
        StatusHistory.objects.filter(organisation=world["f"]).values_list("status", "valid_from")
    )
    assert rows == [("active", D(2023, 6, 1)), ("withdrawn", D(2025, 1, 15))]


def test_saving_without_a_change_adds_no_history(world):
    org = Organisation.objects.get(pk=world["b"].pk)
    before = StatusHistory.objects.filter(organisation=org).count()
    org.name = "名前だけ変更"
    org.save()
    assert StatusHistory.objects.filter(organisation=org).count() == before


def test_new_members_split_at_the_year_boundary():
    assert totals(counts.new_members(*FY2024)) == {D(2025, 3, 1): 3}
    assert totals(counts.new_members(*FY2025)) == {D(2025, 4, 1): 2}


def test_members_at_year_end_by_tier():
    fy24 = counts.members(*FY2024)
    # a, b, c (general); f withdrew in January, g was suspended in March.
    assert last_value(fy24) == 3
    assert last_value(fy24, Tier.GENERAL) == 3
    assert last_value(fy24, Tier.STEERING) == 0
    # At the end of February only g (steering) was an active member.
    assert totals(fy24)[D(2025, 2, 1)] == 1
    assert totals(fy24, Tier.STEERING)[D(2025, 2, 1)] == 1
    fy25 = counts.members(*FY2025)
    assert totals(fy25, Tier.STEERING)[D(2025, 4, 1)] == 1  # d; a changes in May
    assert last_value(fy25) == 5
    assert last_value(fy25, Tier.STEERING) == 2  # a and d
    assert last_value(fy25, Tier.GENERAL) == 3


def test_applications_received_and_decided():
    assert sum(totals(counts.applications_received(*FY2024)).values()) == 1
    assert sum(totals(counts.applications_received(*FY2025)).values()) == 1  # unconfirmed not
    decided = counts.applications_decided(*FY2025)
    assert totals(decided) == {D(2025, 4, 1): 1}
    assert totals(decided, ApplicationStatus.ACCEPTED) == {D(2025, 4, 1): 1}


def test_forum_topics_and_posts_by_approval_and_local_day():
    assert totals(counts.forum_topics(*FY2024)) == {D(2025, 3, 1): 1}
    assert totals(counts.forum_topics(*FY2025)) == {D(2025, 4, 1): 1}
    assert totals(counts.forum_posts(*FY2025)) == {D(2025, 4, 1): 1}


def test_subcommittees_and_meetings():
    assert last_value(counts.active_subcommittees(*FY2024)) == 1
    assert last_value(counts.active_subcommittees(*FY2025)) == 2
    assert totals(counts.meetings_held(*FY2024)) == {D(2025, 3, 1): 1}
    assert totals(counts.meetings_held(*FY2025)) == {D(2025, 4, 1): 2}


def test_events_registrations_and_attendance():
    assert totals(counts.events_held(*FY2024)) == {D(2025, 3, 1): 1}
    assert totals(counts.events_held(*FY2025)) == {D(2025, 4, 1): 1}
    # Counted like events.services.counts: confirmed, attended and no-show.
    assert totals(counts.registrations(*FY2024)) == {D(2025, 3, 1): 3}
    assert totals(counts.attendance(*FY2024)) == {D(2025, 3, 1): 2}
    assert totals(counts.registrations(*FY2025)) == {D(2025, 4, 1): 1}
    assert totals(counts.attendance(*FY2025)) == {D(2025, 4, 1): 0}


def test_registration_counts_agree_with_the_events_own_figures():
    for year, fiscal_year in ((2024, FY2024), (2025, FY2025)):
        theirs = event_services.counts_for_fiscal_year(year)
        assert sum(totals(counts.registrations(*fiscal_year)).values()) == theirs["registered"]
        assert sum(totals(counts.attendance(*fiscal_year)).values()) == theirs["attended"]
