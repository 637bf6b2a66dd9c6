"""A signed-in person sets the name the forum and e-mails call them by.

Members showed as 「名前未登録の会員」 and had no way to set their name.
"""

import pytest

from forum.names import display_name
from tests.organisations.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/accounts/name/"


@pytest.fixture
def nameless(client):
    user = UserFactory(username="nameless", first_name="", last_name="")
    client.force_login(user)
    return user


def test_found_from_the_header_and_saved(client, home_page, nameless):
    assert 'href="/accounts/name/"' in client.get("/").content.decode()
    assert display_name(nameless) == "名前未登録の会員"
    page = client.get(URL)
    assert page.status_code == 200
    assert "名前の設定" in page.content.decode()
    response = client.post(URL, {"last_name": "山田", "first_name": "花子"})
    assert response.status_code == 302
    nameless.refresh_from_db()
    assert display_name(nameless) == "山田 花子"


def test_full_width_letters_are_folded_and_spaces_trimmed(client, nameless):
    client.post(URL, {"last_name": "　Ｔａｎａｋａ ", "first_name": "ｱｲ"})
    nameless.refresh_from_db()
    assert (nameless.last_name, nameless.first_name) == ("Tanaka", "アイ")


def test_a_family_name_is_required_and_nothing_is_lost(client, nameless):
    nameless.last_name, nameless.first_name = "佐藤", "一郎"
    nameless.save()
    response = client.post(URL, {"last_name": "", "first_name": "次郎"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "姓を入力してください。" in html
    assert 'value="次郎"' in html  # what was typed comes back
    nameless.refresh_from_db()
    assert nameless.last_name == "佐藤"


def test_next_goes_back_but_never_off_site(client, nameless):
    ok = client.post(URL, {"last_name": "山田", "next": "/forum/"})
    assert ok["Location"] == "/forum/"
    evil = client.post(URL, {"last_name": "山田", "next": "//evil.example/"})
    assert evil["Location"] == URL


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_csrf_is_required(nameless):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(nameless)
    assert strict.post(URL, {"last_name": "山田"}).status_code == 403
