"""A member's membership, kept between requests (organisations.access.membership_of).

Every page a member opens asks for their membership (the account menu's マイ団体
link, what they may read). With the memo on, as with Redis, a second page
reads no membership row; a membership made or ended, and an organisation's
status changed, show on the next request; and no request shares the objects
another one gets.
"""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from home.models import SiteSettings
from organisations.access import is_member, membership_of
from organisations.choices import MembershipRole, OrganisationStatus
from organisations.models import Membership

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragments_kept")]

MY_ORGANISATION = "/my-organisation/"


@pytest.fixture(autouse=True)
def _site(site):
    # The site's settings row is made on the first request that reads it: a
    # save, which would move the version between the two requests compared.
    SiteSettings.for_site(site)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_second_page_reads_no_membership_row(org_a_staff):
    client = client_for(org_a_staff)
    assert MY_ORGANISATION in client.get("/").content.decode()
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/").content.decode()
    assert MY_ORGANISATION in html
    assert not [q for q in captured if "organisations_membership" in q["sql"]]


def test_a_membership_ended_or_made_shows_on_the_next_request(org_a, org_a_staff):
    client = client_for(org_a_staff)
    assert MY_ORGANISATION in client.get("/").content.decode()
    Membership.objects.filter(user=org_a_staff).get().delete()
    assert MY_ORGANISATION not in client.get("/").content.decode()
    Membership.objects.create(user=org_a_staff, organisation=org_a, role=MembershipRole.STAFF)
    assert MY_ORGANISATION in client.get("/").content.decode()


def test_an_organisation_suspended_shows_at_once(org_a, org_a_staff):
    def fresh_user():
        return get_user_model().objects.get(pk=org_a_staff.pk)

    assert is_member(fresh_user())
    org_a.status = OrganisationStatus.SUSPENDED
    org_a.save()
    assert not is_member(fresh_user())


def test_no_two_readers_share_the_objects(org_a_staff):
    first = membership_of(get_user_model().objects.get(pk=org_a_staff.pk))
    second = membership_of(get_user_model().objects.get(pk=org_a_staff.pk))
    assert first == second  # the same row
    first.organisation.name = "書き換えた名前"
    assert second.organisation.name != "書き換えた名前"
    assert first is not second
