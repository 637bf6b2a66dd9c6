"""開示: a member sees and downloads everything about them, and nothing about anybody else."""

import json

import pytest

from privacy import registry, services

from .worlds import build_world

pytestmark = pytest.mark.django_db

MY_DATA = "/accounts/my-data/"
DOWNLOAD = "/accounts/my-data/download/"


@pytest.fixture(scope="module")
def world(module_db):
    return build_world()


def own_canaries(prefix):
    return [
        f"{prefix}-APPLICANT",
        f"{prefix}-CHANGE",
        f"{prefix}-REQUEST",
        f"{prefix}-TOPIC",
        f"{prefix}-POST",
        f"{prefix}-MAIL",
        f"{prefix}-PRACTICE",
    ]


def test_the_download_holds_my_data_and_none_of_my_colleagues(client, world):
    client.force_login(world["staff"])
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    data = json.loads(text)
    sections = {section["key"]: section["rows"] for section in data["sections"]}
    # Every place the registry knows answers, including the ones the brief lists.
    assert set(sections) == {section.key for section in registry.sections()}
    for key in (
        "account",
        "membership",
        "applications",
        "staff_invitations",
        "subcommittee_memberships",
        "subcommittee_requests",
        "forum_profile",
        "forum_topics",
        "forum_posts",
        "practices",
        "profile_changes",
        "emails",
        "authenticators",
        "sessions",
    ):
        assert key in sections
    assert sections["account"][0]["email"] == "sato@example.org"
    assert sections["account"][0]["last_name"] == "佐藤"
    assert sections["membership"][0]["organisation"] == world["org"].name
    assert {row["subcommittee"] for row in sections["subcommittee_memberships"]} == {
        "ひきこもり支援分科会"
    }
    assert sections["authenticators"][0]["type"]
    assert set(sections["authenticators"][0]) == {"type", "created_at", "last_used_at"}
    assert sections["sessions"] == [{"count": 1}]
    assert "KANARIA-STAFF-REPLY" in text
    for canary in own_canaries("KANARIA-STAFF"):
        assert canary in text, canary
    # Nothing of the colleague in the same organisation, and no secret. (The
    # subject of the colleague's topic they replied to names their own post.)
    assert '"topic": "KANARIA-ADMIN-TOPIC"' in text
    text = text.replace("KANARIA-ADMIN-TOPIC", "")
    for canary in [*own_canaries("KANARIA-ADMIN"), "KANARIA-STAFF-SECRET"]:
        assert canary not in text, canary
    assert "takahashi@example.org" not in text
    assert "高橋" not in text


def test_the_page_shows_my_data_in_japanese(client, world):
    client.force_login(world["staff"])
    response = client.get(MY_DATA)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ja"' in html
    assert "わたしのデータ" in html
    assert "フォーラムの投稿" in html and "所属団体と役割" in html
    for canary in own_canaries("KANARIA-STAFF"):
        assert canary in html, canary
    html = html.replace("KANARIA-ADMIN-TOPIC", "")  # the topic of their reply
    for canary in [*own_canaries("KANARIA-ADMIN"), "KANARIA-STAFF-SECRET"]:
        assert canary not in html, canary
    assert "takahashi@example.org" not in html
    assert 'href="/accounts/my-data/download/"' in html
    assert 'href="/accounts/my-data/delete/"' in html


def test_the_page_renders_in_english(client, world):
    client.force_login(world["admin"])
    response = client.get("/en" + MY_DATA)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert 'href="/en/accounts/my-data/download/"' in html
    for canary in own_canaries("KANARIA-ADMIN"):
        assert canary in html, canary
    assert "KANARIA-STAFF-POST" not in html


def test_the_account_menus_link_to_my_data(client, world):
    client.force_login(world["staff"])
    html = client.get("/accounts/password/change/").content.decode()
    # The account nav; the header's アカウント link leads to these pages.
    assert html.count('href="/accounts/my-data/"') == 1
    assert 'href="/accounts/name/"' in html


@pytest.mark.parametrize("url", [MY_DATA, DOWNLOAD, MY_DATA + "delete/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, world, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_an_account_with_no_organisation_gets_its_data_too(client, world):
    outsider = world["secretariat"]
    client.force_login(outsider)
    data = json.loads(client.get(DOWNLOAD).content)
    sections = {section["key"]: section["rows"] for section in data["sections"]}
    assert sections["membership"] == []
    # 会員: the secretariat reads members-only pages (organisations/services/audience.py).
    assert sections["account"][0]["groups"] == ["Moderators", "事務局", "会員"]


def test_the_export_service_answers_for_one_person_only(world):
    data = services.export_data(world["admin"])
    text = json.dumps(data, default=str, ensure_ascii=False)
    assert "KANARIA-ADMIN-POST" in text
    assert "KANARIA-STAFF" not in text
