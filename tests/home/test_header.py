"""The header's account links and the app sections in the navigation."""

import pytest

from tests.organisations.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_sees_sign_in_and_directory_link(client, home_page):
    html = client.get("/").content.decode()
    assert 'href="/accounts/login/"' in html
    assert 'href="/organisations/"' in html
    assert "マイ団体" not in html and "ログアウト" not in html


def test_member_sees_their_organisation_and_a_post_logout(client, home_page):
    membership = MembershipFactory()
    client.force_login(membership.user)
    html = client.get("/").content.decode()
    assert 'href="/my-organisation/"' in html
    assert 'action="/accounts/logout/"' in html
    assert "管理画面" not in html


def test_secretariat_sees_the_admin_link(client, home_page):
    client.force_login(UserFactory(groups=["事務局"]))
    html = client.get("/").content.decode()
    assert 'href="/admin/"' in html
    assert "マイ団体" not in html


def test_sign_in_link_returns_to_the_page(client, home_page, news_index):
    html = client.get(news_index.url).content.decode()
    assert 'href="/accounts/login/?next=/news/"' in html


def test_directory_link_shows_even_without_menu_pages(client, home_page):
    # A fresh site has no pages marked "show in menus" yet.
    html = client.get("/organisations/").content.decode()
    assert 'class="primary-nav__link" href="/organisations/" aria-current="page"' in html


def test_home_links_to_the_write_ups_once_they_exist(client, home_page):
    from tests.practices.helpers import make_index

    assert 'href="/practices/"' not in client.get("/").content.decode()
    make_index(home_page)
    assert 'href="/practices/"' in client.get("/").content.decode()


def test_subcommittees_are_in_the_menu_and_marked_current_there(client, home_page):
    html = client.get("/").content.decode()
    assert 'href="/subcommittees/"' in html
    html = client.get("/subcommittees/").content.decode()
    assert 'class="primary-nav__link" href="/subcommittees/" aria-current="page"' in html


@pytest.mark.parametrize("prefix", ["", "/en", "/vi"])
def test_header_queries_do_not_grow_with_the_menu(client, home_page, prefix):
    """Menu, footer and breadcrumbs cost the same however many pages they link.

    Outside Japanese the pages are replaced by their translations (or prefixed
    fallbacks) in one query for all of them, not one per link.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wagtail.models import Locale

    from cms import page_cache
    from tests.home.factories import StandardPageFactory

    def queries():
        client.get(f"{prefix}/")  # warm the per-process caches (content types, site root paths)
        page_cache.bump_version()  # but build what the page cache keeps afresh, if it is on
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{prefix}/").status_code == 200
        return len(captured)

    english = Locale.objects.get(language_code="en")
    home_page.copy_for_translation(english).save_revision().publish()
    StandardPageFactory(parent=home_page, show_in_menus=True)
    few = queries()
    pages = [StandardPageFactory(parent=home_page, show_in_menus=True) for _ in range(5)]
    for page in pages[:2]:  # some translated, the others fall back
        page.copy_for_translation(english).save_revision().publish()
    assert queries() == few
