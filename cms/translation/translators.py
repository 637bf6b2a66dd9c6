"""Machine translators: one interface, a built-in one and three web services.

``get_translator()`` returns the one named by ``MACHINE_TRANSLATOR``:

* ``builtin`` (the embedded default): deterministic and offline, it does not
  translate: it prefixes each text with the target language, "[vi] …", so a
  page translated by it is plainly not a real translation;
* ``deepl`` (``DEEPL_AUTH_KEY``, optional ``DEEPL_API_URL``);
* ``google`` (Cloud Translation v2, ``GOOGLE_TRANSLATE_API_KEY``);
* ``libretranslate`` (``LIBRETRANSLATE_URL``, optional ``LIBRETRANSLATE_API_KEY``).

Texts are HTML fragments (wagtail-localize segments may hold inline tags);
every service is asked to keep the tags. HTTP goes through urllib with
``MACHINE_TRANSLATION_TIMEOUT``; any failure raises ``TranslatorError``.
"""

import json
import urllib.error
import urllib.parse
import urllib.request
from html import escape

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class TranslatorError(Exception):
    """The service failed, timed out or answered something unusable."""


class Translator:
    name = "unknown"
    # Our language code → the service's; a language missing here is unsupported.
    languages = {}
    source_language = "ja"

    def supports(self, language):
        return language in self.languages

    def translate(self, texts, target):
        """Translate Japanese HTML fragments into ``target``; same order, same length."""
        texts = list(texts)
        if not texts:
            return []
        if not self.supports(target):
            raise TranslatorError(f"{self.name} does not translate into {target}")
        result = self._translate(texts, self.languages[target])
        if len(result) != len(texts):
            raise TranslatorError(f"{self.name} returned {len(result)} of {len(texts)} texts")
        return result

    def _translate(self, texts, target):
        raise NotImplementedError

    def _post(self, url, *, data=None, payload=None, headers=None):
        headers = dict(headers or {})
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        else:
            body = urllib.parse.urlencode(data or {}, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(  # noqa: S310 (the URL comes from settings)
                request, timeout=settings.MACHINE_TRANSLATION_TIMEOUT
            ) as response:
                return json.loads(response.read().decode())
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            raise TranslatorError(f"{self.name}: {error}") from error


# Every language but Japanese and Easy Japanese (always written by hand).
ALL_LANGUAGES = ["en", "zh-hans", "ko", "vi", "tl", "pt-br", "es", "th", "ne", "id"]


class BuiltinTranslator(Translator):
    """Not a translation: "[vi] 原文" — deterministic, for development and tests."""

    name = "builtin"
    languages = {code: code for code in ALL_LANGUAGES}

    def _translate(self, texts, target):
        return [f"[{escape(target)}] {text}" for text in texts]


class DeepLTranslator(Translator):
    name = "deepl"
    # DeepL's target codes; Tagalog and Nepali are not offered.
    languages = {
        "en": "EN-US",
        "zh-hans": "ZH-HANS",
        "ko": "KO",
        "vi": "VI",
        "pt-br": "PT-BR",
        "es": "ES",
        "th": "TH",
        "id": "ID",
    }

    def __init__(self, auth_key=None, api_url=None):
        self.auth_key = auth_key or settings.DEEPL_AUTH_KEY
        if not self.auth_key:
            raise ImproperlyConfigured("MACHINE_TRANSLATOR=deepl needs DEEPL_AUTH_KEY")
        default_url = (
            "https://api-free.deepl.com/v2/translate"
            if self.auth_key.endswith(":fx")
            else "https://api.deepl.com/v2/translate"
        )
        self.api_url = api_url or settings.DEEPL_API_URL or default_url

    def _translate(self, texts, target):
        answer = self._post(
            self.api_url,
            payload={
                "text": texts,
                "source_lang": "JA",
                "target_lang": target,
                "tag_handling": "html",
            },
            headers={"Authorization": f"DeepL-Auth-Key {self.auth_key}"},
        )
        try:
            return [item["text"] for item in answer["translations"]]
        except (KeyError, TypeError) as error:
            raise TranslatorError(f"deepl: unexpected answer {answer!r:.200}") from error


class GoogleTranslator(Translator):
    name = "google"
    languages = {
        "en": "en",
        "zh-hans": "zh-CN",
        "ko": "ko",
        "vi": "vi",
        "tl": "tl",
        "pt-br": "pt",  # Google's "pt" is Brazilian Portuguese
        "es": "es",
        "th": "th",
        "ne": "ne",
        "id": "id",
    }
    api_url = "https://translation.googleapis.com/language/translate/v2"

    def __init__(self, api_key=None):
        self.api_key = api_key or settings.GOOGLE_TRANSLATE_API_KEY
        if not self.api_key:
            raise ImproperlyConfigured("MACHINE_TRANSLATOR=google needs GOOGLE_TRANSLATE_API_KEY")

    def _translate(self, texts, target):
        answer = self._post(
            f"{self.api_url}?{urllib.parse.urlencode({'key': self.api_key})}",
            payload={"q": texts, "source": "ja", "target": target, "format": "html"},
        )
        try:
            return [item["translatedText"] for item in answer["data"]["translations"]]
        except (KeyError, TypeError) as error:
            raise TranslatorError(f"google: unexpected answer {answer!r:.200}") from error


class LibreTranslateTranslator(Translator):
    name = "libretranslate"
    languages = {
        "en": "en",
        "zh-hans": "zh-Hans",
        "ko": "ko",
        "vi": "vi",
        "tl": "tl",
        "pt-br": "pb",  # LibreTranslate's Brazilian Portuguese
        "es": "es",
        "th": "th",
        "ne": "ne",
        "id": "id",
    }

    def __init__(self, url=None, api_key=None):
        self.url = (url or settings.LIBRETRANSLATE_URL).rstrip("/")
        if not self.url:
            raise ImproperlyConfigured("MACHINE_TRANSLATOR=libretranslate needs LIBRETRANSLATE_URL")
        self.api_key = api_key if api_key is not None else settings.LIBRETRANSLATE_API_KEY

    def _translate(self, texts, target):
        payload = {"q": texts, "source": "ja", "target": target, "format": "html"}
        if self.api_key:
            payload["api_key"] = self.api_key
        answer = self._post(f"{self.url}/translate", payload=payload)
        try:
            translated = answer["translatedText"]
        except (KeyError, TypeError) as error:
            raise TranslatorError(f"libretranslate: unexpected answer {answer!r:.200}") from error
        return translated if isinstance(translated, list) else [translated]


TRANSLATORS = {
    "builtin": BuiltinTranslator,
    "deepl": DeepLTranslator,
    "google": GoogleTranslator,
    "libretranslate": LibreTranslateTranslator,
}


def get_translator(name=None):
    name = name or settings.MACHINE_TRANSLATOR
    try:
        return TRANSLATORS[name]()
    except KeyError:
        raise ImproperlyConfigured(
            f"MACHINE_TRANSLATOR={name!r}: choose one of {', '.join(TRANSLATORS)}"
        ) from None
