"""What every response says about caching and cookies (issue 15).

- An anonymous reader's plain page view writes no session row and sets no
  cookie: the language cookie only comes with the first-visit redirect and
  the language switcher, both redirects that no cache keeps.
- Every response to a signed-in user is ``Cache-Control: private`` with
  ``Vary: Cookie``; the account, member, forum-writing and admin areas are
  ``no-store`` as well. Anonymous public pages stay cacheable.
- Every response sends ``Cross-Origin-Resource-Policy: same-origin``.
"""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils.cache import get_max_age

import pytest

from subcommittees import services as subcommittee_services
from subcommittees.models import Subcommittee
from tests.conftest import point_default_site_at_home
from tests.forum.conftest import make_topic, url_of
from tests.home.factories import NewsIndexPageFactory, NewsPageFactory
from tests.organisations.conftest import make_personas
from tests.worlds import per_test_fixtures

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture(scope="module")
def world(module_db):
    home = point_default_site_at_home()
    news = NewsPageFactory(parent=NewsIndexPageFactory(parent=home), title="春の交流会のお知らせ")
    personas = make_personas()
    public = subcommittee_services.create_subcommittee(
        by=personas["secretariat"],
        coordinators=[personas["org_b_admin"]],
        name="こども食堂分科会",
        slug="kodomo",
        theme="こども食堂",
        visibility=Subcommittee.Visibility.PUBLIC,
        join_policy=Subcommittee.JoinPolicy.OPEN,
    )
    topic, _post = make_topic(public.forum, personas["org_b_admin"], "食材の寄付について")
    return {
        **personas,
        "news_url": news.url,
        "topic_url": url_of(topic),
        "forum": public.forum,
    }


globals().update(
    per_test_fixtures(
        "world", ["org_a_admin", "org_a_staff", "secretariat", "outsider", "news_url", "topic_url"]
    )
)


@pytest.fixture
def public_pages(news_url, topic_url):
    return [
        "/",
        news_url,
        "/organisations/",
        "/forum/",
        topic_url,
        "/search/?q=%E4%BA%A4%E6%B5%81",
        "/subcommittees/",
        "/subcommittees/kodomo/",
        "/en/",
        "/en/organisations/",
        "/vi/forum/",
    ]


# --- 1. anonymous readers: no session, no cookie ------------------------------


def test_anonymous_page_views_write_no_session_and_set_no_cookie(client, public_pages):
    for url in public_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, (url, list(response.cookies))
    assert not Session.objects.exists()


# Never shared on purpose, for everyone: search results depend on who asks
# (search/views.py); a subcommittee's page is never_cache (subcommittees/views.py).
NEVER_SHARED = ("/search/", "/subcommittees/kodomo/")


def test_anonymous_page_views_are_cacheable(client, public_pages):
    for url in public_pages:
        if url.startswith(NEVER_SHARED):
            continue
        response = client.get(url)
        assert "private" not in response.get("Cache-Control", ""), url
        assert "no-store" not in response.get("Cache-Control", ""), url


def test_a_page_with_a_post_form_sets_only_the_csrf_cookie(client):
    """The application form POSTs: it needs its CSRF cookie, and no session."""
    response = client.get("/join/")
    assert response.status_code == 200
    assert set(response.cookies) == {settings.CSRF_COOKIE_NAME}
    assert not Session.objects.exists()


def test_japanese_browser_first_visit_sets_no_cookie(client, public_pages):
    response = client.get("/", headers={"accept-language": "ja-JP,ja;q=0.9"})
    assert response.status_code == 200
    assert not response.cookies


def test_first_visit_redirect_sets_the_cookie_and_is_never_cached(client):
    response = client.get("/organisations/", headers={"accept-language": "vi"})
    assert response.status_code == 302
    assert response["Location"] == "/vi/organisations/"
    assert response.cookies[COOKIE].value == "vi"
    assert "no-store" in response["Cache-Control"]
    assert get_max_age(response) == 0


# --- 2. signed-in users: private, and no-store in their own areas -------------


def cache_control(response):
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",")}


def vary(response):
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


@pytest.mark.parametrize("persona", ["outsider", "org_a_staff", "org_a_admin", "secretariat"])
def test_every_page_to_a_signed_in_user_is_private(client, request, persona, public_pages):
    client.force_login(request.getfixturevalue(persona))
    for url in [*public_pages, "/does-not-exist/"]:
        response = client.get(url)
        assert "private" in cache_control(response), (url, response.get("Cache-Control"))
        assert "public" not in cache_control(response), url
        assert "cookie" in vary(response), url


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("org_a_staff", "/accounts/email/"),
        ("org_a_staff", "/accounts/password/change/"),
        ("org_a_staff", "/en/accounts/email/"),
        ("org_a_staff", "/my-organisation/"),
        ("org_a_admin", "/my-organisation/staff/"),
        ("org_a_admin", "/ko/my-organisation/profile/"),
        ("secretariat", "/admin/"),
        ("secretariat", "/forum/moderation/queue/"),
        ("org_a_staff", "/forum/member/subscriptions/"),
        ("org_a_staff", "/forum/member/profile/edit/"),
    ],
)
def test_own_areas_are_never_stored(client, request, persona, url):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url)
    assert response.status_code in (200, 302, 403, 404), url
    assert {"private", "no-store"} <= cache_control(response), response.get("Cache-Control")
    assert "cookie" in vary(response)


def test_forum_writing_pages_are_never_stored(client, secretariat, topic_url):
    client.force_login(secretariat)
    forum_path = topic_url.split("/topic/")[0]
    for url in (f"{forum_path}/topic/create/", f"{topic_url}post/create/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= cache_control(response), url
    # Reading the topic is private but may stay in the member's own browser cache.
    response = client.get(topic_url)
    assert "private" in cache_control(response)
    assert "no-store" not in cache_control(response)


def test_sign_in_page_is_never_stored_even_for_anonymous(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


# --- 3. Cross-Origin-Resource-Policy on every response --------------------------


def test_every_response_is_same_origin_only(client, public_pages, org_a_staff):
    urls = [*public_pages, "/healthz", "/sitemap.xml", "/does-not-exist/", "/accounts/login/"]
    for url in urls:
        assert client.get(url)["Cross-Origin-Resource-Policy"] == "same-origin", url
    client.force_login(org_a_staff)
    for url in [*urls, "/my-organisation/"]:
        assert client.get(url)["Cross-Origin-Resource-Policy"] == "same-origin", url
    assert client.post("/accounts/logout/")["Cross-Origin-Resource-Policy"] == "same-origin"
