"""The profile's body, kept (issue 21).

What a profile shows between its notices and its write-ups depends on the
organisation, the language and which contact fields the reader may read, so
it is kept ({% fragment %}) under those and the page cache's version. These
tests run with fragments on whatever the environment says: a kept body reads
no photos or areas and gives the same page; a member never gets a visitor's
copy, nor a visitor a member's; an edit shows on the next request; and a
profile hidden after reports is never kept, so what its own admin sees (the
hidden message) never reaches anyone else.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from wagtail_factories import ImageFactory

from home.models import SiteSettings
from organisations.models import OrganisationPhoto
from reports.services import flag_hidden

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragments_kept")]

BODY_TABLES = ("organisations_organisationphoto", "organisations_organisation_areas_prefectures")


@pytest.fixture(autouse=True)
def _site(site):
    # The site's settings row is made on the first request that reads it: a
    # save, which would move the version between the two requests compared.
    SiteSettings.for_site(site)


@pytest.fixture
def profile(org_a):
    org_a.street_address_visibility = "members"
    org_a.save()
    org_a.areas_prefectures.add(org_a.prefecture)
    OrganisationPhoto.objects.create(
        organisation=org_a, image=ImageFactory(), alt_text="居場所の写真", caption="夏祭り"
    )
    return org_a


def render(client, organisation):
    """The number of queries that read the body's rows, and the page's HTML."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200
    reads = sum(any(table in query["sql"] for table in BODY_TABLES) for query in captured)
    return reads, response.content.decode()


def test_a_kept_body_reads_no_photos_or_areas_and_gives_the_same_page(client, profile):
    first, html = render(client, profile)
    assert first > 0
    again, kept = render(client, profile)
    assert again == 0
    assert kept == html
    assert "夏祭り" in kept


def test_members_and_visitors_never_share_a_copy(client, profile, org_b_admin):
    visitor = render(client, profile)[1]
    assert "1-2-3" not in visitor
    assert "会員の方はログイン" in visitor
    client.force_login(org_b_admin)
    member = render(client, profile)[1]
    assert "1-2-3" in member
    assert profile.phone in member
    assert "会員の方はログイン" not in member
    client.logout()
    again = render(client, profile)[1]
    assert "1-2-3" not in again
    assert profile.phone not in again


def test_an_edit_shows_on_the_next_request(client, profile):
    render(client, profile)
    profile.message = "毎週水曜日に食堂を開いています。"
    profile.save()
    assert "毎週水曜日に食堂を開いています。" in render(client, profile)[1]


def test_a_profile_hidden_after_reports_is_never_kept(client, profile, org_a_admin):
    render(client, profile)
    flag_hidden("organisation", profile.pk)
    client.force_login(org_a_admin)
    own = render(client, profile)
    assert profile.message in own[1]
    assert own[0] > 0  # read, not kept
    client.logout()
    html = render(client, profile)[1]
    assert profile.message not in html
    assert "夏祭り" not in html
