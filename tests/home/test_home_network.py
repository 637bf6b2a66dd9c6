"""The home page tells what exists: the join form, the subcommittees, from the data.

The home page called the subcommittees 準備中 and the member area coming soon
while both existed, and the join form was linked only from the sign-in page.
"""

import pytest

from tests.organisations.conftest import make_member, make_org_a, make_secretariat
from tests.subcommittees.conftest import make_public_sc

pytestmark = pytest.mark.django_db


def _home(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitor_finds_the_join_form_from_the_home_page(client, home_page):
    html = _home(client)
    assert html.count('href="/join/"') == 2  # the header and the network section
    assert "入会を申し込む" in html
    assert "公開まで今しばらくお待ちください" not in html


def test_the_subcommittee_card_says_soon_only_while_there_is_none(client, home_page):
    assert "準備中" in _home(client)
    secretariat = make_secretariat()
    make_public_sc(secretariat, make_member(make_org_a(), "staff"))
    html = _home(client)
    assert 'href="/subcommittees/"' in html
    assert html.count("準備中") == html.count("取組事例</h3>")  # only the write-ups card may


def test_a_member_is_not_invited_to_join(client, home_page):
    client.force_login(make_member(make_org_a(), "staff"))
    html = _home(client)
    assert 'href="/join/"' not in html
