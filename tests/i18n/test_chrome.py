"""The site's chrome keeps the reader's language: header, footer, breadcrumbs.

Under /en/ or /vi/ every link of the menu, footer and breadcrumbs leads to the
page's translation in that language, or to the Japanese page under the same
prefix (served with the fallback notice): never to a bare Japanese URL, which
would switch the reader back to Japanese without warning.
"""

import re

import pytest

from tests.events.factories import EventIndexPageFactory
from tests.home.factories import NewsPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_pages(home_page, news_index):
    news_index.show_in_menus = True
    news_index.save_revision().publish()
    events = EventIndexPageFactory(parent=home_page, show_in_menus=True)
    about = StandardPageFactory(parent=home_page, title="このサイトについて", slug="about")
    item = NewsPageFactory(parent=news_index, title="相談窓口のお知らせ", slug="soudan")
    return {"news": news_index, "events": events, "about": about, "item": item}


def chrome(response):
    """The page without the language switcher (its links change language on purpose)."""
    assert response.status_code == 200
    body = response.content.decode()
    return re.sub(r'<nav class="language-switcher".*?</nav>', "", body, flags=re.S)


def region(body, start, end):
    return body[body.index(start) : body.index(end, body.index(start))]


def hrefs(html):
    return re.findall(r'href="([^"#]*)"', html)


def assert_all_under(links, prefix):
    """Every site link is under ``prefix`` (static files aside)."""
    site_links = [
        href for href in links if href.startswith("/") and not href.startswith("/static/")
    ]
    assert site_links
    stray = [href for href in site_links if not href.startswith(prefix)]
    assert stray == []


def test_english_reader_gets_translations_and_prefixed_fallbacks(client, site_pages, translate):
    translate(site_pages["news"], "en", title="News")  # and the home page, copied as parent
    body = chrome(client.get("/en/news/soudan/"))  # the item itself is not translated

    header = region(body, '<header class="site-header">', "</header>")
    assert 'class="site-brand" href="/en/"' in header
    assert '<a class="primary-nav__link" href="/en/news/" aria-current="true">News</a>' in header
    # Not translated yet: the Japanese index under the reader's prefix, marked as Japanese.
    assert '<a class="primary-nav__link" href="/en/events/" lang="ja">' in header
    assert 'href="/en/organisations/"' in header and 'href="/en/subcommittees/"' in header
    assert 'href="/en/search/"' in header
    assert 'href="/en/accounts/login/?next=/en/news/soudan/"' in header
    assert_all_under(hrefs(header), "/en/")

    crumbs = region(body, '<nav class="breadcrumbs"', "</nav>")
    assert hrefs(crumbs) == ["/en/", "/en/news/"]
    assert ">News</a>" in crumbs

    footer = region(body, '<footer class="site-footer">', "</footer>")
    assert '<a href="/en/about/" lang="ja">このサイトについて</a>' in footer
    assert 'href="/en/news/feed/"' in footer
    assert_all_under(hrefs(footer), "/en/")


def test_vietnamese_reader_with_nothing_translated_stays_under_vi(client, site_pages):
    body = chrome(client.get("/vi/news/soudan/"))
    header = region(body, '<header class="site-header">', "</header>")
    footer = region(body, '<footer class="site-footer">', "</footer>")
    crumbs = region(body, '<nav class="breadcrumbs"', "</nav>")
    assert 'class="site-brand" href="/vi/"' in header
    assert 'href="/vi/news/" aria-current="true" lang="ja">お知らせ</a>' in header
    assert_all_under(hrefs(header), "/vi/")
    assert_all_under(hrefs(footer), "/vi/")
    assert hrefs(crumbs) == ["/vi/", "/vi/news/"]
    # The links lead somewhere: the fallback view serves the Japanese page there.
    for href in ["/vi/", "/vi/news/", "/vi/events/", "/vi/about/", "/vi/news/feed/"]:
        assert client.get(href).status_code == 200, href


def test_vietnamese_translation_is_linked_under_its_own_slug(client, site_pages, translate):
    translate(site_pages["about"], "vi", title="Giới thiệu", slug="gioi-thieu")
    footer = region(chrome(client.get("/vi/")), '<footer class="site-footer">', "</footer>")
    assert '<a href="/vi/gioi-thieu/">Giới thiệu</a>' in footer


def test_japanese_chrome_is_unchanged(client, site_pages, translate):
    translate(site_pages["news"], "en", title="News")
    body = chrome(client.get("/news/soudan/"))
    header = region(body, '<header class="site-header">', "</header>")
    assert '<a class="primary-nav__link" href="/news/" aria-current="true">お知らせ</a>' in header
    assert 'lang="ja"' not in header.replace('<html lang="ja"', "")
    crumbs = region(body, '<nav class="breadcrumbs"', "</nav>")
    assert hrefs(crumbs) == ["/", "/news/"]


def test_deeper_breadcrumbs_of_a_translated_page_stay_translated(client, site_pages, translate):
    child = StandardPageFactory(parent=site_pages["about"], title="規約", slug="rules")
    translate(child, "en", title="Rules")  # copies "about" too, as its parent
    crumbs = region(chrome(client.get("/en/about/rules/")), '<nav class="breadcrumbs"', "</nav>")
    assert hrefs(crumbs) == ["/en/", "/en/about/"]
    assert 'lang="ja"' not in crumbs


@pytest.mark.parametrize(
    ("code", "between"),
    [("ja", "<wbr>"), ("zh-hans", "<wbr>"), ("vi", " "), ("en", " "), ("ja-x-easy", " ")],
)
def test_tagline_phrases_are_spaced_where_the_language_uses_spaces(
    client, home_page, code, between
):
    """Japanese and Chinese need no space between the two phrases; the others do
    (they were run together: "…cô lậpNền tảng…")."""
    from django.utils import translation

    prefix = "" if code == "ja" else f"/{code}"
    client.cookies["furigana"] = "off"
    body = client.get(f"{prefix}/").content.decode()
    tagline = re.search(r'<span class="site-brand__tagline">(.*?)</span>', body).group(1)
    with translation.override(code):
        expected = translation.gettext("孤独・孤立対策") + between
        expected += translation.gettext("官民連携プラットフォーム")
    assert tagline == expected


def test_sign_out_page_leads_back_to_the_home_page_in_the_reader_language(
    client, home_page, django_user_model
):
    client.force_login(django_user_model.objects.create_user("reader", "r@example.jp", "x"))
    body = client.get("/vi/accounts/logout/").content.decode()
    main = body[body.index('<main id="main"') :]
    assert 'href="/vi/"' in main
    assert 'href="/"' not in main
