"""Japanese punctuation stays in Japanese: lists, separators and brackets go through gettext.

The subcommittee pages, the forum's e-mails and search, and the member area's
e-mails printed 、 ・ （ ） in every language ("Ehime、Kochi", "Name（Org）").
"""

from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation

import pytest

from organisations.models import Prefecture
from subcommittees import services
from subcommittees.models import Subcommittee
from tests.organisations.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_subcommittee(home_page):
    secretariat = UserFactory(username="jimukyoku", groups=["事務局", "Moderators"])
    return services.create_subcommittee(
        by=secretariat,
        name="こども食堂分科会",
        slug="kodomo",
        theme="こども食堂の運営",
        description="",
        visibility=Subcommittee.Visibility.PUBLIC,
        join_policy=Subcommittee.JoinPolicy.OPEN,
        prefectures=Prefecture.objects.filter(code__in=["38", "39"]),
    )


def test_subcommittee_regions_are_listed_with_the_readers_separator(client, public_subcommittee):
    ehime, kochi = Prefecture.objects.filter(code__in=["38", "39"]).order_by("code")
    english = client.get("/en/subcommittees/").content.decode()
    assert f"{ehime.name}, {kochi.name}" in english
    detail = client.get("/en/subcommittees/kodomo/").content.decode()
    assert f"{ehime.name}, {kochi.name}" in detail
    japanese = client.get("/subcommittees/").content.decode()
    assert f"{ehime.name}、{kochi.name}" in japanese


def join_request_body(code, organisation_name):
    context = {
        "subcommittee": SimpleNamespace(name="こども食堂分科会"),
        "requester_name": "山田 花子",
        "organisation_name": organisation_name,
        "message": "",
        "url": "https://example.jp/",
    }
    with translation.override(code):
        return render_to_string("subcommittees/emails/join_request_body.txt", context)


def test_join_request_email_brackets_the_organisation_in_the_recipients_language():
    assert "山田 花子 (みなと居場所の会)" in join_request_body("en", "みなと居場所の会")
    assert "山田 花子（みなと居場所の会）" in join_request_body("ja", "みなと居場所の会")
    assert "山田 花子\n" in join_request_body("en", "")


def test_forum_digest_lists_posts_with_the_readers_bullet_and_brackets():
    post = SimpleNamespace(
        topic=SimpleNamespace(subject="夏休みの開所日"),
        poster_name="山田",
        excerpt="…",
        url="https://example.jp/t/1/",
    )
    group = SimpleNamespace(
        subcommittee=SimpleNamespace(name="こども食堂分科会"),
        posts=[post],
        unsubscribe_url="https://example.jp/u/",
    )
    with translation.override("en"):
        english = render_to_string("forum/emails/digest_body.txt", {"groups": [group]})
    assert "- 夏休みの開所日 (山田)" in english
    assert "・" not in english and "（" not in english
    japanese = render_to_string("forum/emails/digest_body.txt", {"groups": [group]})
    assert "・夏休みの開所日（山田）" in japanese


def test_attachment_types_are_listed_with_the_readers_separator():
    from organisations.forms.fields import AttachmentFileField

    with translation.override("en"):
        help_text = str(AttachmentFileField().help_text)
    assert "PDF, " in help_text
    assert "・" not in help_text


def test_rank_marker_label_ends_with_the_readers_colon():
    from organisations.templatetags.organisations_tags import rank_marker

    with translation.override("en"):
        english = str(rank_marker(True))
    assert "：" not in english
    assert ": </span>" in english
    assert "：</span>" in str(rank_marker(True))
