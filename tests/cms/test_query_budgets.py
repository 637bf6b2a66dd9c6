"""Query budgets of the main public pages (issue 21): upper bounds, and lists
whose queries do not grow with the number of items shown, so an N+1 cannot
come back unnoticed. The directory, write-ups and forum have their own
(tests/organisations/test_directory_queries.py, tests/practices/, tests/forum/)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Locale

import pytest

from home.models import SiteSettings
from tests.conftest import point_default_site_at_home
from tests.events.factories import EventIndexPageFactory, open_event
from tests.home.factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory


@pytest.fixture(scope="module")
def world(module_db):
    home = point_default_site_at_home()
    SiteSettings.for_site(home.get_site())
    StandardPageFactory(parent=home, title="つながりネットについて", slug="about")
    news_index = NewsIndexPageFactory(parent=home)
    items = [NewsPageFactory(parent=news_index) for _ in range(3)]
    events = EventIndexPageFactory(parent=home)
    event = open_event(events, capacity=10, days_ahead=7)
    english = Locale.objects.get_or_create(language_code="en")[0]
    home.copy_for_translation(english).save_revision().publish()
    return {"home": home, "news_index": news_index, "items": items, "event": event}


def queries(client, url, status=200):
    client.get(url)  # warm: per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == status, url
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("home", 20),
        # The needs-and-offers highlights and the published figures add a query each.
        ("en home", 30),
        ("news index", 16),
        ("news item", 16),
        ("event", 18),
        ("search", 30),
        ("404", 10),
    ],
)
def test_main_pages_stay_within_their_query_budget(client, world, name, budget):
    url, status = {
        "home": ("/", 200),
        "en home": ("/en/", 200),
        "news index": (world["news_index"].url, 200),
        "news item": (world["items"][0].url, 200),
        "event": (world["event"].url, 200),
        "search": (reverse("search") + "?q=お知らせ", 200),
        "404": ("/no-such-page/", 404),
    }[name]
    assert queries(client, url, status) <= budget


@pytest.mark.django_db
def test_lists_cost_the_same_however_many_items_they_show(client, world):
    news_index = world["news_index"]
    urls = ["/", news_index.url, reverse("search") + "?q=お知らせ"]
    few = [queries(client, url) for url in urls]
    for _ in range(5):
        NewsPageFactory(parent=news_index)
    assert [queries(client, url) for url in urls] == few


@pytest.mark.django_db
# Home: 14 before the needs-and-offers and figures panels, a query each.
@pytest.mark.parametrize(("name", "budget"), [("home", 16), ("news item", 12), ("404", 7)])
def test_kept_fragments_lower_the_budget(client, world, settings, name, budget):
    """With a shared cache (Redis in production) the menus' structure, the
    footer, the restricted sections and the default locale are kept per
    page-cache version: what a signed-in member's page costs, the page cache
    being no help to them."""
    from django.core.cache import cache

    settings.FRAGMENT_CACHE_ENABLED = True
    cache.clear()
    url, status = {
        "home": ("/", 200),
        "news item": (world["items"][0].url, 200),
        "404": ("/no-such-page/", 404),
    }[name]
    try:
        assert queries(client, url, status) <= budget
    finally:
        cache.clear()
