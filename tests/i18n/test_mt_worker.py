"""The machine-translation job end to end through a real Celery worker.

tests/i18n/test_machine_translation.py runs the job in process; here the
Japanese page is published in the test, the jobs go to the real Redis
broker, and a ``celery worker`` process (tests/workers.py) translates with the
deterministic built-in translator, or fails with a translator that cannot be
reached, retries, and tells the editor.
"""

from wagtail.models import PageLogEntry

import pytest

from cms.models import OutboundEmail
from cms.translation import services
from cms.translation.models import MachineTranslation, MachineTranslationSettings
from tests.home.factories import NewsPageFactory
from tests.workers import real_worker

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

JOB = "cms.translation.tasks.machine_translate_page"


@pytest.fixture
def draft_item(news_index):
    return NewsPageFactory(
        parent=news_index, title="相談窓口のお知らせ", slug="soudan", summary="毎週水曜日です。"
    )


def enable(site, **modes):
    setting = MachineTranslationSettings.for_site(site)
    for code, mode in modes.items():
        setattr(setting, f"mode_{code}", mode)
    setting.save()


@pytest.fixture
def broken_service(translation_service):
    """A translation service that answers every request with 503 (tests/i18n/conftest.py)."""
    translation_service.status = 503
    return translation_service


def translation_of(page, locale):
    translated = page.get_translation_or_none(locale)
    return translated.specific if translated else None


def test_publishing_a_japanese_page_is_translated_by_the_worker(
    client, site, draft_item, superuser, locale, tmp_path
):
    enable(site, vi="publish", en="draft")
    with real_worker(tmp_path) as worker:
        draft_item.save_revision(user=superuser).publish(user=superuser)
        assert worker.queued().count(JOB) == 2  # after commit, one job per language
        assert translation_of(draft_item, locale("vi")) is None

        worker.start()
        vi = worker.wait_for(
            lambda: (page := translation_of(draft_item, locale("vi"))) and page.live and page,
            "the Vietnamese page published",
        )
        en = worker.wait_for(
            lambda: translation_of(draft_item, locale("en")), "the English draft saved"
        )

        assert vi.title == "[vi] 相談窓口のお知らせ"
        assert vi.summary == "[vi] 毎週水曜日です。"
        assert MachineTranslation.objects.filter(page=vi, translator="builtin").exists()
        body = client.get(vi.url).content.decode()
        assert "[vi] 相談窓口のお知らせ" in body
        assert "translation-notice--machine" in body  # says so, with the original linked
        assert '<a href="/news/soudan/" hreflang="ja">' in body

        assert not en.live  # a draft for an editor to review
        assert en.get_latest_revision_as_object().title == "[en] 相談窓口のお知らせ"
        assert MachineTranslation.objects.filter(page=en).exists()
        assert translation_of(draft_item, locale("ko")) is None  # not enabled


def test_a_failing_translator_is_retried_then_leaves_the_page_and_tells_the_editor(
    client, site, draft_item, superuser, locale, tmp_path, broken_service
):
    enable(site, vi="publish")
    failing = {
        "MACHINE_TRANSLATOR": "libretranslate",
        "LIBRETRANSLATE_URL": f"http://127.0.0.1:{broken_service.server_port}",
        "MACHINE_TRANSLATION_RETRY_DELAYS": [1, 1],  # two retries, a second apart
    }
    with real_worker(tmp_path, settings=failing) as worker:
        draft_item.save_revision(user=superuser).publish(user=superuser)
        worker.start()
        entry = worker.wait_for(
            lambda: PageLogEntry.objects.filter(
                page=draft_item, action=services.FAILED_ACTION
            ).first(),
            "the failure in the page's history",
        )
        worker.wait_for(
            lambda: OutboundEmail.objects.filter(to=[superuser.email], sent_at__isnull=False),
            "the e-mail to the editor delivered",
        )
        worker.stop()

        assert broken_service.paths == ["/translate"] * 3  # the first try and two retries
        assert entry.data["language"] == "vi"
        assert "libretranslate" in entry.data["error"] and "503" in entry.data["error"]
        # Reported once, after the retries, not once per try.
        assert PageLogEntry.objects.filter(action=services.FAILED_ACTION).count() == 1
        [email] = OutboundEmail.objects.filter(to=[superuser.email])
        assert "相談窓口のお知らせ" in email.subject and "Tiếng Việt" in email.subject
        [message] = worker.sent_emails()
        assert message["Subject"].strip() == email.subject

        draft_item.refresh_from_db()
        assert draft_item.live  # the Japanese page as it was published
        assert translation_of(draft_item, locale("vi")) is None
        assert client.get("/news/soudan/").status_code == 200
        assert client.get("/vi/news/soudan/").status_code == 200  # the fallback, not a 404
