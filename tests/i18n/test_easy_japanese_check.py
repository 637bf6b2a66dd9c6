"""The Easy Japanese editor's aid: sentences over 50 characters are pointed out."""

from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

import pytest

from cms.translation.easy_japanese import long_sentences, long_sentences_of_page
from cms.translation.wagtail_hooks import warn_about_long_sentences

pytestmark = pytest.mark.django_db

LONG = "毎週 水曜日の 午後に、市役所の 近くの 公民館で、外国から 来た 人の ための 生活の 相談を 受け付けて いますので 来て ください。"  # noqa: E501
SHORT = "毎週 水曜日に 相談できます。市場《いちば》の 近くです。"


def test_sentences_are_counted_without_spaces_and_readings():
    assert long_sentences(SHORT) == []
    assert long_sentences(f"<p>{SHORT}{LONG}</p>") == [LONG]
    # 50 characters, the full stop included, is within the limit.
    assert long_sentences("あ" * 49 + "。") == []
    assert long_sentences("あ" * 50 + "。") == ["あ" * 50 + "。"]


def _request():
    request = RequestFactory().get("/admin/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_saving_an_easy_japanese_page_warns_about_its_long_sentences(news_item, translate):
    easy = translate(news_item, "ja-x-easy", title="相談の お知らせ", summary=LONG)
    assert long_sentences_of_page(easy) == [LONG]
    request = _request()
    warn_about_long_sentences(request, easy)
    (message,) = list(get_messages(request))
    assert message.level_tag == "warning"
    assert LONG in message.message


def test_other_languages_are_not_checked(news_item, translate):
    news_item.summary = LONG
    news_item.save()
    request = _request()
    warn_about_long_sentences(request, news_item)
    assert list(get_messages(request)) == []
