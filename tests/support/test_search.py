"""Windows are a kind of their own in site search (lint-imports keeps search from importing
support: they register through search.registry)."""

import pytest

from search import registry
from search.indexing import index_now
from support.models import Window
from tests.support.factories import T, make_window, weekdays

pytestmark = pytest.mark.django_db


def titles(response):
    assert response.status_code == 200
    return [(result.kind, result.title) for result in response.context["results"]]


def test_windows_are_found_as_their_own_kind(client, home_page):
    shown = make_window(
        name="ベトナム語でくらしの相談（デモ）",
        summary="在留手続きや仕事のことを相談できます。",
        municipality="松山市",
        slots=weekdays(T(9), T(17), ("vi",)),
    )
    hidden = make_window(name="非公開のくらしの相談", is_published=False)
    index_now(Window, [shown.pk, hidden.pk])
    assert registry.get("support").label == "相談窓口"
    response = client.get("/search/", {"q": "くらしの相談"})
    assert ("support", "ベトナム語でくらしの相談（デモ）") in titles(response)
    assert all(title != "非公開のくらしの相談" for _kind, title in titles(response))
    only = client.get("/search/", {"q": "在留手続き", "kind": "support"})
    assert titles(only) == [("support", "ベトナム語でくらしの相談（デモ）")]
    assert 'href="/support/' in only.content.decode()


def test_crisis_lines_show_when_search_finds_nothing(client, home_page):
    make_window(name="こころの電話24（デモ）", is_crisis_line=True, phone="0120-000-024")
    html = client.get("/search/", {"q": "まったく見つからない言葉"}).content.decode()
    assert "こころの電話24（デモ）" in html and 'href="tel:0120000024"' in html
    not_found = client.get("/no-such-page/")
    assert not_found.status_code == 404
    assert 'href="tel:0120000024"' in not_found.content.decode()
