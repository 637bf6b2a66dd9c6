"""Kept fragments of the write-ups' and the directory's pages (issue 21).

The write-ups listing and the directory keep their unfiltered results, a
write-up its body and related write-ups, a profile its activities and its
list of write-ups ({% fragment %}, cms/templatetags/fragment_tags.py). What
is kept is the same for every reader; what depends on the reader (contact
details, what reports hid from others) is rendered each time. These tests run
with fragments on whatever the environment says, and check that:

- a kept page costs fewer queries, and a change is visible on the next request;
- a member's contact details never reach a visitor, in either order of visits;
- a filtered list is not kept, and shows what its filters say.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from cms import page_cache
from organisations.choices import Visibility
from reports.models import HiddenObject

from .helpers import make_index, make_practice

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragments_kept")]


@pytest.fixture
def index(home_page):
    return make_index(home_page)


@pytest.fixture
def write_up(index, org_a, org_b):
    org_a.email_visibility = Visibility.MEMBERS
    org_a.save()
    make_practice(index, org_b, title="みなとの居場所")
    return make_practice(index, org_a, title="見守りの取組", partners=[org_b], photo=True)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


def test_a_kept_listing_and_write_up_cost_fewer_queries(client, write_up):
    profile = write_up.organisation.get_absolute_url()
    for url in ("/practices/", write_up.url, "/organisations/", profile):
        first, html = queries(client, url)
        again, kept = queries(client, url)
        assert again < first, url
        assert kept == html, url


def test_a_newly_published_write_up_is_listed_and_related_at_once(client, index, write_up, org_a):
    for url in ("/practices/", write_up.url, org_a.get_absolute_url()):
        client.get(url)
    make_practice(index, org_a, title="新しく公開した取組")
    assert "新しく公開した取組" in client.get("/practices/").content.decode()
    assert "新しく公開した取組" in client.get(write_up.url).content.decode()  # related
    assert "新しく公開した取組" in client.get(org_a.get_absolute_url()).content.decode()


@pytest.mark.parametrize("first", ["visitor", "member"])
def test_contact_details_follow_the_reader_not_the_kept_body(
    client, write_up, org_a, org_b_admin, first
):
    """The body is kept; the e-mail (members only) is shown to a member, never to a visitor."""

    def read(as_member):
        client.logout()
        if as_member:
            client.force_login(org_b_admin)
        return client.get(write_up.url).content.decode()

    order = [first == "member", first != "member"]
    pages = {as_member: read(as_member) for as_member in order}
    assert org_a.email in pages[True]
    assert org_a.email not in pages[False]
    for html in pages.values():
        assert "見守りの取組" in html and "孤立を防ぐ。" in html and "みなとの居場所" in html


def test_an_organisation_hidden_after_reports_shows_no_message_on_its_card(client, org_a, org_b):
    assert org_a.message in client.get("/organisations/").content.decode()
    HiddenObject.objects.create(kind="organisation", object_id=org_a.pk)
    html = client.get("/organisations/").content.decode()
    assert org_a.name in html
    assert org_a.message not in html.split(org_a.name, 1)[1].split("</article>", 1)[0]


def test_a_renamed_organisation_shows_its_new_name_in_the_kept_directory(client, org_a):
    client.get("/organisations/")
    org_a.name = "あおぞら見守りネットワーク"
    org_a.save()
    assert "あおぞら見守りネットワーク" in client.get("/organisations/").content.decode()


def test_filtered_lists_are_not_kept_and_show_what_they_filter(client, write_up, org_b):
    client.get("/")  # the first request creates the site settings: a new version
    client.get("/organisations/")  # its path's menu is kept, whatever the query string
    html = client.get("/practices/?year=2023").content.decode()
    assert "見守りの取組" not in html  # the write-ups are of 2024
    kept = _fragment_keys()
    assert "見守りの取組" in client.get("/practices/?year=2024").content.decode()
    html = client.get(f"/organisations/?q={org_b.name}").content.decode()
    results = html.split("directory__results", 1)[1]
    assert org_b.name in results and write_up.organisation.name not in results
    # Another filter, another page: nothing more is kept for them.
    assert _fragment_keys() == kept


def _fragment_keys():
    """The keys of the fragments kept so far (the test cache is local memory)."""
    return {key for key in page_cache.cache()._cache if ":fragment:" in key}
