"""Machine translation: translators, the job on publish, failures, the notice."""

from django.core.exceptions import ImproperlyConfigured

from wagtail.models import Locale, PageLogEntry

import pytest
from celery.exceptions import Retry

from cms.models import BackgroundFailure, OutboundEmail
from cms.translation import services, tasks
from cms.translation.localize import TsunagariMachineTranslator
from cms.translation.models import MachineTranslation, MachineTranslationSettings
from cms.translation.translators import (
    BuiltinTranslator,
    DeepLTranslator,
    GoogleTranslator,
    LibreTranslateTranslator,
    TranslatorError,
    get_translator,
)
from tests.home.factories import NewsPageFactory

# --- translators -------------------------------------------------------------


def test_builtin_translator_is_deterministic_and_says_it_is_not_a_translation():
    translator = get_translator("builtin")
    assert translator.translate(["相談窓口", "<b>日本</b>"], "vi") == [
        "[vi] 相談窓口",
        "[vi] <b>日本</b>",
    ]
    assert translator.translate([], "vi") == []


def test_no_machine_translates_into_easy_japanese():
    with pytest.raises(TranslatorError):
        BuiltinTranslator().translate(["日本"], "ja-x-easy")


def test_unknown_translator_name_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        get_translator("babelfish")


def test_services_need_their_keys(settings):
    settings.DEEPL_AUTH_KEY = ""
    settings.GOOGLE_TRANSLATE_API_KEY = ""
    settings.LIBRETRANSLATE_URL = ""
    for name in ["deepl", "google", "libretranslate"]:
        with pytest.raises(ImproperlyConfigured):
            get_translator(name)


# The adapters talk real HTTP to a service on 127.0.0.1 (tests/i18n/conftest.py):
# their addresses point at it (DeepL's default address is checked without a request).


def test_deepl_adapter(translation_service, settings):
    settings.MACHINE_TRANSLATION_TIMEOUT = 7
    settings.DEEPL_API_URL = ""
    translation_service.answer = {"translations": [{"text": "Xin chào"}]}
    translator = DeepLTranslator(auth_key="k:fx", api_url=translation_service.url("/v2/translate"))
    result = translator.translate(["こんにちは"], "vi")
    assert result == ["Xin chào"]
    request = translation_service.requests[-1]
    assert request.full_url == translation_service.url("/v2/translate")  # DEEPL_API_URL
    free = DeepLTranslator(auth_key="k:fx").machine_translator  # wagtail-localize's choice
    assert free.get_api_endpoint() == "https://api-free.deepl.com/v2/translate"
    assert request.headers["Authorization"] == "DeepL-Auth-Key k:fx"
    assert request.payload == {
        "text": ["こんにちは"],
        "source_lang": "JA",
        "target_lang": "VI",
        "tag_handling": "html",
    }
    assert translator.machine_translator.options["TIMEOUT"] == 7  # sent with the request
    assert not DeepLTranslator(auth_key="k").supports("tl")


def test_google_adapter(translation_service):
    translation_service.answer = {"data": {"translations": [{"translatedText": "你好"}]}}
    translator = GoogleTranslator(
        api_key="g", api_url=translation_service.url("/language/translate/v2")
    )
    assert translator.translate(["こんにちは"], "zh-hans") == ["你好"]
    request = translation_service.requests[-1]
    payload = request.payload
    assert request.full_url.endswith("/language/translate/v2?key=g")
    assert payload["target"] == "zh-CN" and payload["format"] == "html"


def test_libretranslate_adapter(translation_service):
    translation_service.answer = {"translatedText": ["Olá"]}
    translator = LibreTranslateTranslator(url=translation_service.url("/"), api_key="s")
    assert translator.translate(["こんにちは"], "pt-br") == ["Olá"]
    request = translation_service.requests[-1]
    payload = request.payload
    assert request.full_url == translation_service.url("/translate")
    assert payload["target"] == "pb" and payload["api_key"] == "s"
    assert payload["source"] == "ja" and payload["format"] == "html"


def test_timeouts_and_bad_answers_are_translator_errors(translation_service, settings):
    settings.MACHINE_TRANSLATION_TIMEOUT = 0.2
    translation_service.delay = 1  # longer than the timeout
    deepl = DeepLTranslator(auth_key="k", api_url=translation_service.url("/v2/translate"))
    with pytest.raises(TranslatorError, match="timed out"):
        deepl.translate(["日本"], "en")
    translation_service.delay = 0
    google = GoogleTranslator(api_key="g", api_url=translation_service.url("/v2"))
    translation_service.answer = {"unexpected": True}
    with pytest.raises(TranslatorError):
        google.translate(["日本"], "en")
    translation_service.answer = {"data": {"translations": []}}  # fewer texts than sent
    with pytest.raises(TranslatorError):
        google.translate(["日本"], "en")


def test_service_errors_say_what_the_service_answered(translation_service):
    deepl = DeepLTranslator(auth_key="k", api_url=translation_service.url("/v2/translate"))
    libre = LibreTranslateTranslator(url=translation_service.url(""), api_key="")
    translation_service.status = 456  # DeepL: quota exceeded
    with pytest.raises(TranslatorError, match="deepl: HTTP Error 456"):
        deepl.translate(["日本"], "en")
    translation_service.status = 503
    with pytest.raises(TranslatorError, match="libretranslate: 503 Server Error"):
        libre.translate(["日本"], "en")
    translation_service.status = 200
    translation_service.answer = {"translatedText": ["a", "b"]}  # more texts than sent
    with pytest.raises(TranslatorError):
        libre.translate(["日本"], "en")


@pytest.mark.django_db
def test_wagtail_localize_editor_uses_our_translator():
    from wagtail_localize.strings import StringValue

    translator = TsunagariMachineTranslator({"NAME": "builtin"})
    ja, vi, easy = (Locale.objects.get(language_code=c) for c in ["ja", "vi", "ja-x-easy"])
    assert translator.can_translate(ja, vi)
    assert not translator.can_translate(ja, easy)
    result = translator.translate(ja, vi, [StringValue("日本")])
    assert result[StringValue("日本")].data == "[vi] 日本"


def test_a_failing_service_in_the_editor_leaves_the_segments_untranslated(
    translation_service, settings, caplog
):
    from wagtail_localize.strings import StringValue

    from cms.translation.translators import LanguageOnly

    settings.DEEPL_AUTH_KEY = "k"
    settings.DEEPL_API_URL = translation_service.url("/v2/translate")
    translation_service.status = 503
    translator = TsunagariMachineTranslator({"NAME": "deepl"})
    ja, vi = LanguageOnly("ja"), LanguageOnly("vi")
    assert translator.can_translate(ja, vi)
    assert translator.translate(ja, vi, [StringValue("日本")]) == {}
    assert "machine translation into" in caplog.text


# --- the job on publish ----------------------------------------------------------


@pytest.fixture
def enable(site):
    def run(**modes):
        setting = MachineTranslationSettings.for_site(site)
        for code, mode in modes.items():
            setattr(setting, f"mode_{code}", mode)
        setting.save()

    return run


@pytest.fixture
def publish(django_capture_on_commit_callbacks, superuser):
    """Publish a page as the secretariat and run the jobs it starts."""

    def run(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision(user=superuser).publish(user=superuser)
        page.refresh_from_db()
        return page

    return run


@pytest.fixture
def draft_item(news_index):
    return NewsPageFactory(
        parent=news_index, title="相談窓口のお知らせ", slug="soudan", summary="毎週水曜日です。"
    )


@pytest.mark.django_db
def test_publishing_a_japanese_page_translates_it(client, enable, publish, draft_item, locale):
    enable(vi="publish", en="draft")
    publish(draft_item)

    vi = draft_item.get_translation(locale("vi")).specific
    assert vi.live
    assert vi.title == "[vi] 相談窓口のお知らせ"
    assert vi.summary == "[vi] 毎週水曜日です。"
    assert MachineTranslation.objects.filter(page=vi, translator="builtin").exists()
    body = client.get(vi.url).content.decode()
    assert "[vi] 相談窓口のお知らせ" in body
    assert "translation-notice--machine" in body
    assert '<a href="/news/soudan/" hreflang="ja">' in body

    en = draft_item.get_translation(locale("en")).specific
    assert not en.live  # a draft for an editor to review
    assert en.get_latest_revision_as_object().title == "[en] 相談窓口のお知らせ"
    assert 'translation-notice"' in client.get("/en/news/soudan/").content.decode()

    assert draft_item.get_translation_or_none(locale("ko")) is None  # not enabled


@pytest.mark.django_db
def test_republishing_updates_the_translation(enable, publish, draft_item, locale):
    enable(vi="publish")
    publish(draft_item)
    draft_item.title = "相談窓口のお知らせ（更新）"
    publish(draft_item)
    vi = draft_item.get_translation(locale("vi"))
    assert vi.title == "[vi] 相談窓口のお知らせ（更新）"


@pytest.mark.django_db
def test_publishing_a_translation_by_hand_clears_the_flag(
    enable, publish, draft_item, locale, superuser
):
    enable(vi="publish")
    publish(draft_item)
    vi = draft_item.get_translation(locale("vi")).specific
    vi.title = "Thông báo về quầy tư vấn"
    vi.save_revision(user=superuser).publish(user=superuser)
    assert not MachineTranslation.objects.filter(page=vi).exists()


@pytest.mark.django_db
def test_nothing_is_translated_when_the_secretariat_enabled_nothing(publish, draft_item):
    publish(draft_item)
    assert draft_item.get_translations().count() == 0


class FailingTranslator(BuiltinTranslator):
    name = "failing"

    def _translate(self, texts, target):
        raise TranslatorError("timed out")


@pytest.mark.django_db
def test_failing_translator_leaves_the_page_and_tells_the_editor(
    client, enable, publish, draft_item, locale, monkeypatch, superuser
):
    monkeypatch.setattr(services, "get_translator", FailingTranslator)
    enable(vi="publish")
    publish(draft_item)

    assert draft_item.live  # the Japanese page was published all the same
    assert draft_item.get_translation_or_none(locale("vi")) is None
    assert client.get("/news/soudan/").status_code == 200
    entry = PageLogEntry.objects.get(page=draft_item, action=services.FAILED_ACTION)
    assert entry.data["language"] == "vi"
    assert "timed out" in entry.data["error"]
    email = OutboundEmail.objects.get(to=[superuser.email])
    assert "相談窓口のお知らせ" in email.subject
    assert "Tiếng Việt" in email.subject
    assert "timed out" in email.body
    # The secretariat sees it in the admin's 失敗した処理, with a retry.
    failure = BackgroundFailure.objects.get()
    assert failure.task == "cms.translation.tasks.machine_translate_page"
    assert failure.args[:2] == [draft_item.pk, "vi"]
    assert "timed out" in failure.error


@pytest.mark.django_db
def test_failure_in_a_worker_is_retried_later(draft_item, monkeypatch):
    monkeypatch.setattr(services, "get_translator", FailingTranslator)
    retries = []

    def fake_retry(exc=None, countdown=None, **kwargs):
        retries.append(countdown)
        return Retry(exc=exc, when=countdown)

    monkeypatch.setattr(tasks.machine_translate_page, "retry", fake_retry)
    tasks.machine_translate_page.push_request(id="t1", retries=1, is_eager=False)
    try:
        with pytest.raises(Retry):
            tasks.machine_translate_page.run(draft_item.pk, "vi", "publish")
    finally:
        tasks.machine_translate_page.pop_request()
    assert retries == [tasks.RETRY_DELAYS[1]]
    assert not PageLogEntry.objects.filter(action=services.FAILED_ACTION).exists()


@pytest.mark.django_db
def test_machine_translation_setting_in_admin(admin_client_su, site):
    response = admin_client_su.get(
        f"/admin/settings/cms_translation/machinetranslationsettings/{site.pk}/"
    )
    assert response.status_code == 200
    assert "Tiếng Việt" in response.content.decode()
    assert 'name="mode_vi"' in response.content.decode()
    assert 'name="mode_ja' not in response.content.decode()  # Easy Japanese is by hand
