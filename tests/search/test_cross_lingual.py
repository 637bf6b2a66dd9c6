"""Cross-lingual search (issue 16): a resident's query finds the Japanese content.

A query in Vietnamese, Korean, Chinese, Portuguese or Thai maps through the
glossary to the Japanese terms; a page translated into the reader's language
is found by its own words and shown instead of the Japanese original (never
both copies); restricted pages stay hidden whatever the language.
"""

from wagtail.models import Locale, PageViewRestriction

import pytest

from search.glossary import LANGUAGE_COLUMNS, entries
from tests.home.factories import StandardPageFactory
from tests.organisations.conftest import org_a, org_b  # noqa: F401 (fixtures)

from .test_views import site, titles  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(site, home_page):  # noqa: F811
    window = StandardPageFactory(
        parent=home_page,
        title="外国人のための相談窓口",
        slug="soudan-madoguchi",
        intro="生活の困りごとを多言語で受け付ける相談窓口です。",
    )
    bank = StandardPageFactory(
        parent=home_page,
        title="フードバンクと子ども食堂",
        slug="food-bank",
        intro="食品の寄付を受け付けています。",
    )
    elderly = StandardPageFactory(
        parent=home_page,
        title="高齢者の見守り活動",
        slug="mimamori",
        intro="一人暮らしの高齢者を訪問します。",
    )
    members = StandardPageFactory(
        parent=home_page,
        title="会員限定の相談窓口名簿",
        slug="madoguchi-members",
        intro="相談窓口の担当者連絡先",
    )
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    vietnamese = window.copy_for_translation(
        Locale.objects.get(language_code="vi"), copy_parents=True
    )
    vietnamese.title = "Quầy tư vấn dành cho người nước ngoài"
    vietnamese.intro = "Tiếp nhận các khó khăn trong cuộc sống bằng nhiều ngôn ngữ."
    vietnamese.save_revision().publish()
    return {
        "window": window,
        "bank": bank,
        "elderly": elderly,
        "members": members,
        "vi_window": vietnamese.specific.__class__.objects.get(pk=vietnamese.pk),
    }


# One world for all the cases (building it is the slow part): each case is
# (language prefix, query, slug of the Japanese page it must find).
CASES = [
    ("vi", "ngân hàng thực phẩm", "food-bank"),
    ("vi", "nguoi cao tuoi", "mimamori"),
    ("ko", "상담 창구", "soudan-madoguchi"),
    ("ko", "푸드뱅크", "food-bank"),
    ("zh-hans", "咨询窗口", "soudan-madoguchi"),
    ("zh-hans", "老年人", "mimamori"),
    ("pt-br", "Banco de Alimentos", "food-bank"),
    ("pt-br", "idosos", "mimamori"),
    ("th", "บริการให้คำปรึกษา", "soudan-madoguchi"),
    ("th", "โรงอาหารสำหรับเด็ก", "food-bank"),
    ("es", "personas mayores", "mimamori"),
    ("id", "lansia", "mimamori"),
    ("tl", "bangko ng pagkain", "food-bank"),
    ("ne", "खाद्य बैंक", "food-bank"),
]


def test_resident_language_finds_japanese_content(client, pages):
    missed = []
    for prefix, query, slug in CASES:
        response = client.get(f"/{prefix}/search/", {"q": query})
        assert response.status_code == 200
        found = [result.url for result in response.context["results"]]
        if not any(f"/{slug}/" in url for url in found):
            missed.append((prefix, query, found))
    assert not missed


def test_translated_page_found_in_its_own_language(client, pages):
    # Its own Vietnamese words, which the glossary does not know.
    found = titles(client.get("/vi/search/", {"q": "nhiều ngôn ngữ"}))
    assert found == [pages["vi_window"].title]


def test_one_copy_per_page_in_the_readers_language(client, pages):
    # Both the Japanese page (through the glossary) and its Vietnamese
    # translation (its own words) match: the reader sees the translation once.
    found = titles(client.get("/vi/search/", {"q": "quầy tư vấn"}))
    assert pages["vi_window"].title in found
    assert pages["window"].title not in found
    # A glossary match on the Japanese original alone still shows the translation.
    found = titles(client.get("/vi/search/", {"q": "người nước ngoài"}))
    assert found.count(pages["vi_window"].title) == 1
    assert pages["window"].title not in found
    # In Japanese, the Japanese page and not its translation.
    found = titles(client.get("/search/", {"q": "相談窓口"}))
    assert pages["window"].title in found
    assert pages["vi_window"].title not in found
    # Elsewhere, the Japanese page where there is no translation.
    found = titles(client.get("/ko/search/", {"q": "상담 창구"}))
    assert pages["window"].title in found
    assert pages["vi_window"].title not in found


def test_restricted_pages_stay_hidden_in_every_language(client, pages):
    for prefix, query in [
        ("vi", "quầy tư vấn"),
        ("ko", "상담창구"),
        ("zh-hans", "咨询窗口"),
        ("pt-br", "balcão de atendimento"),
        ("th", "บริการให้คำปรึกษา"),
    ]:
        found = titles(client.get(f"/{prefix}/search/", {"q": query}))
        assert pages["window"].title in found or pages["vi_window"].title in found
        assert pages["members"].title not in found, prefix
        # The site fixture's draft and restricted pages neither.
        found = titles(client.get(f"/{prefix}/search/", {"q": "frailty"}))
        assert found
        assert all("会員限定" not in title and "下書き" not in title for title in found)


def test_restricted_translation_stays_hidden(client, pages, django_user_model):
    members = pages["members"].copy_for_translation(
        Locale.objects.get(language_code="vi"), copy_parents=True
    )
    members.title = "Danh sách quầy tư vấn dành cho hội viên"
    members.save_revision().publish()
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    found = titles(client.get("/vi/search/", {"q": "danh sách hội viên"}))
    assert members.title not in found
    client.force_login(django_user_model.objects.create_user("m", "m@example.org", "pw"))
    found = titles(client.get("/vi/search/", {"q": "danh sách hội viên"}))
    assert members.title in found


def test_glossary_covers_every_resident_language():
    for language in LANGUAGE_COLUMNS:
        rows = [entry for entry in entries() if entry.phrases(language)]
        assert len(rows) >= 40, language
