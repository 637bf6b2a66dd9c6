"""A page with a Japanese title saves with a readable romaji slug.

The editor's browser keeps only Latin letters of the title for the slug, so a
Japanese title left it empty and the save failed, with the only error on the
hidden プロモート tab.
"""

import pytest

from home.models import NewsIndexPage, NewsPage, StandardPage
from tests.home.factories import index_page_data, news_page_data, standard_page_data
from tests.home.page_helpers import assert_created_and_live

pytestmark = pytest.mark.django_db


def test_a_japanese_title_gets_a_romaji_slug(admin_client_su, home_page, add_page, client):
    data = standard_page_data(title="子ども食堂ネットワークのご案内", slug="")
    response = add_page(home_page, StandardPage, data)
    page = assert_created_and_live(
        response, StandardPage, "kodomo-shokudo-nettowaku-go-annai", client
    )
    assert page.url.endswith("/kodomo-shokudo-nettowaku-go-annai/")


def test_a_drafted_news_item_too_and_siblings_stay_apart(admin_client_su, home_page, add_page):
    add_page(home_page, NewsIndexPage, index_page_data(title="お知らせ", slug="news"))
    news = NewsIndexPage.objects.get()
    for _ in range(2):
        response = add_page(
            news, NewsPage, news_page_data(title="会員募集のお知らせ", slug=""), "action-save-draft"
        )
        assert response.status_code == 302
    assert sorted(NewsPage.objects.values_list("slug", flat=True)) == [
        "kaiin-boshu-oshirase",
        "kaiin-boshu-oshirase-2",
    ]


def test_a_typed_slug_is_kept(admin_client_su, home_page, add_page, client):
    response = add_page(
        home_page, StandardPage, standard_page_data(title="団体概要", slug="about-us")
    )
    assert_created_and_live(response, StandardPage, "about-us", client)


def test_a_title_without_readable_words_gets_a_fallback(
    admin_client_su, home_page, add_page, client
):
    response = add_page(home_page, StandardPage, standard_page_data(title="！？", slug=""))
    assert_created_and_live(response, StandardPage, "page", client)


@pytest.mark.parametrize("slug", ["support", "join", "search", "organisations"])
def test_a_top_level_slug_the_site_answers_itself_is_refused(
    admin_client_su, home_page, add_page, slug
):
    # /support/ is the finder, /join/ the application form...: a page there
    # could never be opened.
    response = add_page(home_page, StandardPage, standard_page_data(title="相談窓口", slug=slug))

    assert response.status_code == 200
    assert not StandardPage.objects.filter(slug=slug).exists()
    errors = response.context["form"].errors["slug"]
    assert errors == [
        f"/{slug}/ はサイトの機能が使っているURLです。別のURL用の名前にしてください。"
    ]


def test_the_same_slug_further_down_the_tree_is_kept(admin_client_su, home_page, add_page):
    # /news/support/ is no path of the site's own views.
    response = add_page(home_page, NewsIndexPage, index_page_data(title="お知らせ", slug="news"))
    news = NewsIndexPage.objects.get()
    response = add_page(news, NewsPage, news_page_data(title="相談窓口", slug="support"))
    assert response.status_code == 302
    assert NewsPage.objects.get().url.endswith("/news/support/")
