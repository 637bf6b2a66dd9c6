"""Machine translators: one interface, a built-in one and three web services.

``get_translator()`` returns the one named by ``MACHINE_TRANSLATOR``:

* ``builtin`` (the embedded default): deterministic and offline, it does not
  translate: it prefixes each text with the target language, "[vi] …", so a
  page translated by it is plainly not a real translation;
* ``deepl`` (``DEEPL_AUTH_KEY``, optional ``DEEPL_API_URL``);
* ``google`` (Cloud Translation v2, ``GOOGLE_TRANSLATE_API_KEY``);
* ``libretranslate`` (``LIBRETRANSLATE_URL``, optional ``LIBRETRANSLATE_API_KEY``).

Texts are HTML fragments (wagtail-localize segments may hold inline tags);
every service is asked to keep the tags. Every call waits at most
``MACHINE_TRANSLATION_TIMEOUT`` seconds; any failure raises ``TranslatorError``.

DeepL and LibreTranslate are wagtail-localize's own machine translators,
subclassed for our language codes (their ``split("-")[0]`` would send
LibreTranslate ``zh`` and ``pt`` for ``zh-hans`` and ``pt-br``) and, for
DeepL, ``DEEPL_API_URL`` and an answer that is checked. Google is ours:
wagtail-localize's ``GoogleCloudTranslator`` speaks Cloud Translation v3
through ``google-cloud-translate`` with service-account credentials and a
project id, whereas ``GOOGLE_TRANSLATE_API_KEY`` is an API key, which only
v2 accepts; it also sets no timeout.
"""

import json
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html import escape

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from wagtail_localize.machine_translators import deepl, libretranslate
from wagtail_localize.strings import StringValue


class TranslatorError(Exception):
    """The service failed, timed out or answered something unusable."""


def post_json(url, payload, *, headers=None, timeout):
    """POST ``payload`` as JSON and return the JSON answer; errors are raised as they come."""
    request = urllib.request.Request(  # noqa: S310 (the URL comes from settings)
        url,
        data=json.dumps(payload).encode(),
        headers={**(headers or {}), "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return json.loads(response.read().decode())


class Translator:
    name = "unknown"
    # A real service (search asks it for query words its glossary lacks).
    real = True
    # Our language code → the service's; a language missing here is unsupported.
    languages = {}
    source_language = "ja"

    def supports(self, language):
        return language in self.languages

    def translate(self, texts, target):
        """Translate Japanese HTML fragments into ``target``; same order, same length."""
        texts = list(texts)
        if texts and not self.supports(target):
            raise TranslatorError(f"{self.name} does not translate into {target}")
        return self._checked(texts, target, self.source_language)

    def to_japanese(self, texts, source):
        """Short texts (search query words) from ``source`` into Japanese; same order."""
        texts = list(texts)
        if texts and not self.supports(source):
            raise TranslatorError(f"{self.name} does not translate from {source}")
        return self._checked(texts, "ja", source)

    def _checked(self, texts, target, source):
        if not texts:
            return []
        try:
            if source == self.source_language:  # the usual way (and older subclasses')
                result = self._translate(texts, target)
            else:
                result = self._translate(texts, target, source=source)
        except (KeyError, TypeError) as error:
            raise TranslatorError(f"{self.name}: unexpected answer ({error!r})") from error
        except (OSError, ValueError) as error:  # HTTP errors, timeouts (requests' too), bad JSON
            raise TranslatorError(f"{self.name}: {error}") from error
        if len(result) != len(texts):
            raise TranslatorError(f"{self.name} returned {len(result)} of {len(texts)} texts")
        return result

    def _translate(self, texts, target, source="ja"):
        """``texts`` from ``source`` into ``target`` (our language codes)."""
        raise NotImplementedError


# Every language but Japanese and Easy Japanese (always written by hand).
ALL_LANGUAGES = ["en", "zh-hans", "ko", "vi", "tl", "pt-br", "es", "th", "ne", "id"]


class BuiltinTranslator(Translator):
    """Not a translation: "[vi] 原文" — deterministic, for development and tests."""

    name = "builtin"
    languages = {code: code for code in ALL_LANGUAGES}
    # Not a real translator: search does not ask it for query words.
    real = False

    def _translate(self, texts, target, source="ja"):
        return [f"[{escape(target)}] {text}" for text in texts]


@dataclass(frozen=True)
class LanguageOnly:
    """All wagtail-localize's translators read of a Locale: its language code.

    Our translators also translate texts that belong to no page (an
    organisation's message), so no Locale row is looked up for them.
    """

    language_code: str


class LocalizeTranslator(Translator):
    """Runs ``self.machine_translator``, one of wagtail-localize's machine translators."""

    machine_translator = None

    def _translate(self, texts, target, source="ja"):
        strings = [StringValue(text) for text in texts]
        translated = self.machine_translator.translate(
            LanguageOnly(source), LanguageOnly(target), strings
        )
        return [translated[string].data for string in strings]


# DeepL's target codes; Tagalog and Nepali are not offered. Upstream would send
# the deprecated "EN" and "ZH" for "en" and "zh-hans".
DEEPL_LANGUAGES = {
    "en": "EN-US",
    "zh-hans": "ZH-HANS",
    "ko": "KO",
    "vi": "VI",
    "pt-br": "PT-BR",
    "es": "ES",
    "th": "TH",
    "id": "ID",
}


class DeepLMachineTranslator(deepl.DeepLTranslator):
    """wagtail-localize's DeepL translator with our codes, address and checks.

    Kept from upstream: the free or pro address chosen by the key, the
    authorisation header and the parameters (with its FORMALITY and
    GLOSSARY_IDS options). Changed: the ``API_URL`` option, our target codes,
    ``tag_handling=html`` (plain texts come as HTML with ``<br>``, which DeepL's
    XML mode would read as an unclosed tag), and ``translate()``, because
    upstream's checks no HTTP status: a refused key, an exhausted quota (456)
    or an outage would surface as a KeyError or a JSON error, not as itself.
    """

    def get_api_endpoint(self):
        return self.options.get("API_URL") or super().get_api_endpoint()

    def get_parameters(self, source_locale, target_locale, strings):
        parameters = super().get_parameters(source_locale, target_locale, strings)
        # Japanese is the target only for search's query words.
        parameters["target_lang"] = DEEPL_LANGUAGES.get(target_locale.language_code, "JA")
        parameters["tag_handling"] = "html"
        return parameters

    def translate(self, source_locale, target_locale, strings):
        strings = list(strings)
        answer = post_json(
            self.get_api_endpoint(),
            self.get_parameters(source_locale, target_locale, strings),
            headers=self.get_headers(),
            timeout=self.options.get("TIMEOUT", 30),
        )
        return {
            string: StringValue(item["text"])
            for string, item in zip(strings, answer["translations"], strict=True)
        }


class DeepLTranslator(LocalizeTranslator):
    name = "deepl"
    languages = DEEPL_LANGUAGES

    def __init__(self, auth_key=None, api_url=None):
        auth_key = auth_key or settings.DEEPL_AUTH_KEY
        if not auth_key:
            raise ImproperlyConfigured("MACHINE_TRANSLATOR=deepl needs DEEPL_AUTH_KEY")
        self.machine_translator = DeepLMachineTranslator(
            {
                "AUTH_KEY": auth_key,
                "API_URL": api_url or settings.DEEPL_API_URL,
                "TIMEOUT": settings.MACHINE_TRANSLATION_TIMEOUT,
            }
        )


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

    def __init__(self, api_key=None, api_url=None):
        self.api_key = api_key or settings.GOOGLE_TRANSLATE_API_KEY
        if not self.api_key:
            raise ImproperlyConfigured("MACHINE_TRANSLATOR=google needs GOOGLE_TRANSLATE_API_KEY")
        self.api_url = api_url or self.api_url

    def _translate(self, texts, target, source="ja"):
        answer = post_json(
            f"{self.api_url}?{urllib.parse.urlencode({'key': self.api_key})}",
            {
                "q": texts,
                "source": self.languages.get(source, source),
                "target": self.languages.get(target, target),
                "format": "html",
            },
            timeout=settings.MACHINE_TRANSLATION_TIMEOUT,
        )
        return [item["translatedText"] for item in answer["data"]["translations"]]


LIBRETRANSLATE_LANGUAGES = {
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


class LibreTranslateMachineTranslator(libretranslate.LibreTranslator):
    """wagtail-localize's LibreTranslate translator with our language codes."""

    def language_code(self, code):
        return LIBRETRANSLATE_LANGUAGES.get(code, code)


class LibreTranslateTranslator(LocalizeTranslator):
    name = "libretranslate"
    languages = LIBRETRANSLATE_LANGUAGES

    def __init__(self, url=None, api_key=None):
        url = (url or settings.LIBRETRANSLATE_URL).rstrip("/")
        if not url:
            raise ImproperlyConfigured("MACHINE_TRANSLATOR=libretranslate needs LIBRETRANSLATE_URL")
        self.machine_translator = LibreTranslateMachineTranslator(
            {
                "LIBRETRANSLATE_URL": url,
                "API_KEY": api_key if api_key is not None else settings.LIBRETRANSLATE_API_KEY,
                "TIMEOUT": settings.MACHINE_TRANSLATION_TIMEOUT,
            }
        )


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
