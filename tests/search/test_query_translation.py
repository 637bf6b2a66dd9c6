"""Query words the glossary lacks, machine-translated in the background (issue 16).

Only the outside translator service is mocked: ``urllib.request.urlopen``,
through which ``GoogleTranslator`` reaches Cloud Translation. The rest (the
view, the Celery task, the cache rows, the analysis) runs as in production.
"""

import io
import json
from datetime import timedelta
from unittest import mock

from django.test import override_settings
from django.test.signals import template_rendered
from django.utils import timezone

import pytest
from celery.signals import before_task_publish

from cms.celery import app as celery_app
from cms.translation.translators import GoogleTranslator
from search.models import QueryTranslation
from tests.home.factories import StandardPageFactory

from .test_views import titles

pytestmark = pytest.mark.django_db

GOOGLE = {"MACHINE_TRANSLATOR": "google", "GOOGLE_TRANSLATE_API_KEY": "test-key"}


class Service:
    """The outside translator service: answers Google's v2 JSON, records each call."""

    def __init__(self, answers, fail=False):
        self.answers = answers
        self.fail = fail
        self.calls = []
        self.page_rendered_first = []
        self.rendered = False
        template_rendered.connect(self.seen, weak=False)

    def seen(self, sender, template, **kwargs):
        if template.name == "search/search.html":
            self.rendered = True

    def __call__(self, request, timeout=None):
        payload = json.loads(request.data)
        self.calls.append(payload)
        self.page_rendered_first.append(self.rendered)
        if self.fail:
            raise OSError("service unavailable")
        translations = [{"translatedText": self.answers[text]} for text in payload["q"]]
        body = {"data": {"translations": translations}}
        return io.BytesIO(json.dumps(body).encode())

    def close(self):
        template_rendered.disconnect(self.seen)


@pytest.fixture
def shogi(home_page):
    return StandardPageFactory(
        parent=home_page, title="将棋教室のご案内", slug="shogi", intro="毎週土曜日に公民館で。"
    )


@pytest.fixture
def service():
    service = Service({"chess": "将棋"})
    with mock.patch("urllib.request.urlopen", side_effect=service):
        yield service
    service.close()


@override_settings(**GOOGLE)
def test_first_search_uses_the_glossary_alone_and_the_next_the_cached_translation(
    client, shogi, service
):
    assert titles(client.get("/en/search/", {"q": "chess"})) == []
    # Asked once, after the page was made (the embedded default's eager Celery).
    assert service.page_rendered_first == [True]
    assert service.calls[0]["source"] == "en"
    assert service.calls[0]["target"] == "ja"
    row = QueryTranslation.objects.get()
    assert (row.word, row.language, row.japanese, row.status) == ("chess", "en", "将棋", "done")
    # The next search reads the cached translation and asks nothing.
    assert titles(client.get("/en/search/", {"q": "Chess"})) == [shogi.title]
    assert len(service.calls) == 1


@override_settings(**GOOGLE)
def test_with_a_broker_the_task_is_queued_not_run(client, shogi, service):
    published = []

    def record(sender=None, body=None, **kwargs):
        published.append(sender)

    before_task_publish.connect(record, weak=False)
    celery_app.conf.task_always_eager = False
    try:
        response = client.get("/en/search/", {"q": "chess"})
    finally:
        celery_app.conf.task_always_eager = True
        before_task_publish.disconnect(record)
    assert response.status_code == 200
    assert published == ["search.tasks.translate_query_words"]
    assert service.calls == []
    assert QueryTranslation.objects.get().status == "pending"
    # Asked once per word: the pending word is not queued again.
    client.get("/en/search/", {"q": "chess"})
    assert QueryTranslation.objects.count() == 1


def test_the_builtin_stand_in_never_queues(client, shogi, service):
    assert titles(client.get("/en/search/", {"q": "chess"})) == []
    assert titles(client.get("/en/search/", {"q": "chess"})) == []
    assert service.calls == []
    assert not QueryTranslation.objects.exists()


@override_settings(**GOOGLE)
def test_a_failed_word_is_asked_again_after_a_day_only(client, shogi, service):
    service.fail = True
    client.get("/en/search/", {"q": "chess"})
    assert QueryTranslation.objects.get().status == "failed"
    client.get("/en/search/", {"q": "chess"})
    assert len(service.calls) == 1
    QueryTranslation.objects.update(requested_at=timezone.now() - timedelta(days=2))
    service.fail = False
    client.get("/en/search/", {"q": "chess"})
    assert len(service.calls) == 2
    assert QueryTranslation.objects.get().japanese == "将棋"


@override_settings(**GOOGLE)
def test_glossary_words_and_japanese_are_not_sent(client, shogi, service):
    client.get("/vi/search/", {"q": "người cao tuổi 将棋 2026"})
    assert service.calls == []


def test_google_to_japanese_payload(service):
    service.answers = {"cờ tướng": "将棋"}
    translator = GoogleTranslator(api_key="k")
    assert translator.to_japanese(["cờ tướng"], "vi") == ["将棋"]
    assert service.calls[0] == {"q": ["cờ tướng"], "source": "vi", "target": "ja", "format": "html"}


@override_settings(**GOOGLE)
def test_a_search_page_reads_the_cached_translations_once(client, shogi, service):
    """Each kind searched analyses the query: the translations are read once for the page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/en/search/", {"q": "chess"})  # asks for 将棋 after the page
    with CaptureQueriesContext(connection) as captured:
        assert titles(client.get("/en/search/", {"q": "chess"})) == [shogi.title]
    reads = [q for q in captured if QueryTranslation._meta.db_table in q["sql"]]
    # The page's read, and the one after it that finds nothing left to ask for.
    assert len(reads) == 2
