"""A translation published with segments still in Japanese says so (issue 6).

wagtail-localize publishes a translation with the segments nobody has
translated yet in Japanese (``fallback=True``); the reader is told, in their
language, with a link to the original, until a publication has them all.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.rich_text import RichText

import pytest
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from cms.translation import services
from cms.translation.models import AutoTranslateMode, PartialTranslation
from cms.translation.progress import record_progress
from tests.home.factories import NewsPageFactory

pytestmark = pytest.mark.django_db

PARTIAL = "translation-notice--partial"


def paragraphs(*texts):
    return [("paragraph", RichText(f"<p>{text}</p>")) for text in texts]


@pytest.fixture
def article(news_index):
    return NewsPageFactory(
        parent=news_index,
        title="相談窓口のお知らせ",
        slug="soudan",
        summary="毎週水曜日です。",
        body=paragraphs("窓口は市役所の二階です。", "予約はいりません。", "通訳がいます。"),
    )


@pytest.fixture
def localize(locale, django_capture_on_commit_callbacks):
    """Translate a page's segments in wagtail-localize (all but ``leave``) and publish."""

    def run(page, code="vi", leave=(), publish=True):
        target = locale(code)
        source, _created = TranslationSource.update_or_create_from_instance(page)
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=target, defaults={"enabled": True}
        )
        segments = StringSegment.objects.filter(source=source).select_related("string", "context")
        for segment in segments:
            if segment.context.path == "slug" or segment.string.data in leave:
                continue
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=target,
                context=segment.context,
                defaults={
                    "data": f"Bản dịch: {segment.string.data}",
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )
        if publish:
            with django_capture_on_commit_callbacks(execute=True):  # it publishes on commit
                translation.save_target(publish=True)
        return page.get_translation(target).specific

    return run


def body(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_untranslated_segment_is_announced_until_its_translation_is_published(
    client, article, localize
):
    vi = localize(article, leave={"予約はいりません。"})
    assert vi.url == "/vi/news/soudan/"
    page = body(client, vi.url)
    assert "Bản dịch: 相談窓口のお知らせ" in page
    assert "予約はいりません。" in page  # the segment nobody translated, in Japanese
    notice = page[page.index(PARTIAL) :]
    notice = notice[: notice.index("</div>")]
    assert 'role="note" lang="vi"' in notice
    assert "Một phần của trang này chưa được dịch" in notice  # in the reader's language
    assert '<a href="/news/soudan/" hreflang="ja">' in notice  # the original
    row = PartialTranslation.objects.get(page=vi)
    assert (row.total_segments, row.translated_segments) == (5, 4)  # slug not counted

    # Translated in the editor but not published yet: the live page is unchanged.
    localize(article, publish=False)
    assert PARTIAL in body(client, vi.url)

    localize(article)
    page = body(client, vi.url)
    assert "Bản dịch: 予約はいりません。" in page
    assert PARTIAL not in page
    assert not PartialTranslation.objects.filter(page=vi).exists()


def test_a_complete_translation_and_the_japanese_page_have_no_notice(client, article, localize):
    vi = localize(article)
    assert "Bản dịch: 通訳がいます。" in body(client, vi.url)
    assert PARTIAL not in body(client, vi.url)
    assert not PartialTranslation.objects.exists()

    # The Japanese page never shows it, even while a translation is partial.
    localize(article, code="en", leave={"通訳がいます。"})
    assert PartialTranslation.objects.count() == 1
    assert PARTIAL in body(client, "/en/news/soudan/")
    assert PARTIAL not in body(client, "/news/soudan/")
    assert PARTIAL not in body(client, "/ja-x-easy/news/soudan/")  # served in Japanese


def test_a_complete_machine_translation_shows_only_the_machine_notice(
    client, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        vi = services.translate_page(article, "vi", AutoTranslateMode.PUBLISH)
    page = body(client, vi.url)
    assert "translation-notice--machine" in page
    assert PARTIAL not in page
    assert not PartialTranslation.objects.exists()


def test_pages_translated_by_hand_have_no_notice(client, article, translate):
    easy = translate(article, "ja-x-easy", title="そうだんの おしらせ", slug="soudan-easy")
    vi = translate(article, "vi", title="Thông báo", slug="thong-bao")
    assert record_progress(easy) is None  # no wagtail-localize translation
    assert record_progress(vi) is None
    assert PARTIAL not in body(client, "/ja-x-easy/news/soudan-easy/")
    assert PARTIAL not in body(client, "/vi/news/thong-bao/")
    assert not PartialTranslation.objects.exists()


def test_an_editor_taking_over_the_translation_ends_the_notice(client, article, localize):
    vi = localize(article, leave={"通訳がいます。"})
    Translation.objects.filter(target_locale=vi.locale).update(enabled=False)
    vi.save_revision().publish()
    assert PARTIAL not in body(client, vi.url)


def test_queries_do_not_grow_with_the_number_of_segments(client, news_index, localize):
    short = NewsPageFactory(
        parent=news_index, title="短い", slug="short", body=paragraphs("一。", "二。")
    )
    long = NewsPageFactory(
        parent=news_index,
        title="長い",
        slug="long",
        body=paragraphs(*[f"段落{i}。" for i in range(30)]),
    )
    localize(short, leave={"二。"})
    localize(long, leave={"段落7。", "段落8。"})
    from cms import page_cache

    counts = []
    for url in ["/vi/news/short/", "/vi/news/long/"]:
        body(client, url)  # warm the per-process caches (site root, settings)
        page_cache.bump_version()  # what the page cache keeps (if on) built afresh each time
        with CaptureQueriesContext(connection) as queries:
            assert PARTIAL in body(client, url)
        counts.append(len(queries))
    assert counts[0] == counts[1]
