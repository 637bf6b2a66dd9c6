"""The directory and profile pages cost the same number of queries whatever their size."""

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest
from wagtail_factories import ImageFactory

from demo.synthetic import make_synthetic_organisations
from organisations.choices import MembershipRole
from organisations.models import (
    ActivityType,
    Organisation,
    OrganisationActivity,
    OrganisationPhoto,
    OrganisationTarget,
    TargetGroup,
)
from tests.conftest import point_default_site_at_home

from .conftest import make_member, reauthenticated
from .factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(home_page):
    pass


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The cache outlives each test's rolled-back data (renditions, facet counts)."""
    cache.clear()


def count_queries(client, url):
    """(queries with nothing cached, queries with the facets and vocabularies cached)."""
    client.get(url)  # renditions created once, as on a live site
    counts = []
    for clear in (True, False):
        if clear:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    return tuple(counts)


def give_everyone_a_logo():
    """The worst case for a listing: every card has a logo rendition to find."""
    Organisation.objects.update(logo=ImageFactory())


def directory_urls():
    """The plain list, page 2, and filters taken from a real organisation (so never empty)."""
    sample = Organisation.objects.listed().order_by("pk").first()
    activity = sample.activities.get(is_main=True).activity_type_id
    target = sample.targets.get(is_main=True).target_group_id
    return [
        "/organisations/",
        "/organisations/?page=2",
        f"/organisations/?activity={activity}&target={target}"
        f"&pref={sample.prefecture.code}&pref=13&main=1",
        f"/organisations/?tier={sample.tier}&legal_form={sample.legal_form}&legal_form=other"
        "&q=bench&page=1",
    ]


DIRECTORY_PERSONAS = ["anonymous", "org_b_admin"]


@pytest.fixture(scope="module")
def directory_counts(module_db):
    """The directory's query counts for each persona, with 30 organisations, then 2000.

    Building the 2000 takes seconds: done once for the module, each persona
    measured on the same rows (module_db rolls them back at the end).
    """
    point_default_site_at_home()
    cache.clear()
    make_synthetic_organisations(30, prefix="bench-a")
    clients = {"anonymous": Client()}
    # Another organisation's admin (not org_b itself: the profile tests make it).
    org_b_admin = make_member(OrganisationFactory(), MembershipRole.ADMIN)
    clients["org_b_admin"] = Client()
    clients["org_b_admin"].force_login(org_b_admin)
    reauthenticated(clients["org_b_admin"])
    give_everyone_a_logo()
    urls = directory_urls()
    small = {
        persona: {url: count_queries(client, url) for url in urls}
        for persona, client in clients.items()
    }

    make_synthetic_organisations(1970, prefix="bench-b", seed=7)
    give_everyone_a_logo()
    listed = Organisation.objects.listed().count()
    large = {
        persona: {url: count_queries(client, url) for url in urls}
        for persona, client in clients.items()
    }
    return {"small": small, "large": large, "listed": listed}


@pytest.mark.parametrize("persona", DIRECTORY_PERSONAS)
def test_directory_queries_do_not_grow_with_the_number_of_organisations(directory_counts, persona):
    small = directory_counts["small"][persona]
    large = directory_counts["large"][persona]
    assert directory_counts["listed"] >= 2000
    assert large == small
    # Cold, 15 for the directory itself (3 vocabularies, 5 facet counts, count,
    # page, logos' renditions, main activities, main targets), the rest is the
    # site's chrome; warm, the vocabularies and facets come from the cache.
    assert all(cold <= 22 and warm <= cold - 8 for cold, warm in small.values()), small


def add_taxonomy(organisation, n):
    organisation.activities.all().delete()
    organisation.targets.all().delete()
    activities = list(ActivityType.objects.order_by("pk")[: (n + 1) // 2])
    targets = list(TargetGroup.objects.order_by("pk")[: n // 2])
    OrganisationActivity.objects.bulk_create(
        OrganisationActivity(organisation=organisation, activity_type=item, is_main=i % 2 == 0)
        for i, item in enumerate(activities)
    )
    OrganisationTarget.objects.bulk_create(
        OrganisationTarget(organisation=organisation, target_group=item, is_main=i % 2 == 0)
        for i, item in enumerate(targets)
    )


def add_photos(organisation, n):
    for i in range(n):
        OrganisationPhoto.objects.create(
            organisation=organisation, image=ImageFactory(), alt_text=f"写真{i}", sort_order=i
        )


@pytest.mark.parametrize("persona", ["anonymous", "org_b_admin", "secretariat"])
def test_profile_queries_do_not_grow_with_photos_or_taxonomy(as_persona, persona, org_a, org_b):
    client = as_persona(persona)
    org_a.logo = ImageFactory()
    org_a.save()
    org_b.logo = org_a.logo
    org_b.save()
    add_taxonomy(org_a, 2)
    add_photos(org_a, 1)
    add_taxonomy(org_b, 10)
    add_photos(org_b, 6)
    small = count_queries(client, org_a.get_absolute_url())
    large = count_queries(client, org_b.get_absolute_url())
    assert small == large
    # +1: the profile lists its write-ups (取組事例); +1 for the secretariat since the
    # multilingual chrome (issue 6) landed, measured; +1 for the profile's
    # translation in the reader's language (OrganisationTranslation); no growth
    # with the data.
    assert small[0] <= 20, small
