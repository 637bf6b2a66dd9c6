"""The page cache (cms/page_cache.py): anonymous public pages from the cache,
never a signed-in, restricted or cookie-setting answer, and out of date at
once when something a page shows changes."""

from types import SimpleNamespace
from unittest import mock

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest

from cms import page_cache
from home.models import SiteSettings
from tests.conftest import PASSWORD, point_default_site_at_home
from tests.events.factories import EventIndexPageFactory, open_event
from tests.home.factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory

HIT = page_cache.HIT_HEADER


@pytest.fixture(scope="module")
def world(module_db):
    home = point_default_site_at_home()
    SiteSettings.for_site(home.get_site())  # created now, not by the first request
    news_index = NewsIndexPageFactory(parent=home)
    item = NewsPageFactory(parent=news_index, title="最初のお知らせ", slug="first")
    members = StandardPageFactory(parent=home, title="会員だけのページ", slug="members")
    restriction = PageViewRestriction.objects.create(
        page=members, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get_or_create(name="会員")[0])
    events = EventIndexPageFactory(parent=home)
    event = open_event(events, capacity=10, days_ahead=7)
    return {"item": item, "members": members, "event": event}


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_CDN_MAX_AGE = 600
    cache.clear()
    yield
    cache.clear()


def get(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.headers.get(HIT)


@pytest.mark.django_db
def test_second_anonymous_request_is_served_from_the_cache(client, world):
    url = world["item"].url
    first, state = get(client, url)
    assert (first.status_code, state) == (200, "miss")
    assert "public" in first["Cache-Control"] and "s-maxage=600" in first["Cache-Control"]
    assert "Cookie" in first["Vary"]
    second, state = get(client, url)
    assert state == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.django_db
def test_a_publish_is_visible_on_the_next_request(client, world):
    item = world["item"]
    get(client, item.url)
    assert get(client, item.url)[1] == "hit"
    item.title = "書き直したお知らせ"
    item.save_revision().publish()
    response, state = get(client, item.url)
    assert state == "miss"
    assert "書き直したお知らせ" in response.content.decode()


@pytest.mark.django_db
def test_a_setting_shown_in_the_footer_is_visible_on_the_next_request(client, world):
    url = world["item"].url
    get(client, url)
    site_settings = SiteSettings.objects.get()
    site_settings.office_hours = "平日 9時〜17時（テスト）"
    site_settings.save()
    response, state = get(client, url)
    assert state == "miss"
    assert "平日 9時〜17時（テスト）" in response.content.decode()


@pytest.mark.django_db
def test_a_later_app_registers_its_models(client, world):
    from reports.models import Report

    get(client, world["item"].url)
    version = page_cache.current_version()
    page_cache._changed(Report())  # not in PAGE_CACHE_MODELS
    assert page_cache.current_version() == version
    page_cache.register(Report)
    try:
        page_cache._changed(Report())
        assert page_cache.current_version() != version
    finally:
        page_cache._registered.remove(Report)
        page_cache._models = None


@pytest.mark.django_db
def test_signed_in_answers_are_never_stored_nor_served_from_the_cache(
    client, world, django_user_model
):
    url = world["item"].url
    get(client, url)  # an anonymous copy is kept
    user = django_user_model.objects.create_user("member", "m@example.jp", PASSWORD)
    client.force_login(user)
    response, state = get(client, url)
    assert state is None
    assert "ログアウト" in response.content.decode()
    assert "private" in response["Cache-Control"]
    client.logout()
    response, state = get(client, url)
    assert state in ("hit", "miss")
    assert "ログアウト" not in response.content.decode()


@pytest.mark.django_db
def test_a_sign_in_does_not_empty_the_cache(client, world, django_user_model):
    user = django_user_model.objects.create_user("member", "m@example.jp", PASSWORD)
    get(client, world["item"].url)
    version = page_cache.current_version()
    user.last_login = user.date_joined
    user.save(update_fields=["last_login"])
    assert page_cache.current_version() == version


@pytest.mark.django_db
def test_restricted_pages_are_never_stored(client, world):
    url = world["members"].url
    for _attempt in range(2):
        response, state = get(client, url)
        assert response.status_code == 302
        assert state is None


@pytest.mark.django_db
def test_a_response_that_sets_a_cookie_is_never_stored(client, world):
    url = reverse("join:apply")
    for _attempt in range(2):
        response, state = get(client, url)
        assert response.status_code == 200
        assert response.cookies  # the CSRF cookie of its form
        assert state is None


@pytest.mark.django_db
def test_query_strings_search_and_session_cookies_bypass_the_cache(client, world):
    url = world["item"].url
    assert get(client, url + "?page=2")[1] is None
    assert get(client, reverse("search"))[1] is None
    get(client, url)
    client.cookies["sessionid"] = "anything"
    assert get(client, url)[1] is None
    del client.cookies["sessionid"]
    client.cookies["messages"] = "waiting"
    assert get(client, url)[1] is None


@pytest.mark.django_db
def test_not_found_is_not_stored(client, world):
    for _attempt in range(2):
        response, state = get(client, "/no-such-page/")
        assert (response.status_code, state) == (404, None)


@pytest.mark.django_db
def test_each_language_and_furigana_choice_has_its_own_copy(client, world):
    client.cookies["django_language"] = "ja"
    japanese, _state = get(client, "/")
    english, state = get(client, "/en/")
    assert state == "miss"
    assert japanese.content != english.content
    assert 'lang="en"' in english.content.decode()
    easy_on, state = get(client, "/ja-x-easy/")
    assert state == "miss"
    client.cookies["furigana"] = "off"
    easy_off, state = get(client, "/ja-x-easy/")
    assert state == "miss"
    assert easy_on.content != easy_off.content
    assert get(client, "/ja-x-easy/")[1] == "hit"


@pytest.mark.django_db
def test_the_first_visit_redirect_still_happens(client, world):
    get(client, "/", HTTP_ACCEPT_LANGUAGE="ja")  # a Japanese reader's copy of "/"
    response, state = get(client, "/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == "/en/"
    assert state is None


def _expires_after(url, client, seconds):
    """Whether the copy of ``url`` is gone ``seconds`` from now."""
    from django.core.cache.backends import locmem

    get(client, url)
    assert get(client, url)[1] == "hit"
    now = locmem.time.time()
    with mock.patch.object(locmem.time, "time", return_value=now + seconds):
        return get(client, url)[1] == "miss"


@pytest.mark.django_db
def test_pages_that_change_with_time_are_kept_a_minute_at_most(client, world):
    event = world["event"]
    response, _state = get(client, event.url)
    assert "s-maxage=60" in response["Cache-Control"]
    cache.clear()
    assert _expires_after(event.url, client, 61)
    cache.clear()
    assert _expires_after("/", client, 61)  # upcoming events on the home page
    cache.clear()
    assert not _expires_after(world["item"].url, client, 61)
    cache.clear()
    # The support finder's "open now" says max-age=60 itself.
    assert _expires_after(reverse("support:finder"), client, 61)


@pytest.mark.django_db
def test_a_registration_changes_the_seats_shown_at_once(client, world):
    from events.models import Registration

    version = page_cache.current_version()
    registration = Registration(event=world["event"])
    page_cache.on_save(Registration, registration)
    assert page_cache.current_version() != version


@pytest.mark.django_db
def test_the_menus_are_rebuilt_after_a_publish(client, world, django_user_model):
    """Signed in (no page cache): the menus each process keeps follow the version too."""
    user = django_user_model.objects.create_user("member", "m@example.jp", PASSWORD)
    client.force_login(user)
    assert "新しいメニュー項目" not in client.get("/").content.decode()
    StandardPageFactory(
        parent=world["item"].get_parent().get_parent(),
        title="新しいメニュー項目",
        slug="new-menu",
        show_in_menus=True,
    )
    assert "新しいメニュー項目" in client.get("/").content.decode()


# --- fragments ({% fragment %}, cms/templatetags/fragment_tags.py) -------------------


# Whole pages not cached (a member's view), fragments kept: fragments_kept
# (tests/conftest.py).


@pytest.mark.django_db
def test_the_footer_is_kept_until_what_it_shows_changes(client, world, fragments_kept):
    site_settings = SiteSettings.objects.get()
    SiteSettings.objects.filter(pk=site_settings.pk).update(footer_note="最初の注記")
    url = world["item"].url
    assert "最初の注記" in client.get(url).content.decode()
    # Changed without a signal (no version bump): the kept footer still shows the old note.
    SiteSettings.objects.filter(pk=site_settings.pk).update(footer_note="黙って変えた注記")
    assert "最初の注記" in client.get(url).content.decode()
    # Saved as the admin does: the version moves, the next request shows it.
    site_settings.refresh_from_db()
    site_settings.footer_note = "新しい注記"
    site_settings.save()
    body = client.get(url).content.decode()
    assert "新しい注記" in body and "最初の注記" not in body


@pytest.mark.django_db
def test_the_footer_is_kept_per_language(client, world, fragments_kept):
    japanese = client.get("/no-such-page/").content.decode()
    english = client.get("/en/no-such-page/").content.decode()
    assert 'lang="ja"' in japanese[:200] and 'lang="en"' in english[:200]
    assert "事務局・お問い合わせ" in japanese
    assert "事務局・お問い合わせ" not in english


@pytest.mark.django_db
def test_kept_fragments_save_the_chrome_queries(client, world, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    url = world["item"].url
    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = False
    without = count(url)
    settings.FRAGMENT_CACHE_ENABLED = True
    assert count(url) < without


@pytest.mark.django_db
def test_kept_restricted_sections_follow_a_new_restriction(client, world, fragments_kept):
    news_index = world["item"].get_parent()
    hidden = NewsPageFactory(parent=news_index, title="あとで限定になるお知らせ", slug="later")
    assert "あとで限定になるお知らせ" in client.get("/").content.decode()
    restriction = PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    try:
        assert "あとで限定になるお知らせ" not in client.get("/").content.decode()
    finally:
        restriction.delete()
        hidden.delete()


@pytest.mark.django_db
def test_the_site_is_looked_up_once_per_version(client, world, fragments_kept):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wagtail.models import Site

    url = world["item"].url
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert not [q for q in captured if 'FROM "wagtailcore_site"' in q["sql"]]
    # A change of the site (saved as the admin does) is seen on the next request.
    site = Site.objects.get(is_default_site=True)
    site.site_name = "新しいサイト名"
    site.save()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    assert [q for q in captured if 'FROM "wagtailcore_site"' in q["sql"]]


def test_each_request_gets_its_own_copy_of_the_kept_site(rf, settings):
    settings.FRAGMENT_CACHE_ENABLED = True
    found = SimpleNamespace(pk=1, root_page=SimpleNamespace(title="ホーム"))
    with mock.patch("wagtail.models.Site._find_for_request", return_value=found) as lookup:
        first = page_cache.known_site(rf.get("/", HTTP_HOST="example.jp"))
        first.root_page.title = "書き換えた"
        second = page_cache.known_site(rf.get("/", HTTP_HOST="example.jp"))
    assert lookup.call_count == 1
    assert second.root_page.title == "ホーム"


def _current_links(html):
    """The hrefs the header marks as where the reader is (aria-current)."""
    import re

    header = html[html.index("<header") : html.index("</header>")]
    found = re.findall(r'href="([^"]+)"[^>]*aria-current="(?:page|true)"', header)
    return {href for href in found if "?language=" not in href}  # not the switcher's


@pytest.mark.django_db
def test_the_kept_menu_marks_each_paths_own_place(client, world, fragments_kept):
    item = world["item"]
    assert client.get("/organisations/").status_code == 200
    assert client.get(item.url).status_code == 200
    # Each path again, now from the kept fragments.
    assert _current_links(client.get("/organisations/").content.decode()) == {"/organisations/"}
    assert "/organisations/" not in _current_links(client.get(item.url).content.decode())
    assert _current_links(client.get("/search/").content.decode()) == {"/search/"}


@pytest.mark.django_db
def test_the_kept_switcher_follows_a_new_translation(client, world, fragments_kept):
    from wagtail.models import Locale

    item = world["item"]
    english = Locale.objects.get_or_create(language_code="en")[0]
    assert 'href="/en/news/first/?language=en"' in client.get(item.url).content.decode()
    translated = item.copy_for_translation(english, copy_parents=True)
    translated.slug = "first-en"
    translated.save_revision().publish()
    try:
        html = client.get(item.url).content.decode()
        assert 'href="/en/news/first-en/?language=en"' in html
    finally:
        translated.delete()


@pytest.mark.django_db
def test_what_is_never_kept_fills_no_cache(client, world, fragments_kept):
    def keys():
        return {key for key in cache._cache if ":fragment:" in key}

    client.get("/no-such-page/")  # the footer and the crisis lines are kept
    before = keys()
    for path in ("/made-up-1/", "/made-up-2/", "/news/made-up-3/"):
        assert client.get(path).status_code == 404
    assert keys() == before  # no key per made-up path
    client.get("/organisations/")
    before = keys()
    client.get("/organisations/", {"q": "居場所"})
    client.get("/organisations/", {"q": "見守り"})
    assert keys() == before  # nor per query string


# --- Facts kept per version: the home page to route from, the restrictions -----------


@pytest.mark.django_db
def test_a_new_restriction_applies_on_the_next_request(client, world, fragments_kept):
    news_index = world["item"].get_parent()
    page = NewsPageFactory(parent=news_index, title="まもなく限定", slug="soon-private")
    assert client.get(page.url).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    try:
        response = client.get(page.url)
        assert response.status_code == 200 and "まもなく限定" not in response.content.decode()
        assert "password" in response.content.decode()  # Wagtail's password form
    finally:
        restriction.delete()
    assert "まもなく限定" in client.get(page.url).content.decode()


@pytest.mark.django_db
def test_a_section_restricted_above_the_page_still_applies(client, world, fragments_kept):
    members = world["members"]
    child = StandardPageFactory(parent=members, title="会員向けの下のページ", slug="below")
    response = client.get(child.url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_routing_from_the_kept_home_page_follows_publishing(client, world, fragments_kept):
    news_index = world["item"].get_parent()
    assert client.get("/news/later-news/").status_code == 404
    page = NewsPageFactory(parent=news_index, title="あとから公開", slug="later-news")
    assert client.get("/news/later-news/").status_code == 200
    page.unpublish()
    assert client.get("/news/later-news/").status_code == 404


@pytest.mark.django_db
def test_a_database_down_before_the_view_leaves_the_answer_to_the_view(client, fragments_kept):
    """The kept site is looked up in the middleware: with the database down
    there, the health check must still answer for itself (a 503, not a 500)."""
    from django.db import OperationalError

    with mock.patch.object(page_cache, "known_site", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 200  # the database is up for the view itself here
