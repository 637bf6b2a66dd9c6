"""/search/: what each viewer finds, and what nobody may find."""

from django.contrib.auth.models import Group

from wagtail.models import PageViewRestriction

import pytest

from organisations.choices import OrganisationStatus, Visibility
from tests.home.factories import StandardPageFactory, body
from tests.organisations.conftest import (  # noqa: F401 (fixtures)
    as_persona,
    org_a,
    org_a_admin,
    org_a_staff,
    org_b,
    org_b_admin,
    outsider,
    secretariat,
)
from tests.organisations.factories import OrganisationFactory
from tests.practices.helpers import make_index, make_practice

from .helpers import index_everything

pytestmark = pytest.mark.django_db

URL = "/search/"


def titles(response):
    assert response.status_code == 200
    return [result.title for result in response.context["results"]]


@pytest.fixture
def site(home_page, org_a, org_b):  # noqa: F811
    public = StandardPageFactory(
        parent=home_page,
        title="フレイル予防の取り組みについてのお知らせ（令和６年度の地域見守り活動報告を含む）",
        slug="frailty",
        intro="高齢者のフレイル予防",
    )
    draft = StandardPageFactory(
        parent=home_page, title="フレイル下書きページ", slug="frailty-draft", live=False
    )
    members_only = StandardPageFactory(
        parent=home_page, title="フレイル会員限定資料", slug="frailty-members"
    )
    PageViewRestriction.objects.create(page=members_only, restriction_type="login")
    groups_only = StandardPageFactory(
        parent=home_page, title="フレイル事務局資料", slug="frailty-secretariat"
    )
    restriction = PageViewRestriction.objects.create(page=groups_only, restriction_type="groups")
    restriction.groups.add(Group.objects.get(name="事務局"))
    password = StandardPageFactory(
        parent=home_page, title="フレイル合言葉ページ", slug="frailty-password"
    )
    PageViewRestriction.objects.create(
        page=password, restriction_type="password", password="secret"
    )
    index = make_index(home_page)
    practice = make_practice(index, org_a, title="フレイル予防の体操教室")
    suspended = OrganisationFactory(
        name="フレイル研究会", slug="suspended", status=OrganisationStatus.SUSPENDED
    )
    hidden_practice = make_practice(index, suspended, title="フレイル停止中団体の事例")
    org_a.description = "フレイル予防の体操を続けています。"
    org_a.save()
    index_everything()
    return {
        "public": public,
        "draft": draft,
        "practice": practice,
        "hidden_practice": hidden_practice,
    }


def test_anonymous_sees_only_public_things(client, site):
    found = titles(client.get(URL, {"q": "フレイル"}))
    assert site["public"].title in found  # the full title, however long
    assert "フレイル予防の体操教室" in found
    assert "あおぞら見守りネット" in found  # profile text matched
    for hidden in (
        "フレイル下書きページ",
        "フレイル会員限定資料",
        "フレイル事務局資料",
        "フレイル合言葉ページ",
        "フレイル停止中団体の事例",
        "フレイル研究会",
    ):
        assert hidden not in found


@pytest.mark.parametrize(
    ("persona", "members", "secretariat_only", "suspended_practice"),
    [
        ("outsider", True, False, False),
        ("org_a_staff", True, False, False),
        ("secretariat", True, True, True),
    ],
)
def test_restricted_pages_follow_their_restrictions(
    as_persona,  # noqa: F811
    site,
    persona,
    members,
    secretariat_only,
    suspended_practice,
):
    found = titles(as_persona(persona).get(URL, {"q": "フレイル"}))
    assert ("フレイル会員限定資料" in found) is members
    assert ("フレイル事務局資料" in found) is secretariat_only
    assert ("フレイル停止中団体の事例" in found) is suspended_practice
    assert "フレイル下書きページ" not in found
    assert "フレイル合言葉ページ" not in found
    assert "フレイル研究会" not in found  # suspended organisations: never in search


def test_members_only_contact_fields_are_not_searched(client, org_a):  # noqa: F811
    org_a.phone = "0894-99-1234"
    org_a.phone_visibility = Visibility.MEMBERS
    org_a.contact_name = "秘密太郎"
    org_a.contact_name_visibility = Visibility.MEMBERS
    org_a.save()
    index_everything()
    assert titles(client.get(URL, {"q": "秘密太郎"})) == []
    assert "秘密" not in client.get(URL, {"q": "あおぞら"}).content.decode()


def test_unpublishing_removes_a_page_at_once(client, site):
    site["public"].unpublish()
    assert site["public"].title not in titles(client.get(URL, {"q": "フレイル"}))


def test_kind_filter_and_counts(client, site):
    response = client.get(URL, {"q": "フレイル", "kind": "practice"})
    assert titles(response) == ["フレイル予防の体操教室"]
    counts = {name: count for name, _label, count in response.context["kinds"]}
    assert counts == {
        "page": 1,
        "practice": 1,
        "support": 0,
        "exchange": 0,
        "organisation": 1,
        "subcommittee": 0,
        "meeting": 0,
        "forum": 0,
    }
    assert titles(client.get(URL, {"q": "フレイル", "kind": "organisation"})) == [
        "あおぞら見守りネット"
    ]
    # An unknown kind is ignored rather than an error.
    assert len(titles(client.get(URL, {"q": "フレイル", "kind": "<x>"}))) == 3


def test_a_kind_none_of_whose_objects_hold_the_terms_is_not_asked(client, site, monkeypatch):
    """Only the kinds whose indexed objects hold a term of the query build
    what their viewer may read (their permission filters): the others cannot
    match, and their counts stay 0."""
    from search import registry

    asked = []
    for kind in registry.indexed_kinds():
        original = type(kind).readable

        def readable(self, request, original=original):
            asked.append(self.key)
            return original(self, request)

        monkeypatch.setattr(type(kind), "readable", readable)
    response = client.get(URL, {"q": "体操"})
    assert set(titles(response)) == {"フレイル予防の体操教室", "あおぞら見守りネット"}
    assert sorted(asked) == ["organisation"]
    asked.clear()
    response = client.get(URL, {"q": "令和６年度の報告"})
    assert titles(response) == [site["public"].title]
    assert asked == []
    counts = {name: count for name, _label, count in response.context["kinds"]}
    assert set(counts.values()) == {0, 1}


def test_snippet_highlights_variants_and_escapes(client, home_page):
    StandardPageFactory(
        parent=home_page,
        title="お知らせ",
        slug="xss",
        intro="<script>alert(1)</script> 地域の取組を紹介します。",
        body=body("<img src=x onerror=alert(2)>居場所"),
    )
    response = client.get(URL, {"q": "取り組み"})
    html = response.content.decode()
    assert "<mark>取組</mark>" in html
    assert "<script>alert(1)" not in html
    assert "onerror" not in html or "&lt;img" in html


def test_query_is_escaped_and_empty_query_lists_nothing(client, home_page):
    response = client.get(URL, {"q": "<b>フレイル</b>"})
    assert "<b>フレイル</b>" not in response.content.decode()
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["results"] == []


def test_english_query_finds_japanese_page(client, site):
    assert site["public"].title in titles(client.get(URL, {"q": "frailty"}))


def test_pagination(client, home_page):
    for number in range(25):
        StandardPageFactory(parent=home_page, title=f"居場所 {number}", slug=f"ibasho-{number}")
    first = client.get(URL, {"q": "居場所"})
    assert len(titles(first)) == 20
    second = client.get(URL, {"q": "居場所", "page": 2})
    assert len(titles(second)) == 5
    assert not set(titles(first)) & set(titles(second))


def test_results_are_not_cached_for_others(client, site):
    response = client.get(URL, {"q": "フレイル"})
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_english_url_prefix(client, site):
    response = client.get("/en/search/", {"q": "フレイル"})
    assert response.status_code == 200


def test_results_page_has_its_stylesheet_and_no_inline_styles(client, site):
    html = client.get(URL, {"q": "フレイル"}).content.decode()
    assert "/static/cms/css/search.css" in html
    assert " style=" not in html
    assert "<mark>" in html


@pytest.mark.usefixtures("fragments_kept")
def test_restrictions_are_kept_per_reader_until_they_change(site, org_a_staff):  # noqa: F811
    """Which restricted sections a reader may not read is kept between searches
    (search.services.closed_sections), as with Redis: per reader and per passed
    password, and only until a restriction changes."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    visitor, member = Client(), Client()
    member.force_login(org_a_staff)

    def found(client):
        return titles(client.get(URL, {"q": "フレイル"}))

    # The first request makes the site's settings row: a save, which moves the version.
    for _ in range(2):
        assert "フレイル会員限定資料" not in found(visitor)
    with CaptureQueriesContext(connection) as captured:
        assert "フレイル会員限定資料" not in found(visitor)
    read = [q["sql"] for q in captured]
    assert not [sql for sql in read if sql.startswith('SELECT "wagtailcore_pageviewrestriction"')]
    # Another reader, another answer; then the first one's again.
    assert "フレイル会員限定資料" in found(member)
    assert "フレイル会員限定資料" not in found(visitor)

    # A password passed in a session opens its page to that session only.
    restriction = PageViewRestriction.objects.get(restriction_type="password")
    session = visitor.session
    session[PageViewRestriction.passed_view_restrictions_session_key] = [restriction.pk]
    session.save()
    visitor.cookies["sessionid"] = session.session_key
    assert "フレイル合言葉ページ" in found(visitor)
    assert "フレイル合言葉ページ" not in found(member)
    assert "フレイル合言葉ページ" not in found(Client())

    # A page restricted after the answer was kept disappears from the next search.
    PageViewRestriction.objects.create(page=site["public"], restriction_type="login")
    assert site["public"].title not in found(Client())
    assert site["public"].title in found(member)


@pytest.mark.usefixtures("fragments_kept")
def test_a_kept_page_result_follows_its_page(client, site):
    """What a page's result shows (title, address, text) is kept per page
    (search.search_kinds.kept_cards), as with Redis: a second search loads no
    page, other terms get their own snippet, and an edit shows at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def results(query, prefix=""):
        response = client.get(prefix + URL, {"q": query})
        assert response.status_code == 200
        return {result.title: result for result in response.context["results"]}

    public = site["public"]
    for _ in range(2):  # the first request makes the site's settings row
        results("フレイル")
    with CaptureQueriesContext(connection) as captured:
        first = results("フレイル")[public.title]
    assert not [q for q in captured if 'FROM "home_standardpage"' in q["sql"]]
    assert "<mark>フレイル</mark>" in first.snippet
    with CaptureQueriesContext(connection) as captured:
        other = results("高齢者")[public.title]
    assert not [q for q in captured if 'FROM "home_standardpage"' in q["sql"]]
    assert "<mark>高齢者</mark>" in other.snippet
    assert "<mark>" not in other.snippet.replace("<mark>高齢者</mark>", "")

    public.title = "フレイル予防のお知らせ（改訂）"
    public.save_revision().publish()
    assert "フレイル予防のお知らせ（改訂）" in results("フレイル")
