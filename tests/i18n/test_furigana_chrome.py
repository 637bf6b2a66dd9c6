"""Furigana in the site's chrome for Easy Japanese, and never in <title>."""

import re

import pytest

from home.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def easy_item(site, news_index, translate):
    from tests.home.factories import NewsPageFactory

    settings = SiteSettings.for_site(site)
    settings.network_name = "地域つながりネット"
    settings.save()
    news_index.show_in_menus = True
    news_index.save_revision().publish()
    item = NewsPageFactory(parent=news_index, title="相談のお知らせ", slug="soudan")
    return translate(item, "ja-x-easy", title="市場《いちば》のお知らせ")


def title_of(body):
    return re.search(r"<title>(.*?)</title>", body, re.S).group(1)


def test_header_and_breadcrumbs_have_furigana_when_on(client, easy_item):
    body = client.get("/ja-x-easy/news/soudan/").content.decode()
    header = body[body.index('<header class="site-header">') : body.index("</header>")]
    assert "<ruby>地域<rt>ちいき</rt></ruby>つながりネット" in header  # the site's name
    assert "<ruby>会員<rt>かいいん</rt></ruby>" in header  # sign-in / directory links
    crumbs = body[body.index('<nav class="breadcrumbs"') :]
    assert "<ruby>" in crumbs[: crumbs.index("</nav>")]
    # The language switcher names each language in its own script, without readings.
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', body, re.S).group(0)
    assert "<ruby>" not in switcher and ">日本語</a>" in switcher


def test_title_is_plain_text_with_furigana_on(client, easy_item):
    body = client.get("/ja-x-easy/news/soudan/").content.decode()
    assert title_of(body) == "市場のお知らせ | 地域つながりネット"
    assert "<ruby>市場<rt>いちば</rt></ruby>" in body  # the heading does get the reading
    assert "《" not in re.search(r'<meta name="description"[^>]*>', body).group(0)


def test_no_furigana_in_the_header_when_off_or_in_other_languages(client, easy_item):
    client.cookies["furigana"] = "off"
    body = client.get("/ja-x-easy/news/soudan/").content.decode()
    assert "<ruby>" not in body
    assert title_of(body) == "市場のお知らせ | 地域つながりネット"
    del client.cookies["furigana"]
    body = client.get("/news/soudan/").content.decode()
    assert "<ruby>" not in body


def test_dates_get_no_readings():
    """The dictionary reads 19日 and （木） out of context (か, き): dates stay bare."""
    from django.utils.safestring import mark_safe

    from cms.furigana import add_furigana

    html = mark_safe('<p>会議は<time datetime="2026-11-19">2026年11月19日（木）</time>です</p>')
    result = add_furigana(html)
    assert '<time datetime="2026-11-19">2026年11月19日（木）</time>' in result
    assert "<ruby>会議<rt>かいぎ</rt></ruby>" in result
