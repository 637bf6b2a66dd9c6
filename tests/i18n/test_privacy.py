"""Privacy follows translation (Wagtail #11015)."""

from django.contrib.auth.models import Group

from wagtail.models import PageViewRestriction

import pytest

from tests.home.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def restrict(page, kind=PageViewRestriction.LOGIN, groups=()):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind)
    restriction.groups.set(groups)
    return restriction


def is_private_to_anonymous(client, url):
    response = client.get(url)
    # Wagtail sends anonymous readers to the sign-in page (WAGTAIL_FRONTEND_LOGIN_URL).
    return response.status_code == 302 and "/accounts/login/?next=" in response["Location"]


@pytest.fixture
def members_only(news_index):
    page = NewsPageFactory(parent=news_index, title="会員向け", slug="members")
    restrict(page)
    return page


def test_translation_created_after_the_restriction_is_private(client, members_only, translate):
    vi = translate(members_only, "vi", slug="thanh-vien")
    assert PageViewRestriction.objects.filter(page=vi, restriction_type="login").exists()
    assert is_private_to_anonymous(client, "/vi/news/thanh-vien/")
    assert is_private_to_anonymous(client, "/news/members/")


def test_page_translated_before_the_restriction_becomes_private(client, news_item, translate):
    vi = translate(news_item, "vi", slug="tu-van")
    en = translate(news_item, "en", slug="consult")
    assert client.get("/vi/news/tu-van/").status_code == 200
    restrict(news_item)
    assert is_private_to_anonymous(client, "/vi/news/tu-van/")
    assert is_private_to_anonymous(client, "/en/news/consult/")
    assert PageViewRestriction.objects.filter(page__in=[vi, en]).count() == 2


def test_group_restriction_is_copied_with_its_groups(client, news_item, translate):
    group = Group.objects.create(name="分科会A")
    vi = translate(news_item, "vi", slug="tu-van")
    restrict(news_item, PageViewRestriction.GROUPS, [group])
    copy = PageViewRestriction.objects.get(page=vi)
    assert copy.restriction_type == "groups"
    assert list(copy.groups.all()) == [group]


def test_changed_restriction_is_mirrored(client, members_only, translate):
    vi = translate(members_only, "vi", slug="thanh-vien")
    group = Group.objects.create(name="分科会B")
    restriction = PageViewRestriction.objects.get(page=members_only)
    restriction.restriction_type = PageViewRestriction.GROUPS
    restriction.save()
    restriction.groups.set([group])
    copies = PageViewRestriction.objects.filter(page=vi)
    assert [(c.restriction_type, list(c.groups.all())) for c in copies] == [("groups", [group])]


def test_lifted_restriction_is_lifted_on_translations(client, members_only, translate):
    translate(members_only, "vi", slug="thanh-vien")
    for restriction in PageViewRestriction.objects.filter(page=members_only):
        restriction.delete()
    assert client.get("/vi/news/thanh-vien/").status_code == 200


def test_restriction_on_an_ancestor_covers_the_translated_subtree(
    client, news_index, news_item, translate
):
    translate(news_item, "vi", slug="tu-van")  # translates the news index too
    restrict(news_index)
    assert is_private_to_anonymous(client, "/vi/news/tu-van/")
    assert is_private_to_anonymous(client, "/vi/news/")


def test_serve_guard_checks_the_original_even_without_a_mirror(client, members_only, translate):
    """A translation whose copied restriction went missing is still private."""
    translate(members_only, "vi", slug="thanh-vien")
    PageViewRestriction.objects.filter(page__locale__language_code="vi").delete()
    assert is_private_to_anonymous(client, "/vi/news/thanh-vien/")


def test_signed_in_member_reads_the_translation(client, members_only, translate, django_user_model):
    translate(members_only, "vi", slug="thanh-vien")
    client.force_login(django_user_model.objects.create_user("m", "m@example.jp", "x" * 12))
    assert client.get("/vi/news/thanh-vien/").status_code == 200


def test_private_translation_is_not_in_the_listing_or_sitemap(client, members_only, translate):
    translate(members_only, "vi", title="Thành viên", slug="thanh-vien")
    assert "thanh-vien" not in client.get("/sitemap-vi.xml").content.decode()
    assert "Thành viên" not in client.get("/vi/news/").content.decode()
