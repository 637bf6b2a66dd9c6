"""Write-ups (PracticePage) in other languages: wagtail-localize like other pages.

The index and a write-up under /en/…, the listing in the reader's language
(translations where they exist, the Japanese write-up with the notice
otherwise), machine translation on publish, and privacy (drafts, view
restrictions, suspended organisations) holding for translations.
"""

import pytest

from organisations.choices import OrganisationStatus
from tests.organisations.factories import OrganisationFactory
from tests.practices.helpers import make_index, make_practice

pytestmark = pytest.mark.django_db

FALLBACK = '<div class="translation-notice" role="note"'
MACHINE = '<div class="translation-notice translation-notice--machine"'


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="あおぞら見守りネット", slug="aozora")


@pytest.fixture
def index(home_page):
    return make_index(home_page)


@pytest.fixture
def practice(index, organisation):
    return make_practice(index, organisation, title="認知症カフェ「ひだまり」", slug="hidamari")


def test_japanese_write_up_under_english_falls_back_with_the_notice(client, practice):
    response = client.get("/en/practices/hidamari/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "認知症カフェ「ひだまり」" in html
    assert FALLBACK in html


def test_index_under_english_lists_the_japanese_write_ups(client, practice):
    response = client.get("/en/practices/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "認知症カフェ「ひだまり」" in html


def test_index_lists_translations_and_japanese_write_ups_with_a_marker(
    client, index, organisation, practice, translate
):
    other = make_practice(index, organisation, title="子ども食堂「みんなの台所」", slug="daidokoro")
    english = translate(practice, "en", title="Dementia café Hidamari", summary="A place to meet.")
    html = client.get("/en/practices/").content.decode()
    assert "Dementia café Hidamari" in html
    assert f'href="{english.url}"' in html
    assert "認知症カフェ「ひだまり」" not in html  # the translation replaces it
    # The untranslated one: Japanese, marked, linked under /en/ (served with the notice).
    assert "子ども食堂「みんなの台所」" in html
    assert 'href="/en/practices/daidokoro/" hreflang="ja" lang="ja"' in html
    assert html.count('class="practice-card__language"') == 1
    assert client.get("/en/practices/daidokoro/").status_code == 200
    assert other.live


def test_the_japanese_index_is_unchanged(client, practice, translate):
    translate(practice, "en", title="Dementia café Hidamari")
    html = client.get("/practices/").content.decode()
    assert "認知症カフェ「ひだまり」" in html
    assert "Dementia café" not in html
    assert 'class="practice-card__language"' not in html


def test_translated_write_up_renders_in_english(client, practice, translate):
    translate(practice, "en", title="Dementia café Hidamari")
    response = client.get("/en/practices/hidamari/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dementia café Hidamari" in html
    assert FALLBACK not in html


def test_year_label_in_english(client, practice, translate):
    """Not "令和6年度" nor "2024Financial year": the fiscal year in English."""
    translate(practice, "en", title="Dementia café Hidamari")
    html = client.get("/en/practices/hidamari/").content.decode()
    assert "FY2024 (Reiwa 6)" in html
    assert "2024Financial year" not in html and "令和6年度" not in html
    listing = client.get("/en/practices/").content.decode()
    assert "FY2024 (Reiwa 6)" in listing
    japanese = client.get("/practices/hidamari/").content.decode()
    assert "令和6年度（2024年度）" in japanese


def test_machine_translation_on_publish_covers_write_ups(
    client, site, index, organisation, django_capture_on_commit_callbacks, superuser, locale
):
    from cms.translation.models import MachineTranslation, MachineTranslationSettings

    setting = MachineTranslationSettings.for_site(site)
    setting.mode_en = "publish"
    setting.save()
    with django_capture_on_commit_callbacks(execute=True):
        practice = make_practice(index, organisation, slug="hidamari", user=superuser)
    english = practice.get_translation(locale("en")).specific
    assert english.live
    assert english.title == "[en] 認知症カフェ「ひだまり」"
    assert english.summary.startswith("[en] ")
    assert english.organisation == organisation  # the same organisation, not a copy
    assert MachineTranslation.objects.filter(page=english).exists()
    # The built-in translator translated the slug too ("[en] hidamari"): the
    # Japanese address leads there.
    response = client.get("/en/practices/hidamari/", follow=True)
    assert response.redirect_chain == [(english.url, 302)]
    html = response.content.decode()
    assert MACHINE in html
    assert "[en] 認知症カフェ「ひだまり」" in client.get("/en/practices/").content.decode()


def test_a_suspended_organisations_translated_write_up_is_gone(
    client, organisation, practice, translate
):
    translate(practice, "en", title="Dementia café Hidamari")
    organisation.status = OrganisationStatus.SUSPENDED
    organisation.save()
    assert client.get("/en/practices/hidamari/").status_code == 404
    assert "Dementia café" not in client.get("/en/practices/").content.decode()


def test_a_restricted_write_ups_translation_is_private(client, practice, translate):
    from wagtail.models import PageViewRestriction

    translate(practice, "en", title="Dementia café Hidamari")
    PageViewRestriction.objects.create(page=practice, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/en/practices/hidamari/")
    assert response.status_code == 302
    assert "login/?next=/en/practices/hidamari/" in response["Location"]
    listing = client.get("/en/practices/").content.decode()
    assert "Dementia café" not in listing
    assert "認知症カフェ" not in listing


def test_an_unpublished_translation_is_not_shown(client, practice, translate):
    english = translate(practice, "en", title="Dementia café Hidamari")
    english.unpublish()
    html = client.get("/en/practices/").content.decode()
    assert "Dementia café" not in html
    assert "認知症カフェ「ひだまり」" in html  # the Japanese, with the marker
    assert 'class="practice-card__language"' in html


def test_a_draft_write_up_is_not_listed_in_any_language(client, index, organisation):
    make_practice(index, organisation, title="下書きの事例", slug="draft", publish=False)
    assert "下書きの事例" not in client.get("/en/practices/").content.decode()
    assert client.get("/en/practices/draft/").status_code == 404


def test_listing_queries_do_not_grow_with_translations(
    client, index, organisation, translate, django_assert_max_num_queries
):
    pages = [make_practice(index, organisation, slug=f"p{n}") for n in range(3)]
    translate(pages[0], "en", title="One")
    client.get("/en/practices/")
    with django_assert_max_num_queries(80) as few:
        client.get("/en/practices/")
    for n in range(3, 9):
        pages.append(make_practice(index, organisation, slug=f"p{n}"))
    for page in pages[1:6]:
        translate(page, "en", title=f"English {page.slug}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/en/practices/").content.decode()
    assert "English p5" in html


def test_profile_lists_each_write_up_once_in_the_reader_language(
    client, index, organisation, practice, translate
):
    other = make_practice(index, organisation, title="子ども食堂「みんなの台所」", slug="daidokoro")
    english = translate(practice, "en", title="Dementia café Hidamari")
    japanese = client.get("/organisations/aozora/").content.decode()
    assert japanese.count("認知症カフェ「ひだまり」") == 1
    assert "Dementia café" not in japanese
    html = client.get("/en/organisations/aozora/").content.decode()
    assert f'href="{english.url}">Dementia café Hidamari</a>' in html
    assert "認知症カフェ「ひだまり」" not in html
    assert '<a href="/en/practices/daidokoro/" hreflang="ja" lang="ja">' in html
    assert other.title in html


def test_related_write_ups_are_not_the_write_up_itself_in_another_language(
    client, index, organisation, practice, translate
):
    make_practice(index, organisation, title="子ども食堂「みんなの台所」", slug="daidokoro")
    translate(practice, "en", title="Dementia café Hidamari")
    html = client.get("/practices/daidokoro/").content.decode()
    related = html.split("practice__related")[1]
    assert related.count("認知症カフェ「ひだまり」") == 1
    assert "Dementia café" not in related
    english = client.get("/en/practices/daidokoro/").content.decode()
    assert "Dementia café Hidamari" in english.split("practice__related")[1]
