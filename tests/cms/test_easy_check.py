"""Easy Japanese aids for editors (issue 16): long sentences and difficult words.

The check (``cms.translation.easy_check``) is plain text in, warnings out;
the page editor shows them above the form of an Easy Japanese page only.
"""

from wagtail.models import Locale

import pytest

from cms.translation import easy_check
from tests.home.factories import StandardPageFactory

LONG = (
    "この催しは、地域に住む外国人住民と日本人住民が交流し、"
    "お互いの文化を理解し合うことを目的として開催されます。"
)
SHORT = "毎週 土曜日に 日本語の 教室が あります。困った ときは 電話して ください。"


def test_sentences_over_fifty_characters_are_flagged():
    report = easy_check.check(f"{SHORT}\n{LONG}")
    assert report.long_sentences == [LONG]
    assert easy_check.sentence_length(LONG) > easy_check.MAX_SENTENCE


def test_readings_written_for_furigana_are_not_counted():
    sentence = "あ" * 45 + "市場《いちば》。"
    assert easy_check.sentence_length(sentence) > easy_check.MAX_SENTENCE
    assert easy_check.check(sentence).long_sentences == []


def test_fifty_characters_is_not_too_long():
    sentence = "あ" * 49 + "。"
    assert easy_check.check(sentence).long_sentences == []
    assert easy_check.check("あ" * 50 + "い。").long_sentences == ["あ" * 50 + "い。"]
    # Spaces between words (common in Easy Japanese) do not count.
    assert easy_check.check("あ " * 49 + "。").long_sentences == []


def test_basic_words_pass_in_any_form():
    # 土曜日 (one long unit), 教室, 困った (困る), 電話して (電話する), hiragana たべる.
    assert easy_check.check(SHORT + "ごはんを たべました。").difficult_words == []


def test_words_outside_the_basic_vocabulary_are_named_once():
    report = easy_check.check("公民館で 相談窓口を 開催します。公民館に 来て ください。")
    assert report.difficult_words == ["公民館", "相談窓口", "開催"]


def test_particles_numbers_names_and_latin_are_not_judged():
    report = easy_check.check("2026年12月6日に 東京で NPOの 人と あいます。")
    assert report.difficult_words == []


def test_clean_text_gives_an_empty_report():
    assert not easy_check.check(SHORT)


def test_the_list_is_jlpt_n5_and_n4():
    basic = easy_check.basic_vocabulary()
    assert {"食べる", "たべる", "電話", "教室"} <= basic
    assert "開催" not in basic


@pytest.mark.django_db
class TestPageEditor:
    @pytest.fixture
    def pages(self, home_page):
        japanese = StandardPageFactory(
            parent=home_page, title="日本語教室", slug="nihongo", intro="日本語教室のお知らせ。"
        )
        easy = japanese.copy_for_translation(
            Locale.objects.get(language_code="ja-x-easy"), copy_parents=True
        )
        easy.title = "にほんごの 教室"
        easy.intro = f"{SHORT}{LONG}"
        easy.save_revision()
        return japanese, easy

    def test_the_editor_sees_the_warnings_on_the_easy_japanese_page(self, client, superuser, pages):
        _japanese, easy = pages
        client.force_login(superuser)
        response = client.get(f"/admin/pages/{easy.pk}/edit/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "やさしい日本語のチェック" in html
        assert LONG in html
        assert "開催" in html
        # Warnings only: the form and its publish action are all there.
        assert 'id="page-edit-form"' in html

    def test_the_latest_draft_is_checked(self, client, superuser, pages):
        _japanese, easy = pages
        easy.intro = SHORT
        easy.save_revision()
        client.force_login(superuser)
        html = client.get(f"/admin/pages/{easy.pk}/edit/").content.decode()
        assert "長い文や、基本の語彙にない言葉は見つかりませんでした。" in html
        assert LONG not in html

    def test_no_check_on_the_japanese_page(self, client, superuser, pages):
        japanese, _easy = pages
        client.force_login(superuser)
        response = client.get(f"/admin/pages/{japanese.pk}/edit/")
        assert response.status_code == 200
        assert "やさしい日本語のチェック" not in response.content.decode()

    def test_a_member_without_admin_access_sees_nothing(self, client, django_user_model, pages):
        _japanese, easy = pages
        client.force_login(django_user_model.objects.create_user("resident", password="x"))
        response = client.get(f"/admin/pages/{easy.pk}/edit/")
        assert response.status_code in (302, 403)
        assert "やさしい日本語のチェック" not in response.content.decode()
