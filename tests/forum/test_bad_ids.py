"""Every forum URL with a non-numeric or unknown id answers 404, never a server error.

machina's views call ``int()`` on URL arguments and ``get()`` without a 404
(``/forum/member/profile/abc/posts/`` was a 500). Each of machina's URL
patterns is tried with every argument set to "abc" and to a huge number.
"""

import re

import pytest
from machina import urls as machina_urls

from forum import urls as forum_urls

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
UNKNOWN = "987654"


def _paths(patterns, prefix=""):
    for pattern in patterns:
        here = prefix + str(pattern.pattern)
        if hasattr(pattern, "url_patterns"):
            yield from _paths(pattern.url_patterns, here)
        else:
            yield here


def _fill(route, value):
    # <conv:name> → value; regex parts (machina uses path(), but be safe) left as they are.
    return re.sub(r"<(?:\w+:)?\w+>", value, route).lstrip("^").rstrip("$")


ROUTES = sorted(
    {route for route in _paths(forum_urls.urlpatterns) if "<" in route}
    | {route for route in _paths(machina_urls.urlpatterns) if "<" in route}
)


@pytest.mark.parametrize("route", ROUTES)
def test_bad_ids_are_404(client, secretariat, route):
    """The secretariat may do most in the forum, so its requests go deepest into machina."""
    client.raise_request_exception = False
    client.force_login(secretariat)
    for value in ("abc", HUGE, "0", UNKNOWN):
        url = "/forum/" + _fill(route, value)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code < 500, (method.__name__, url, response.status_code)
            if value in ("abc", HUGE):
                assert response.status_code == 404, (method.__name__, url, response.status_code)


@pytest.mark.parametrize("forum_pk", ["0", UNKNOWN])
@pytest.mark.parametrize("suffix", ["topics/", "topics/all/"])
def test_feed_of_an_unknown_forum_is_404(client, forum_pk, suffix):
    """Forum 0 was read as "no forum given" and answered with the feed of every forum."""
    response = client.get(f"/forum/feeds/forum/x-{forum_pk}/{suffix}")
    assert response.status_code == 404


MEMBER_PROFILE_URLS = [
    "/forum/member/profile/abc/posts/",
    "/forum/member/profile/abc/",
    "/forum/member/profile/-1/posts/",
    f"/forum/member/profile/{HUGE}/posts/",
    f"/forum/member/profile/{UNKNOWN}/posts/",
    "/forum/member/profile/1.5/posts/",
    "/en/forum/member/profile/abc/posts/",
]


@pytest.mark.parametrize("url", MEMBER_PROFILE_URLS)
def test_member_profile_urls_with_a_bad_id_are_404(client, member, url):
    """The issue-15 finding: /forum/member/profile/abc/posts/ was a server error."""
    client.raise_request_exception = False
    assert client.get(url).status_code == 404, url
    client.force_login(member)
    assert client.get(url).status_code == 404, url
