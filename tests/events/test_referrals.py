"""Seats held back for referrals by a member organisation's 窓口, and their release."""

import pytest

from events import services
from events.models import Registration, RegistrationStatus
from tests.events.factories import open_event
from tests.organisations.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(event_index):
    """Three seats at the venue, two of them held for referrals."""
    event = open_event(event_index, capacity=3, days_ahead=10)
    event.referral_seats = 2
    event.save()
    return event


def form_data(**overrides):
    return {
        "name": "県民 花子",
        "email": "hanako@example.jp",
        "party_size": "1",
        "mode": "venue",
        **overrides,
    }


def status_of(email):
    return Registration.objects.get(email=email).status


def test_the_public_gets_only_the_seats_not_held(client, event):
    client.post("/events/forum/register/", form_data(email="a@example.jp"))
    assert status_of("a@example.jp") == RegistrationStatus.CONFIRMED
    assert services.seats_left(event, "venue") == 0
    assert services.registration_state(event) == services.FULL
    client.post("/events/forum/register/", form_data(email="b@example.jp"))
    assert status_of("b@example.jp") == RegistrationStatus.WAITING
    # A box ticked by hand by someone who may not refer changes nothing.
    client.post("/events/forum/register/", form_data(email="c@example.jp", referred="on"))
    registration = Registration.objects.get(email="c@example.jp")
    assert registration.status == RegistrationStatus.WAITING and not registration.referred


def test_a_member_refers_someone_onto_a_held_seat(client, event):
    services.register(event, name="一般 一郎", email="a@example.jp")
    services.register(event, name="一般 二郎", email="b@example.jp")  # waiting
    member = MembershipFactory().user
    client.force_login(member)
    form = client.get("/events/forum/register/").content.decode()
    assert "会員団体の窓口からの紹介として申し込む（紹介枠）" in form
    client.post("/events/forum/register/", form_data(email="ref1@example.jp", referred="on"))
    client.post(
        "/events/forum/register/", form_data(email="ref2@example.jp", referred="on", party_size=2)
    )
    assert status_of("ref1@example.jp") == RegistrationStatus.CONFIRMED
    assert status_of("ref2@example.jp") == RegistrationStatus.WAITING  # one held seat left
    assert Registration.objects.get(email="ref1@example.jp").referred


def test_the_box_is_offered_to_members_only_and_only_with_held_seats(client, event):
    assert "紹介枠" not in client.get("/events/forum/register/").content.decode()
    client.force_login(MembershipFactory().user)
    event.referral_seats = 0
    event.save()
    assert "紹介枠" not in client.get("/events/forum/register/").content.decode()


def test_releasing_the_held_seats_offers_them_to_the_waiting_list(event):
    services.register(event, name="一般 一郎", email="a@example.jp")
    services.register(event, name="一般 二郎", email="b@example.jp")
    assert status_of("b@example.jp") == RegistrationStatus.WAITING
    event.referral_seats = 0
    event.save()
    assert services.offer_freed_seats_everywhere() == 1
    assert status_of("b@example.jp") == RegistrationStatus.OFFERED


def test_held_seats_cannot_exceed_the_capacity(event):
    from django.core.exceptions import ValidationError

    event.referral_seats = 4
    with pytest.raises(ValidationError) as raised:
        event.full_clean()
    assert "referral_seats" in raised.value.message_dict
