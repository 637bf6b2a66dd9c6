"""/forum/search/ leads to the site search narrowed to the forum, in the same language."""

from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "path"),
    [("/forum/search/", "/search/"), ("/en/forum/search/", "/en/search/")],
)
def test_forum_search_redirects_to_the_site_search(client, url, path):
    response = client.get(url, {"q": " 見守り <b> "})
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == path
    assert parse_qs(location.query) == {"kind": ["forum"], "q": ["見守り <b>"]}


def test_forum_search_without_query(client):
    response = client.get("/forum/search/")
    assert response.status_code == 302
    assert response["Location"] == "/search/?kind=forum"
    assert client.get(response["Location"]).status_code == 200
