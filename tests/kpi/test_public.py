"""The home page's 「数字で見るつながりネット」, the search counter and the job."""

import datetime
from unittest import mock

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from home.models import SiteSettings
from kpi import registry, services
from kpi.models import Indicator, MonthlyFigure, SearchDay
from kpi.periods import fiscal_year_dates


@pytest.fixture
def this_year(db):
    services.ensure_indicators()
    year = services.current_fiscal_year()
    first, _last = fiscal_year_dates(year)
    return year, first


def test_home_shows_only_published_figures_and_hides_small_parts(client, home_page, this_year):
    year, first = this_year
    Indicator.objects.filter(key="members").update(published=True)
    Indicator.objects.create(
        key="leaflets", name="リーフレット配布数", unit="部", definition="-", published=False
    )
    for part, value in (("", 1414), ("steering", 3), ("general", 1411)):
        MonthlyFigure.objects.create(key="members", month=first, part=part, value=value)
    MonthlyFigure.objects.create(key="forum_posts", month=first, value=777)
    html = client.get("/").content.decode()
    assert "数字で見るつながりネット" in html
    assert "年度末の会員団体数" in html and "1,414" in html
    assert "一般団体 1,411団体" in html
    assert "幹事団体 5未満" in html  # 3 is too small to show
    assert "フォーラムの投稿数" not in html and "777" not in html
    assert "リーフレット配布数" not in html


def test_home_has_no_block_when_nothing_is_published(client, home_page, this_year):
    assert "数字で見るつながりネット" not in client.get("/").content.decode()


def forget_counted_searches():
    from django.core.cache import cache

    today = timezone.localdate()
    for day in (today - datetime.timedelta(days=1), today):
        name = f"kpi-searches:{day.isoformat()}"
        cache.delete_many([f"counter:{name}", f"counter-written:{name}"])


def test_a_search_is_counted_without_its_words(client, db):
    forget_counted_searches()
    client.get(reverse("search"), {"q": "居場所"})
    client.get(reverse("search"), {"q": "居場所", "page": "2"})  # the same search, paged
    client.get(reverse("search"))  # no search made
    client.get(reverse("search"), {"q": "子ども食堂"})
    client.get(reverse("search"), {"q": "フードバンク"})
    days = list(SearchDay.objects.values("day", "count"))
    assert len(days) == 1 and days[0]["count"] == 1  # the first written, two gathered
    assert {f.name for f in SearchDay._meta.get_fields()} == {"id", "day", "count"}
    services.materialise([services.current_fiscal_year()], keys=["searches"])
    assert SearchDay.objects.get().count == 3  # the figures' job wrote what had gathered


def test_searches_are_written_once_a_minute_and_none_lost_at_midnight(client, db):
    from django.core.cache import cache

    forget_counted_searches()
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    with mock.patch("kpi.receivers.timezone.localdate", return_value=yesterday):
        with CaptureQueriesContext(connection) as first:
            client.get(reverse("search"), {"q": "居場所"})
        with CaptureQueriesContext(connection) as second:
            client.get(reverse("search"), {"q": "子ども食堂"})
    assert any("kpi_searchday" in q["sql"] for q in first.captured_queries)
    assert not any("kpi_searchday" in q["sql"] for q in second.captured_queries)
    assert SearchDay.objects.get(day=yesterday).count == 1
    cache.delete(f"counter-written:kpi-searches:{today.isoformat()}")
    client.get(reverse("search"), {"q": "居場所"})  # after midnight
    assert dict(SearchDay.objects.values_list("day", "count")) == {yesterday: 2, today: 1}


def test_materialising_twice_gives_the_same_figures(db, this_year):
    year, first = this_year
    SearchDay.objects.create(day=first, count=5)
    SearchDay.objects.create(day=first + datetime.timedelta(days=3), count=2)
    services.materialise([year])
    once = list(MonthlyFigure.objects.values_list("key", "month", "part", "value"))
    services.materialise([year])
    assert list(MonthlyFigure.objects.values_list("key", "month", "part", "value")) == once
    assert MonthlyFigure.objects.get(key="searches", month=first).value == 7


def test_new_figures_make_cached_pages_out_of_date_and_the_same_do_not(db, this_year):
    from cms import page_cache

    year, first = this_year
    services.materialise([year])
    before = page_cache.current_version()
    services.materialise([year])  # nothing new: the home page's copy stays
    assert page_cache.current_version() == before
    SearchDay.objects.create(day=first, count=3)
    services.materialise([year])  # written in bulk, without signals: bumped by hand
    assert page_cache.current_version() != before


def test_an_app_above_kpi_can_register_a_count(db, this_year):
    year, first = this_year
    registry.register(
        "needs_posted", "投稿されたニーズ", "件", lambda a, b: [(first, "", 4)], "テスト用"
    )
    try:
        services.ensure_indicators()
        services.materialise([year], keys={"needs_posted"})
        row = services.year_figures(year, indicators=[Indicator.objects.get(key="needs_posted")])
        assert row[0]["total"] == 4
    finally:
        registry.unregister("needs_posted")


def test_the_beat_runs_the_job(settings):
    entries = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "kpi.tasks.materialise_figures" in entries


def test_a_renamed_count_shows_on_the_kept_home_page(client, site, this_year, settings):
    """ensure_indicators() follows the registry with update(), which sends no
    signal: it moves the page cache's version itself."""
    year, first = this_year
    settings.PAGE_CACHE_ENABLED = True
    caches[settings.PAGE_CACHE_ALIAS].clear()
    SiteSettings.for_site(site)  # made on first read: a save that moves the version
    Indicator.objects.filter(key="members").update(published=True, name="古い名前の数字")
    MonthlyFigure.objects.create(key="members", month=first, value=1414)
    client.get("/")
    kept = client.get("/")
    assert kept.headers.get("X-Page-Cache") == "hit"
    assert "古い名前の数字" in kept.content.decode()

    services.ensure_indicators()  # the hourly job or the dashboard

    html = client.get("/").content.decode()
    assert "古い名前の数字" not in html
    assert "年度末の会員団体数" in html
