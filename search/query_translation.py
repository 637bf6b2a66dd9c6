"""Query words the glossary lacks, machine-translated into Japanese in the background.

When a real machine translator is configured (``MACHINE_TRANSLATOR`` other
than the built-in stand-in), a search whose query keeps words in a foreign
script after the glossary (``search.glossary``) has taken its phrases asks
for their Japanese once per word and language: ``request()`` records a
pending ``QueryTranslation`` and the view queues ``translate_query_words``
after its response has been sent, so the page never waits on the service
(with the embedded default's in-process Celery, the task runs then). That
first search uses the glossary alone; later ones read the cached rows
(``known()``) and search the Japanese too, as the glossary's own rows do.

With the built-in stand-in nothing is asked, queued or read: the glossary
path works offline.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language

MAX_WORDS = 5  # asked for per query
ASK_AGAIN_AFTER = timedelta(days=1)  # a failed word, at the earliest
# A word worth translating: letters of a foreign script, no kana or kanji.
FOREIGN_WORD = re.compile(r"^[^\u3040-\u30ff\u3400-\u9fff0-9]{2,60}$")
SCRIPTS = (
    (re.compile(r"[\uac00-\ud7af]"), "ko"),
    (re.compile(r"[\u0e00-\u0e7f]"), "th"),
    (re.compile(r"[\u0900-\u097f]"), "ne"),
)


def enabled() -> bool:
    return settings.MACHINE_TRANSLATOR != "builtin"


def source_language(word: str, language: str | None = None) -> str:
    """The language to translate ``word`` from: the page's, else its script's (Latin: en)."""
    from cms.translation.translators import ALL_LANGUAGES

    for script, code in SCRIPTS:
        if script.search(word):
            return code
    language = (language or get_language() or "").lower()
    return language if language in ALL_LANGUAGES else "en"


# known()'s answers during one search page: (query, language) → pairs.
_known_now: ContextVar[dict | None] = ContextVar("query_translation_known", default=None)


@contextmanager
def one_page():
    """Within: ``known()`` reads the database once per query and language.

    A search page analyses its query for every kind it searches (and the
    snippets); the translations read for the first stand for the page.
    """
    token = _known_now.set({})
    try:
        yield
    finally:
        _known_now.reset(token)


def unknown_words(query: str) -> list[str]:
    """The query's foreign-script words the glossary leaves (normalised), at most MAX_WORDS."""
    return list(_unknown_words(query))


@lru_cache(maxsize=1024)
def _unknown_words(query: str) -> tuple[str, ...]:
    from search import glossary
    from search.analysis import normalise

    text, _groups = glossary.expand(normalise(query or ""))
    found = []
    for word in text.split():
        word = word.strip(".,;:!?\"'()[]")
        if FOREIGN_WORD.match(word) and re.search(r"\w", word) and word not in found:
            found.append(word)
    return tuple(found[:MAX_WORDS])


def known(query: str) -> tuple[tuple[str, str], ...]:
    """(word, Japanese) of the query's words already translated, for the page's language."""
    if not enabled():
        return ()
    words = unknown_words(query)
    if not words:
        return ()
    remembered = _known_now.get()
    key = (query, get_language())
    if remembered is not None and key in remembered:
        return remembered[key]
    from search.models import QueryTranslation

    languages = {source_language(word) for word in words}
    rows = QueryTranslation.objects.filter(
        word__in=words, language__in=languages, status=QueryTranslation.Status.DONE
    ).exclude(japanese="")
    found = {row.word: row.japanese for row in rows if row.language == source_language(row.word)}
    pairs = tuple((word, found[word]) for word in words if word in found)
    if remembered is not None:
        remembered[key] = pairs
    return pairs


def request(query: str) -> list[int]:
    """Record the query's untranslated words as pending; the ids to translate.

    One row per word and language: a word already asked for is not asked
    again, unless it failed more than ``ASK_AGAIN_AFTER`` ago.
    """
    if not enabled():
        return []
    from search.models import QueryTranslation

    now = timezone.now()
    ids = []
    for word in unknown_words(query):
        language = source_language(word)
        row = QueryTranslation.objects.filter(word=word, language=language).first()
        if row is None:
            try:
                with transaction.atomic():
                    row = QueryTranslation.objects.create(
                        word=word, language=language, requested_at=now
                    )
            except IntegrityError:  # another search asked at the same moment
                continue
            ids.append(row.pk)
        elif row.status == QueryTranslation.Status.FAILED and (
            row.requested_at < now - ASK_AGAIN_AFTER
        ):
            QueryTranslation.objects.filter(pk=row.pk).update(requested_at=now)
            ids.append(row.pk)
    return ids


def queue_after(response, query: str):
    """Queue the query's untranslated words once ``response`` has been sent.

    Django closes a response after the server has sent it; the task is
    queued then (and, with the in-process Celery of the embedded default,
    runs then), never while the page is being made.
    """
    if not enabled() or not unknown_words(query):
        return response

    def queue():
        from search.tasks import translate_query_words

        ids = request(query)
        if ids:
            translate_query_words.delay(ids)

    response._resource_closers.append(queue)  # run by HttpResponseBase.close()
    return response


def translate(ids) -> None:
    """Ask the translator for the pending rows ``ids`` (the task's body)."""
    from cms.translation.translators import TranslatorError, get_translator
    from search.models import QueryTranslation

    translator = get_translator()
    if not translator.real:
        return
    rows = list(QueryTranslation.objects.filter(pk__in=ids).exclude(reviewed=True))
    by_language: dict[str, list] = {}
    for row in rows:
        by_language.setdefault(row.language, []).append(row)
    now = timezone.now()
    for language, group in by_language.items():
        try:
            japanese = translator.to_japanese([row.word for row in group], language)
        except TranslatorError:
            QueryTranslation.objects.filter(pk__in=[row.pk for row in group]).update(
                status=QueryTranslation.Status.FAILED
            )
            continue
        for row, text in zip(group, japanese, strict=True):
            row.japanese = re.sub(r"<[^>]*>", "", text).strip()[:200]
            row.status = QueryTranslation.Status.DONE
            row.translator = translator.name
            row.translated_at = now
            row.save(update_fields=["japanese", "status", "translator", "translated_at"])
