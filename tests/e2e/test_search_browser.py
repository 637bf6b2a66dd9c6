"""The search results page on a phone: readable, no sideways scroll, no CSP errors."""

import pytest

from tests.home.factories import StandardPageFactory
from tests.organisations.factories import OrganisationFactory
from tests.search.helpers import index_everything

from .axe import check_axe

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def found(home_page):
    StandardPageFactory(
        parent=home_page,
        title="地域見守り活動のお知らせ（令和６年度フレイル予防と居場所づくりの報告を含む長い題名）",
        slug="mimamori",
        intro="高齢者の見守りと、こども食堂での見守りを続けています。",
    )
    for number in range(3):
        StandardPageFactory(
            parent=home_page, title=f"見守りボランティア募集 {number}", slug=f"vol-{number}"
        )
    OrganisationFactory(name="八幡浜見守りネットワーク", message="地域の見守りを続けています。")
    index_everything()


def test_results_on_a_phone(found, live_server, open_page, screenshot):
    page, watcher = open_page("phone")
    page.goto(live_server.url + "/search/?q=見守り")
    assert page.locator(".search-result").count() == 5
    assert page.locator(".search-result__snippet mark").count() >= 1
    mark = page.locator(".search-result__snippet mark").first
    assert mark.evaluate("m => getComputedStyle(m).textDecorationLine") == "underline"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "search-phone")
    check_axe(page, "search-phone")
    page.get_by_role("link", name="会員団体（1）").click()
    assert page.locator(".search-result").count() == 1
    assert page.locator("#search-filter-heading").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "search-phone-organisations")
    check_axe(page, "search-phone-organisations")
    watcher.assert_clean()
