"""A page not in the reader's language points to its Easy Japanese version (issue 16).

Untranslated (the Japanese page shown with the notice) or machine-translated:
when the page has a live Easy Japanese version, written by a person with
furigana, the notice links to it; a machine translation also links to the
Japanese original and says it is a machine translation.
"""

import pytest

from cms.translation.models import MachineTranslation

pytestmark = pytest.mark.django_db

EASY_LINK = '<a href="/ja-x-easy/news/soudan/" hreflang="ja">'


@pytest.fixture
def easy_item(news_item, translate):
    translate(news_item, "ja-x-easy", title="相談の 窓口の お知らせ")
    return news_item


def test_an_untranslated_page_links_to_its_easy_japanese_version(client, easy_item):
    html = client.get("/vi/news/soudan/").content.decode()
    assert '<div class="translation-notice" role="note"' in html
    assert EASY_LINK in html


def test_no_easy_japanese_link_without_an_easy_japanese_version(client, news_item):
    html = client.get("/vi/news/soudan/").content.decode()
    assert '<div class="translation-notice" role="note"' in html
    assert "/ja-x-easy/" not in html.split('class="translation-notice"')[1].split("</div>")[0]


def test_the_easy_japanese_page_itself_has_no_notice(client, easy_item):
    response = client.get("/ja-x-easy/news/soudan/")
    assert response.status_code == 200
    assert "translation-notice" not in response.content.decode()


def test_a_machine_translation_says_so_and_links_to_the_original_and_easy_japanese(
    client, easy_item, translate
):
    korean = translate(easy_item, "ko", title="[ko] 상담 창구 안내")
    MachineTranslation.objects.create(page=korean, translator="builtin")
    html = client.get("/ko/news/soudan/").content.decode()
    notice = html.split('class="translation-notice translation-notice--machine"')[1].split(
        "</div>"
    )[0]
    assert '<a href="/news/soudan/" hreflang="ja">' in notice
    assert '<a href="/ja-x-easy/news/soudan/" hreflang="ja">' in notice


def test_a_translation_by_a_person_has_no_notice(client, easy_item, translate):
    translate(easy_item, "vi", title="Thông báo về quầy tư vấn")
    html = client.get("/vi/news/soudan/").content.decode()
    assert "translation-notice" not in html
