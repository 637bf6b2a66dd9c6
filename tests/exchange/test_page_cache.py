"""The anonymous page cache goes out of date when a listing changes: the home
page shows the highlighted public listings (exchange/panels.py)."""

import pytest

from exchange.choices import Audience
from home.models import SiteSettings
from tests.cms.test_page_cache import _page_cache_on, get  # noqa: F401  (autouse fixture)
from tests.conftest import point_default_site_at_home
from tests.exchange.test_exchange import listing
from tests.organisations.factories import OrganisationFactory


@pytest.fixture(scope="module")
def world(module_db):
    home = point_default_site_at_home()
    SiteSettings.for_site(home.get_site())  # created now, not by the first request
    org = OrganisationFactory(name="まつやま子ども食堂")
    public = listing(org, title="土曜の交流会に通訳を", audience=Audience.PUBLIC)
    members_only = listing(org, title="会員向けの倉庫の募集", audience=Audience.MEMBERS)
    return {"home": home, "public": public, "members_only": members_only}


@pytest.mark.django_db
def test_highlighting_a_public_listing_shows_on_the_next_anonymous_request(client, world):
    url = world["home"].url
    first, state = get(client, url)
    assert (first.status_code, state) == (200, "miss")
    assert "土曜の交流会に通訳を" not in first.content.decode()
    assert get(client, url)[1] == "hit"

    world["public"].is_highlighted = True
    world["public"].save()
    response, state = get(client, url)
    assert state == "miss"
    assert "土曜の交流会に通訳を" in response.content.decode()
    assert get(client, url)[1] == "hit"

    # A members-only listing is never on the home page, highlighted or not.
    world["members_only"].is_highlighted = True
    world["members_only"].save()
    response, state = get(client, url)
    assert state == "miss"
    assert "会員向けの倉庫の募集" not in response.content.decode()

    # Taking the highlight off removes it at once too.
    world["public"].is_highlighted = False
    world["public"].save(update_fields=["is_highlighted"])
    response, state = get(client, url)
    assert state == "miss"
    assert "土曜の交流会に通訳を" not in response.content.decode()
