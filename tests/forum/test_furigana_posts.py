"""Reading markup (漢字《かんじ》) is read within one text node of one author.

A member who ends a post with 「漢《」 and another who writes 「》」 later must
not erase what lies between (other members' posts, the page's own markup),
in Japanese (the markup stripped) or in Easy Japanese (ruby or stripped).
"""

from html.parser import HTMLParser

import pytest

from .conftest import make_topic, reply, url_of

pytestmark = pytest.mark.django_db

LINK = "https://example.org/漢《"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href"))


def hrefs_of(body):
    parser = _Links()
    parser.feed(body)
    parser.close()
    return parser.hrefs


@pytest.fixture
def topic(s2, other_member, member):
    topic, _first = make_topic(s2.forum, other_member, "ふりがなの話", "first-post 漢《")
    reply(topic, other_member, f"[link-text 漢《]({LINK})")
    reply(topic, member, "middle-post by someone else")
    reply(topic, member, "last-post 》 end")
    return topic


@pytest.mark.parametrize(
    ("language", "furigana"),
    [("ja", None), ("ja-x-easy", "off"), ("ja-x-easy", "on")],
)
def test_unbalanced_markup_in_posts_erases_nothing(client, topic, language, furigana):
    client.cookies["django_language"] = language
    if furigana:
        client.cookies["furigana"] = furigana
    response = client.get(url_of(topic))
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("first-post", "link-text", "middle-post by someone else", "last-post", "》 end"):
        assert text in body, text
    assert body.count("《") >= 2
    assert LINK.replace("《", "%E3%80%8A") in hrefs_of(body) or LINK in hrefs_of(body)
    # Every link's href is a closed, plain value: nothing of the page swallowed into it.
    assert all(href is None or ("<" not in href and ">" not in href) for href in hrefs_of(body))
