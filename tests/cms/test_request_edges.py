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
        "/en/",
        "/en/organisations/",
    ]


# --- 1. anonymous readers: no session, no cookie ------------------------------


def test_anonymous_page_views_write_no_session_and_set_no_cookie(client, public_pages):
    for url in public_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, (url, list(response.cookies))
    assert not Session.objects.exists()


def test_anonymous_page_views_are_cacheable(client, public_pages):
    for url in public_pages:
        if url.startswith("/search/"):
            continue  # results depend on who asks: search/views.py never shares them
        response = client.get(url)
        assert "private" not in response.get("Cache-Control", ""), url
        assert "no-store" not in response.get("Cache-Control", ""), url


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
