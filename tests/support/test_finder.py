"""The finder (/support/) and a window's page, through HTTP, with "now" frozen.

One world per module: a crisis line open day and night, a Vietnamese-speaking
window in 松山市 (Sundays), a Japanese-only one in 今治市, a prefecture-wide
LINE counselling in the evenings, a window without hours and an unpublished one.
"""

import datetime
import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from organisations.models import TargetGroup
from support import hours as hours_logic
from support import queries
from support.models import Trouble, Window
from tests.organisations.factories import OrganisationFactory
from tests.support.factories import T, every_day_24h, make_window, weekdays
from tests.worlds import per_test_fixtures

pytestmark = pytest.mark.django_db

WEDNESDAY_10 = "2026-06-03T10:00:00+09:00"
SUNDAY_14 = "2026-06-07T14:00:00+09:00"
FINDER = "/support/"


@pytest.fixture(scope="module")
def world(module_db):
    from tests.conftest import point_default_site_at_home

    point_default_site_at_home()
    lonely = Trouble.objects.get(slug="lonely")
    foreign = TargetGroup.objects.get(name="外国人")
    organisation = OrganisationFactory(name="えひめ国際交流ネット", slug="kokusai")
    return {
        "crisis": make_window(
            name="こころの電話（24時間）",
            slug="kokoro",
            is_crisis_line=True,
            slots=every_day_24h(),
            holiday_rule="as_usual",
            year_end_closed=False,
            phone="0120-000-783",
        ),
        "vietnamese": make_window(
            name="外国人相談（松山）",
            slug="gaikokujin-matsuyama",
            municipality="松山市",
            organisation=organisation,
            slots=[*weekdays(T(9), T(17), ("ja", "en")), (6, T(13), T(16), ("vi", "ja"))],
            line="https://line.me/R/ti/p/@example-vi",
            target_groups=[foreign],
            holiday_rule="as_sunday",
        ),
        "imabari": make_window(
            name="今治 ひとりぼっち相談",
            slug="imabari",
            municipality="今治市",
            anonymous=True,
            slots=weekdays(T(9), T(17)),
            troubles=[lonely],
            closures=[(datetime.date(2026, 6, 10), False, T(13), T(15))],
        ),
        "evening_line": make_window(
            name="よるのLINE相談",
            slug="yoru-line",
            phone="",
            line="https://line.me/R/ti/p/@example-yoru",
            slots=weekdays(T(17), T(22), days=range(7)),
            holiday_rule="as_usual",
            troubles=[lonely],
        ),
        "unknown": make_window(name="宇和島 なんでも相談", slug="uwajima", municipality="宇和島市"),
        "hidden": make_window(
            name="非公開の窓口", slug="hidden", is_published=False, slots=weekdays(T(0), T(0))
        ),
    }


globals().update(
    per_test_fixtures(
        "world", ["crisis", "vietnamese", "imabari", "evening_line", "unknown", "hidden"]
    )
)


def names(response):
    """Window names in the result list (not the pinned crisis lines), in order."""
    html = response.content.decode()
    results = html.split('id="support-results-heading"', 1)[1]
    return re.findall(r'class="window-card__title"><a href="[^"]+">([^<]+)</a>', results)


def test_finder_lists_published_windows_with_crisis_lines_pinned(client, world, settings):
    settings.SUPPORT_NOW = WEDNESDAY_10
    response = client.get(FINDER)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("こころの電話（24時間）") < html.index('id="support-results-heading"')
    assert 'href="tel:0120000783"' in html
    assert set(names(response)) == {
        "外国人相談（松山）",
        "今治 ひとりぼっち相談",
        "よるのLINE相談",
        "宇和島 なんでも相談",
    }
    assert "非公開の窓口" not in html
    assert "時間は要確認：まずお電話を" in html
    assert "max-age=60" in response["Cache-Control"]


def test_open_now_on_a_wednesday_morning(client, world, settings):
    settings.SUPPORT_NOW = WEDNESDAY_10
    response = client.get(FINDER, {"open": "now"})
    assert set(names(response)) == {"外国人相談（松山）", "今治 ひとりぼっち相談"}
    checkbox = re.search(r'<input[^>]*name="open"[^>]*>', response.content.decode())[0]
    assert "checked" in checkbox and 'value="now"' in checkbox


def test_a_vietnamese_speaker_on_sunday_afternoon(client, world, settings):
    settings.SUPPORT_NOW = SUNDAY_14
    response = client.get(FINDER, {"open": "now", "lang": "vi", "area": "松山市"})
    assert names(response) == ["外国人相談（松山）"]
    assert "ベトナム語" in response.content.decode()
    settings.SUPPORT_NOW = WEDNESDAY_10  # open, but in Japanese and English only
    assert names(client.get(FINDER, {"open": "now", "lang": "vi"})) == []
    assert names(client.get(FINDER, {"lang": "vi"})) == ["外国人相談（松山）"]


def test_filters_by_trouble_area_target_channel_and_conditions(client, world, settings):
    settings.SUPPORT_NOW = WEDNESDAY_10
    assert set(names(client.get(FINDER, {"trouble": "lonely"}))) == {
        "今治 ひとりぼっち相談",
        "よるのLINE相談",
    }
    # A prefecture-wide window serves every municipality.
    assert set(names(client.get(FINDER, {"area": "今治市"}))) == {
        "今治 ひとりぼっち相談",
        "よるのLINE相談",
    }
    assert names(client.get(FINDER, {"area": "any"})) == ["よるのLINE相談"]
    foreign = TargetGroup.objects.get(name="外国人")
    assert names(client.get(FINDER, {"target": foreign.pk})) == ["外国人相談（松山）"]
    assert set(names(client.get(FINDER, {"channel": "line"}))) == {
        "外国人相談（松山）",
        "よるのLINE相談",
    }
    assert names(client.get(FINDER, {"anonymous": "1"})) == ["今治 ひとりぼっち相談"]
    related = client.get(FINDER, {"trouble": "lonely"}).content.decode()
    assert "「ひとりでさびしい」にとりくむ会員団体も見る" in related


def test_bad_values_are_explained_in_japanese_and_the_rest_still_filters(client, world, settings):
    settings.SUPPORT_NOW = WEDNESDAY_10
    response = client.get(FINDER, {"lang": "xx", "area": "今治市", "target": "abc"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "使えない条件があったため" in html
    assert "正しく選択してください" in html
    assert set(names(response)) == {"今治 ひとりぼっち相談", "よるのLINE相談"}


def test_queries_per_page_do_not_grow_with_the_windows(client, world, settings):
    settings.SUPPORT_NOW = WEDNESDAY_10
    query = {"open": "now", "lang": "ja", "free": "1"}
    near = {**query, "lat": "33.84", "lng": "132.77"}  # nearest first
    client.get(FINDER, query)  # warm caches (content types, site)
    with CaptureQueriesContext(connection) as few:
        client.get(FINDER, query)
    with CaptureQueriesContext(connection) as few_near:
        client.get(FINDER, near)
    for number in range(15):
        make_window(
            name=f"追加の窓口{number}",
            slug=f"extra-{number}",
            municipality="松山市",
            slots=weekdays(T(8), T(18)),
            line="https://line.me/R/ti/p/@x",
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(FINDER, query)
    assert len(names(response)) == 17
    assert len(many) == len(few)
    assert len(many) <= 20
    with CaptureQueriesContext(connection) as many_near:
        response = client.get(FINDER, near)
    assert len(names(response)) == 17 and len(many_near) == len(few_near)


def test_database_and_python_agree_on_open_now(world):
    windows = list(queries.with_related(Window.objects.published()))
    moments = [
        "2026-06-03T10:00",  # Wednesday
        "2026-06-03T17:00",
        "2026-06-07T14:00",  # Sunday
        "2026-09-21T14:00",  # 敬老の日 (as Sunday for the Vietnamese window)
        "2026-05-06T10:00",  # 振替休日 on a Wednesday
        "2026-12-29T10:00",  # year-end
        "2026-12-31T23:59",
        "2027-01-01T00:00",
    ]
    for text in moments:
        moment = datetime.datetime.fromisoformat(text).replace(tzinfo=hours_logic.TOKYO)
        in_python = {w.slug for w in windows if hours_logic.status_at(w.hours(), moment).is_open}
        in_db = set(
            queries.open_now(Window.objects.published(), moment).values_list("slug", flat=True)
        )
        assert in_db == in_python, text


def test_window_page(client, world, settings):
    settings.SUPPORT_NOW = SUNDAY_14
    response = client.get("/support/gaikokujin-matsuyama/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="tel:0120000001"' in html
    assert 'href="https://line.me/R/ti/p/@example-vi"' in html
    assert 'href="/organisations/kokusai/"' in html
    assert "いま受付中" in html
    assert "2026年4月1日" in html  # last checked
    assert '<th scope="row" rowspan="1">日曜日</th>' in html
    assert "13:00〜16:00" in html and "ベトナム語・日本語" in html
    assert "年末年始（12月29日〜1月3日）は休みです。" in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.+?)</script>', html)[1])
    assert data["@type"] == "Service"
    sunday = [spec for spec in data["hoursAvailable"] if spec["dayOfWeek"].endswith("Sunday")]
    assert sunday == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "https://schema.org/Sunday",
            "opens": "13:00",
            "closes": "16:00",
        }
    ]


def test_window_without_hours_says_call_first(client, world):
    html = client.get("/support/uwajima/").content.decode()
    assert "時間は要確認：まずお電話を" in html
    assert "いまは受付時間外" not in html


def test_unpublished_and_unknown_windows_are_not_found(client, world):
    assert client.get("/support/hidden/").status_code == 404
    assert client.get("/support/no-such-window/").status_code == 404


def test_in_vietnamese_and_from_the_menu(client, world, settings):
    settings.SUPPORT_NOW = SUNDAY_14
    response = client.get("/vi/support/", {"open": "now", "lang": "vi"})
    assert response.status_code == 200
    assert names(response) == ["外国人相談（松山）"]
    assert 'href="/vi/support/gaikokujin-matsuyama/"' in response.content.decode()
    home = client.get("/").content.decode()
    assert 'href="/support/"' in home
    assert "相談窓口をさがす" in home


def test_printable_a4_list_per_municipality(client, world, settings):
    settings.SUPPORT_NOW = WEDNESDAY_10
    response = client.get(FINDER, {"area": "今治市", "format": "print"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "support/css/print.css" in html
    assert "<h1>相談窓口一覧</h1>" in html and "地域：今治市" in html
    items = re.findall(r"<h2>([^<]+)</h2>", html)
    # The crisis lines, then the prefecture-wide windows, then the municipality's own.
    assert items == ["こころの電話（24時間）", "よるのLINE相談", "今治 ひとりぼっち相談"]
    assert "月〜金 09:00-17:00（日本語）" in html
    assert "毎日 24時間（日本語）" in html
    assert "電話：0120-000-783" in html


def test_csv_and_hsds_exports(client, world, settings):
    settings.SUPPORT_NOW = WEDNESDAY_10
    response = client.get(FINDER, {"lang": "vi", "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff窓口の名前,URL用の名前,どんな窓口か,市区町村")
    rows = text.strip().splitlines()
    assert len(rows) == 3  # heading, the crisis line, the Vietnamese-speaking window
    assert "外国人相談（松山）" in rows[2] and "0120-000-001" in rows[2]

    data = client.get(FINDER, {"format": "hsds"}).json()
    assert data["hsds_version"] == "3.0"
    service = next(s for s in data["services"] if s["name"] == "外国人相談（松山）")
    assert service["organization"]["name"] == "えひめ国際交流ネット"
    assert {"freq": "WEEKLY", "byday": "SU", "opens_at": "13:00", "closes_at": "16:00",
            "languages": ["vi", "ja"]} in service["schedules"]  # fmt: skip
    assert service["assured_date"] == "2026-04-01"
    assert "非公開の窓口" not in {s["name"] for s in data["services"]}
    links = client.get(FINDER, {"area": "松山市"}).content.decode()
    assert "?area=%E6%9D%BE%E5%B1%B1%E5%B8%82&amp;format=csv" in links
    assert "?area=%E6%9D%BE%E5%B1%B1%E5%B8%82&amp;format=xlsx" in links


def test_guided_path_from_trouble_to_results_without_javascript(client, world, settings):
    settings.SUPPORT_NOW = WEDNESDAY_10
    first = client.get("/support/guide/").content.decode()
    assert "どんなことでお困りですか？" in first and "質問 1 / 3" in first
    assert 'action="/support/guide/"' in first and 'name="step" value="who"' in first
    assert 'type="radio" name="trouble" value="lonely"' in first

    who = client.get("/support/guide/", {"step": "who", "trouble": "lonely"}).content.decode()
    assert "どなたのことですか？" in who and "困りごと：ひとりでさびしい" in who
    assert '<input type="hidden" name="trouble" value="lonely">' in who
    lonely = Trouble.objects.get(slug="lonely")
    for group in lonely.target_groups.all():  # the trouble's own groups are offered
        assert f'name="target" value="{group.pk}"' in who
    assert 'href="/support/guide/?trouble=lonely"' in who  # back, the answer kept

    target = lonely.target_groups.first().pk
    where = client.get(
        "/support/guide/", {"step": "where", "trouble": "lonely", "target": target}
    ).content.decode()
    assert "どこにお住まいですか？" in where
    assert 'action="/support/"' in where  # the last step submits to the finder
    assert f'<input type="hidden" name="target" value="{target}">' in where
    assert 'name="postcode"' in where and 'name="area"' in where

    results = client.get(FINDER, {"trouble": "lonely", "area": "今治市", "lang": ""})
    assert set(names(results)) == {"今治 ひとりぼっち相談", "よるのLINE相談"}
    assert 'href="/support/guide/"' in results.content.decode()


def test_guide_drops_answers_that_are_not_valid(client, world):
    who = client.get("/support/guide/", {"step": "who", "trouble": "nope"})
    assert who.status_code == 200
    html = who.content.decode()
    assert 'name="trouble" value="nope"' not in html
    foreign = TargetGroup.objects.get(name="外国人")
    assert f'name="target" value="{foreign.pk}"' in html  # every group, no trouble chosen
    assert "どんなことでお困りですか？" in client.get("/support/guide/?step=xx").content.decode()


def test_hours_are_24_hour_and_days_in_the_readers_order_in_every_language(client, world, settings):
    from support.templatetags.support_tags import hours_span

    assert hours_span(T(20), T(0)) == "20:00〜24:00"
    assert hours_span(T(9), T(17, 30)) == "9:00〜17:30"
    settings.SUPPORT_NOW = WEDNESDAY_10
    japanese = client.get("/support/imabari/").content.decode()
    assert "6月10日（水）：13:00〜15:00" in japanese
    assert "2026年4月1日" in japanese
    english = client.get("/en/support/imabari/").content.decode()
    # Each language writes a range its own way (English an en dash), 24-hour always.
    assert "June 10" in english and "Wed" in english and "13:00–15:00" in english
    assert "9:00–17:00" in english  # the table: 24-hour times in English too
    assert "April 1, 2026" in english
    finder = client.get("/vi/support/").content.decode()
    assert "3 Tháng 6" in finder or "3 tháng 6" in finder
    assert "10:00" in finder


def test_windows_in_the_readers_language_where_translated(client, world, settings):
    from support.models import WindowTranslation

    settings.SUPPORT_NOW = SUNDAY_14
    WindowTranslation.objects.create(
        window=world["vietnamese"],
        language="vi",
        name="Tư vấn cho người nước ngoài (Matsuyama)",
        summary="Tư vấn bằng tiếng Việt vào Chủ nhật.",
    )
    vietnamese = client.get("/vi/support/", {"lang": "vi"})
    assert names(vietnamese) == ["Tư vấn cho người nước ngoài (Matsuyama)"]
    html = vietnamese.content.decode()
    assert 'lang="ja">外国人相談（松山）</span>' in html  # what a caller says on the phone
    assert "Tư vấn bằng tiếng Việt vào Chủ nhật." in html
    page = client.get("/vi/support/gaikokujin-matsuyama/").content.decode()
    assert "Tư vấn bằng tiếng Việt vào Chủ nhật." in page
    # Japanese and English readers, and the data exports, keep the Japanese.
    assert names(client.get("/support/", {"lang": "vi"})) == ["外国人相談（松山）"]
    assert names(client.get("/en/support/", {"lang": "vi"})) == ["外国人相談（松山）"]
    exported = client.get("/vi/support/", {"lang": "vi", "format": "csv"}).content.decode()
    assert "外国人相談（松山）" in exported and "Matsuyama" not in exported


def test_troubles_in_the_readers_language_with_the_same_ids(client, world, settings):
    settings.SUPPORT_NOW = WEDNESDAY_10
    Trouble.objects.filter(slug="lonely").update(
        translations={"vi": {"name": "Tôi thấy cô đơn", "description": "Không có ai để nói chuyện"}}
    )
    Trouble.objects.filter(slug="caring").update(description="介護のこと")
    option = re.compile(r'<option value="([^"]*)"[^>]*>([^<]*)</option>')

    def troubles(html):
        select = html.split('name="trouble"', 1)[1].split("</select>", 1)[0]
        return option.findall(select)

    japanese = client.get(FINDER).content.decode()
    vietnamese = client.get("/vi/support/").content.decode()
    assert ("lonely", "ひとりでさびしい") in troubles(japanese)
    assert ("lonely", "Tôi thấy cô đơn") in troubles(vietnamese)
    assert "ひとりでさびしい" not in troubles(vietnamese)
    # The filter's values are the slugs, the same in every language.
    assert [slug for slug, _ in troubles(japanese)] == [slug for slug, _ in troubles(vietnamese)]
    filtered = client.get("/vi/support/", {"trouble": "lonely", "area": "今治市"})
    assert set(names(filtered)) == {"今治 ひとりぼっち相談", "よるのLINE相談"}
    assert "Tôi thấy cô đơn" in filtered.content.decode()  # 「…」にとりくむ会員団体も見る

    guide = client.get("/vi/support/guide/").content.decode()
    assert "<strong>Tôi thấy cô đơn</strong>" in guide and "Không có ai để nói chuyện" in guide
    assert "介護のこと" in guide  # untranslated: Japanese
    who = client.get("/vi/support/guide/", {"step": "who", "trouble": "lonely"}).content.decode()
    assert "Tôi thấy cô đơn" in who and "ひとりでさびしい" not in who
    page = client.get("/vi/support/imabari/").content.decode()
    assert '?trouble=lonely">Tôi thấy cô đơn</a>' in page
    assert (
        '?trouble=lonely">ひとりでさびしい</a>' in client.get("/support/imabari/").content.decode()
    )
