"""/search/: write-up and organisation results narrowed by their directories' filters."""

import pytest

from organisations.models import ActivityType, Prefecture, TargetGroup
from tests.organisations.factories import OrganisationFactory
from tests.practices.helpers import make_index, make_practice

from .helpers import index_everything

pytestmark = pytest.mark.django_db

URL = "/search/"


def titles(response):
    assert response.status_code == 200
    return [result.title for result in response.context["results"]]


def pk_of(model, name):
    return str(model.objects.get(name=name).pk)


@pytest.fixture
def found(home_page):
    ehime = OrganisationFactory(
        name="フレイル予防えひめ",
        slug="frail-ehime",
        activities=[("居場所づくり", True)],
        targets=[("高齢者", True)],
        prefecture=Prefecture.objects.get(code="38"),
    )
    OrganisationFactory(
        name="フレイル予防かがわ",
        slug="frail-kagawa",
        activities=[("食を通じたつながり", True)],
        targets=[("こども・若者", True)],
        prefecture=Prefecture.objects.get(code="37"),
    )
    index = make_index(home_page)
    make_practice(
        index,
        ehime,
        title="フレイル予防の体操教室",
        activities=(("交流の場の提供", True),),
        targets=(("高齢者", True),),
        prefectures=("38",),
    )
    make_practice(
        index,
        ehime,
        title="フレイル予防の子ども食堂",
        activities=(("食を通じたつながり", True),),
        targets=(("こども・若者", True),),
        prefectures=("37",),
    )
    index_everything()


def test_practice_results_narrowed_by_activity_target_and_prefecture(client, found):
    query = {"q": "フレイル", "kind": "practice"}
    assert sorted(titles(client.get(URL, query))) == [
        "フレイル予防の体操教室",
        "フレイル予防の子ども食堂",
    ]
    by_activity = {**query, "activity": pk_of(ActivityType, "食を通じたつながり")}
    assert titles(client.get(URL, by_activity)) == ["フレイル予防の子ども食堂"]
    by_target = {**query, "target": pk_of(TargetGroup, "高齢者")}
    assert titles(client.get(URL, by_target)) == ["フレイル予防の体操教室"]
    assert titles(client.get(URL, {**query, "pref": "37"})) == ["フレイル予防の子ども食堂"]
    # Values of one facet are alternatives; facets must all match.
    both = client.get(URL, {**query, "pref": ["37", "38"], "target": pk_of(TargetGroup, "高齢者")})
    assert titles(both) == ["フレイル予防の体操教室"]


def test_organisation_results_narrowed_by_the_directory_filters(client, found):
    query = {"q": "フレイル", "kind": "organisation"}
    assert sorted(titles(client.get(URL, query))) == ["フレイル予防えひめ", "フレイル予防かがわ"]
    assert titles(client.get(URL, {**query, "pref": "37"})) == ["フレイル予防かがわ"]
    by_activity = {**query, "activity": pk_of(ActivityType, "居場所づくり")}
    assert titles(client.get(URL, by_activity)) == ["フレイル予防えひめ"]
    by_target = {**query, "target": pk_of(TargetGroup, "こども・若者")}
    assert titles(client.get(URL, by_target)) == ["フレイル予防かがわ"]


def test_counts_follow_the_filters_and_pages_are_untouched(client, found, home_page):
    from tests.home.factories import StandardPageFactory

    StandardPageFactory(parent=home_page, title="フレイルのお知らせ", slug="frail-news")
    response = client.get(URL, {"q": "フレイル", "kind": "practice", "pref": "37"})
    counts = {name: count for name, _label, count in response.context["kinds"]}
    assert counts["practice"] == 1
    assert counts["organisation"] == 1  # the same filters, the directory's meaning
    assert counts["page"] == 1


def test_filter_form_only_for_practices_and_organisations(client, found):
    form = 'id="search-filter-heading"'
    for kind in ("practice", "organisation"):
        response = client.get(URL, {"q": "フレイル", "kind": kind})
        html = response.content.decode()
        assert form in html
        assert 'name="activity"' in html and 'name="target"' in html and 'name="pref"' in html
        assert 'name="tier"' not in html and 'name="year"' not in html
    for kind in ("", "page"):
        assert form not in client.get(URL, {"q": "フレイル", "kind": kind}).content.decode()


def test_facet_counts_are_among_the_results(client, found):
    response = client.get(URL, {"q": "フレイル", "kind": "practice"})
    prefectures = next(f for f in response.context["facets"] if f.name == "pref")
    assert {option.value: option.count for option in prefectures.options} == {"37": 1, "38": 1}


def test_active_filter_chip_removes_one_value_and_keeps_the_query(client, found):
    activity = pk_of(ActivityType, "食を通じたつながり")
    response = client.get(
        URL, {"q": "フレイル", "kind": "practice", "pref": "37", "activity": activity}
    )
    chips = response.context["active_filters"]
    assert len(chips) == 2
    pref_chip = next(chip for chip in chips if "37" not in chip.remove_url)
    assert pref_chip.remove_url.startswith("/search/?q=")
    assert "kind=practice" in pref_chip.remove_url
    assert f"activity={activity}" in pref_chip.remove_url
    assert titles(client.get(pref_chip.remove_url)) == ["フレイル予防の子ども食堂"]


@pytest.mark.parametrize(
    "bad",
    [
        {"activity": "abc"},
        {"activity": "99999"},
        {"target": "-1"},
        {"pref": "99"},
        {"pref": "<script>"},
        {"activity": "１" * 50},
        {"pref": ["38"] * 200},
        {"activity": "𐩀"},
        {"tier": "nonsense", "year": "x", "main": "2"},
    ],
)
def test_bad_filter_values_are_ignored(client, found, bad):
    for kind in ("practice", "organisation", ""):
        response = client.get(URL, {"q": "フレイル", "kind": kind, **bad})
        assert response.status_code == 200
    response = client.get(URL, {"q": "フレイル", "kind": "practice", **bad})
    if bad.get("pref") == ["38"] * 200:
        assert titles(response) == ["フレイル予防の体操教室"]
    else:
        assert len(titles(response)) == 2


def test_full_width_filter_values(client, found):
    response = client.get(URL, {"q": "フレイル", "kind": "practice", "pref": "３７"})
    assert titles(response) == ["フレイル予防の子ども食堂"]
