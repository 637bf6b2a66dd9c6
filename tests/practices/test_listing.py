"""/practices/: filters and counts, constant queries, related write-ups, profile list, print CSS."""

import re
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from organisations.models import ActivityType, Prefecture, TargetGroup
from tests.organisations.factories import OrganisationFactory

from .helpers import make_index, make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice_index(home_page):
    return make_index(home_page)


def count(html, facet, value):
    """The count shown beside one facet value."""
    match = re.search(
        rf'id="facet-{facet}-{value}"[^>]*>\s*<label[^>]*>[^<]*<span class="facet__count">(\d+)',
        html,
    )
    assert match, (facet, value)
    return int(match.group(1))


def titles(response):
    return [p.title for p in response.context["practices"].object_list]


@pytest.fixture
def three(practice_index, org_a, org_b):
    cafe = make_practice(
        practice_index,
        org_a,
        title="認知症カフェ",
        activities=[("交流の場の提供", True), ("居場所づくり", False)],
        targets=[("高齢者", True)],
        prefectures=["38"],
        year=2023,
    )
    shokudo = make_practice(
        practice_index,
        org_b,
        title="子ども食堂",
        activities=[("食を通じたつながり", True), ("交流の場の提供", False)],
        targets=[("こども・若者", True), ("高齢者", False)],
        prefectures=["38", "37"],
        year=2024,
    )
    sns = make_practice(
        practice_index,
        org_b,
        title="SNS相談",
        activities=[("SNS等を活用した相談支援", True)],
        targets=[("こども・若者", True)],
        prefectures=["37"],
        year=2024,
    )
    return cafe, shokudo, sns


def test_filters_by_activity_main_or_secondary(client, three):
    activity = ActivityType.objects.get(name="交流の場の提供").pk
    response = client.get(f"/practices/?activity={activity}")
    assert sorted(titles(response)) == ["子ども食堂", "認知症カフェ"]
    assert count(response.content.decode(), "activity", activity) == 2
    response = client.get(f"/practices/?activity={activity}&main=1")
    assert titles(response) == ["認知症カフェ"]
    assert count(response.content.decode(), "activity", activity) == 1


def test_filters_by_target_prefecture_and_year_combined(client, three):
    youth = TargetGroup.objects.get(name="こども・若者").pk
    response = client.get(f"/practices/?target={youth}&pref=37&year=2024")
    assert sorted(titles(response)) == ["SNS相談", "子ども食堂"]
    html = response.content.decode()
    # A facet's counts ignore its own selection, apply the others.
    assert count(html, "pref", "38") == 1  # 子ども食堂 (youth, 2024)
    assert 'id="facet-year-2023"' not in html  # no match: not offered
    response = client.get("/practices/?pref=38&year=2023")
    assert titles(response) == ["認知症カフェ"]
    response = client.get("/practices/?year=2024")
    html = response.content.decode()
    assert count(html, "year", "2024") == 2
    assert count(html, "year", "2023") == 1
    assert "令和6年度" in html


def test_bad_values_are_ignored_and_chips_remove_one_value(client, three):
    response = client.get("/practices/?activity=abc&pref=99&year=1800&target=99999")
    assert response.status_code == 200
    assert len(titles(response)) == 3
    response = client.get("/practices/?pref=37&year=2024")
    chips = response.context["active_filters"]
    assert [chip.remove_url for chip in chips] == ["/practices/?year=2024", "/practices/?pref=37"]


def _queries(client, url):
    client.get(url)  # the first view makes the photos' renditions
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _make_many(index, organisations, n):
    pages = []
    for i in range(n):
        pages.append(
            make_practice(
                index,
                organisations[i % len(organisations)],
                title=f"取組{i}",
                activities=[("居場所づくり", True), ("交流の場の提供", False)],
                targets=[("高齢者", True), ("多世代", False)],
                prefectures=["38", "37"],
                photo=True,
                partners=[organisations[(i + 1) % len(organisations)], "市役所"],
                results=(("参加者", "10", "人"), ("回数", "12", "回")),
            )
        )
    return pages


def test_index_detail_and_profile_answer_in_constant_queries(client, home_page, org_a, org_b):
    index = make_index(home_page)
    small = _make_many(index, [org_a, org_b], 3)
    small_counts = (
        _queries(client, "/practices/"),
        _queries(client, "/practices/?main=1&pref=38"),
        _queries(client, small[0].url),
        _queries(client, org_a.get_absolute_url()),
    )
    others = [OrganisationFactory() for _ in range(3)]
    large = _make_many(index, [org_a, org_b, *others], 12)
    large_counts = (
        _queries(client, "/practices/"),
        _queries(client, "/practices/?main=1&pref=38"),
        _queries(client, large[-1].url),
        _queries(client, org_a.get_absolute_url()),
    )
    assert small_counts == large_counts


def test_related_write_ups_share_types_or_targets_ranked_by_overlap(client, three, practice_index):
    cafe, shokudo, sns = three
    html = client.get(cafe.url).content.decode()
    related = html.split("関連する取組事例", 1)[1]
    assert "子ども食堂" in related  # shares 交流の場の提供 and 高齢者
    assert "SNS相談" not in related  # shares nothing
    context = client.get(shokudo.url).context
    assert [p.title for p in context["related_practices"]] == ["認知症カフェ", "SNS相談"]


def test_write_ups_of_inactive_organisations_leave_lists_and_related(client, three, org_b):
    cafe, shokudo, sns = three
    org_b.status = "suspended"
    org_b.save()
    assert titles(client.get("/practices/")) == ["認知症カフェ"]
    assert client.get(shokudo.url).status_code == 404
    assert client.get(cafe.url).context["related_practices"] == []


def test_the_secretariat_still_sees_a_suspended_organisations_write_up(as_persona, three, org_b):
    org_b.status = "suspended"
    org_b.save()
    response = as_persona("secretariat").get(three[1].url)
    assert response.status_code == 200
    assert "事務局だけが閲覧できます" in response.content.decode()


def test_drafts_are_not_public(client, practice_index, org_a):
    draft = make_practice(practice_index, org_a, title="下書きの取組", publish=False)
    assert "下書きの取組" not in client.get("/practices/").content.decode()
    assert client.get(f"/practices/{draft.slug}/").status_code == 404
    assert "下書きの取組" not in client.get(org_a.get_absolute_url()).content.decode()


def test_profile_lists_its_published_write_ups(client, three, org_b):
    html = client.get(org_b.get_absolute_url()).content.decode()
    assert "子ども食堂" in html and "SNS相談" in html
    assert "認知症カフェ" not in html
    assert f'href="{three[1].url}"' in html


def test_print_stylesheet_for_write_ups():
    css = (Path(settings.BASE_DIR) / "home/static/home/css/site.css").read_text()
    section = css.split("/* === practices === */", 1)[1]
    assert "@media print" in section
    assert "size: A4" in section and "margin: 15mm" in section
    assert "attr(data-print-url)" in section  # links print their full address
    assert "break-inside: avoid" in section


def test_prefecture_facet_lists_only_prefectures_in_use(client, three):
    html = client.get("/practices/").content.decode()
    assert count(html, "pref", "38") == 2
    assert count(html, "pref", "37") == 2
    assert 'id="facet-pref-13"' not in html
    assert Prefecture.objects.count() == 47
