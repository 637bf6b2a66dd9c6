"""The gettext catalogues in locale/: English complete, placeholders intact everywhere.

The msgids are Japanese (the source language). English must be complete: an
untranslated or fuzzy English message would show Japanese on an English page.
The other languages translate the main journeys; whatever they translate must
keep the msgid's placeholders (python-format ``%(name)s`` -- which is also what
``{{ var }}`` in ``{% blocktranslate %}`` becomes --, ``{name}`` brace
placeholders and HTML tags), or the page would crash or lose its markup.
Fuzzy messages are not compiled (compilemessages leaves them out), so only the
translations that reach readers are checked for placeholders.
"""

import functools
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import to_locale

import polib
import pytest

from cms.dates import fiscal_year_label

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
CATALOGUES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))

PYTHON_FORMAT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc%]")
BRACE = re.compile(r"(?<!\{)\{(\w*)\}(?!\})")
HTML_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# Japanese an English text may keep on purpose: quoted column names, examples
# of what users type, ★/☆ marks and Japanese punctuation inside them.
MEANT_JAPANESE = re.compile(r"“[^”]*”|\([^)]*\)|e\.g\. [^.;]*|[★☆]")


def locale_of(path):
    return path.parent.parent.name


def entries(path):
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


def texts(entry):
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def placeholders(text, flags):
    """What a translation must keep: named placeholders (which may repeat or
    move), positional ones (same kinds, same number) and HTML tags."""
    named, positional, tags = set(), Counter(), Counter()
    if "python-format" in flags:
        for match in PYTHON_FORMAT.finditer(text):
            if match.group(0) == "%%":
                continue
            if match.group(1):
                named.add(f"%({match.group(1)})")
            else:
                positional["%" + match.group(0)[-1]] += 1
    if "python-brace-format" in flags:
        named.update("{" + name + "}" for name in BRACE.findall(text))
    for match in HTML_TAG.finditer(text):
        closing = "/" if match.group(0).startswith("</") else ""
        tags[closing + match.group(1).lower()] += 1
    return named, positional, tags


def placeholders_kept(entry, index, text):
    found = placeholders(text, entry.flags)
    if not entry.msgid_plural:
        return found == placeholders(entry.msgid, entry.flags)
    plural = placeholders(entry.msgid_plural, entry.flags)
    if index == len(entry.msgstr_plural) - 1:
        # The general plural form keeps everything msgid_plural has.
        return found == plural
    # Other forms may say "one" instead of the number, but invent nothing.
    return found[0] <= plural[0] and found[2] == plural[2]


def test_a_catalogue_for_every_language_of_the_site():
    expected = {to_locale(code) for code, _name in settings.LANGUAGES} - {"ja"}
    missing = expected - {locale_of(path) for path in CATALOGUES}
    assert not missing, f"no locale/<lang>/LC_MESSAGES/django.po for {sorted(missing)}"


@pytest.mark.parametrize("path", CATALOGUES, ids=locale_of)
def test_header_is_filled_in(path):
    po = polib.pofile(str(path))
    assert po.metadata.get("Content-Type") == "text/plain; charset=UTF-8"
    assert re.fullmatch(r"nplurals=\d+; plural=.+;", po.metadata.get("Plural-Forms", "")), (
        "Plural-Forms must be filled in, not gettext's INTEGER/EXPRESSION template"
    )
    assert po.metadata.get("Language") == locale_of(path)


# Languages whose catalogues are complete (issue 16): every message translated,
# none fuzzy, in locale/ and in the apps' own locale folders (forum/locale).
# A language joins once its catalogue is finished, and never leaves: a new
# message must be translated into each of them before it lands. Fuzzy
# messages waiting for a native speaker's review are listed in
# FUZZY_FOR_REVIEW with their reason. Every language is complete now.
COMPLETE = ["en", "es", "id", "ja_X-easy", "ko", "ne", "pt_BR", "th", "tl", "vi", "zh_Hans"]
FUZZY_FOR_REVIEW: dict[tuple[str, str], str] = {}
APP_CATALOGUES = sorted(Path(settings.BASE_DIR).glob("*/locale/*/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("language", COMPLETE)
def test_complete_languages_stay_complete(language):
    paths = [path for path in CATALOGUES + APP_CATALOGUES if locale_of(path) == language]
    assert len(paths) >= 2, paths
    for path in paths:
        catalogue = entries(path)
        missing = [
            entry.msgid
            for entry in catalogue
            if not entry.translated() and "fuzzy" not in entry.flags
        ]
        fuzzy = [
            entry.msgid
            for entry in catalogue
            if "fuzzy" in entry.flags and (language, entry.msgid) not in FUZZY_FOR_REVIEW
        ]
        assert not missing, f"{path}: {len(missing)} untranslated: {missing[:10]}"
        assert not fuzzy, f"{path}: {len(fuzzy)} fuzzy: {fuzzy[:10]}"


def test_english_has_no_japanese_left():
    """A msgstr copied from the msgid, or half translated, still shows Japanese."""
    leftovers = [
        text
        for entry in entries(LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po")
        for text in texts(entry)
        if JAPANESE.search(MEANT_JAPANESE.sub("", text))
    ]
    assert not leftovers, leftovers[:10]


@pytest.mark.parametrize("path", CATALOGUES, ids=locale_of)
def test_translations_keep_placeholders_and_tags(path):
    broken = []
    for entry in entries(path):
        if "fuzzy" in entry.flags or not entry.translated():
            continue
        forms = sorted(entry.msgstr_plural.items()) if entry.msgid_plural else [(0, entry.msgstr)]
        broken += [
            (entry.msgid, text)
            for index, text in forms
            if not placeholders_kept(entry, index, text)
        ]
    assert not broken, f"{len(broken)} translations change placeholders or tags: {broken[:5]}"


def test_the_placeholder_check_can_fail():
    entry = polib.POEntry(
        msgid="%(name)sさんを<strong>削除</strong>",
        msgstr="Remove %(nmae)s",
        flags=["python-format"],
    )
    assert not placeholders_kept(entry, 0, entry.msgstr)
    assert placeholders_kept(entry, 0, "Remove <strong>%(name)s</strong>")


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("path", CATALOGUES, ids=locale_of)
def test_msgfmt_accepts_the_catalogue(path):
    """What compilemessages runs, plus header and newline checks."""
    result = subprocess.run(  # noqa: S603 -- fixed arguments, our own files
        [shutil.which("msgfmt"), "--check", "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# --- the catalogues at work -------------------------------------------------------


@pytest.fixture(scope="module")
def catalogues_compiled_afresh(tmp_path_factory):
    """The .po files as they are in locale/, compiled afresh (fuzzy left out, as
    compilemessages does), so a stale or missing .mo cannot hide a broken .po.
    Once for the module: parsing them all with polib took a second a test."""
    locale = tmp_path_factory.mktemp("catalogues") / "locale"
    for path in CATALOGUES:
        target = locale / locale_of(path) / "LC_MESSAGES"
        target.mkdir(parents=True)
        polib.pofile(str(path)).save_as_mofile(str(target / "django.mo"))
    return locale


@pytest.fixture
def compiled_catalogues(catalogues_compiled_afresh, settings):
    """Django reads the afresh compiled catalogues; changing LOCALE_PATHS makes it
    drop its cached translations."""
    settings.LOCALE_PATHS = [catalogues_compiled_afresh]


@functools.cache
def catalogue(code):
    return polib.pofile(str(LOCALE_DIR / to_locale(code) / "LC_MESSAGES" / "django.po"))


def translated(code, msgid):
    entry = catalogue(code).find(msgid)
    return entry.msgstr if entry and entry.translated() else msgid


SITE_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


@pytest.mark.skipif("en" not in SITE_LANGUAGES, reason="English is not a language of the site yet")
@pytest.mark.django_db
def test_home_page_under_en_has_english_navigation(client, home_page, compiled_catalogues):
    response = client.get("/en/")
    assert response.status_code == 200
    body = response.content.decode()
    assert re.search(r'<html[^>]* lang="en"', body)
    for english in [
        "Skip to main content",
        "Member sign-in",
        "Secretariat and contact",
        "Tackling loneliness and isolation",
    ]:
        assert english in body, english
    for japanese in ["本文へスキップ", "会員ログイン", "事務局・お問い合わせ", "孤独・孤立対策"]:
        assert japanese not in body, japanese


@pytest.mark.django_db
@pytest.mark.parametrize("code", SITE_LANGUAGES)
def test_every_language_home_page_has_its_own_chrome(client, home_page, compiled_catalogues, code):
    """The header and footer come out in the reader's language, never in Japanese
    where a translation exists."""
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    body = re.sub(r"<rt>.*?</rt>|</?ruby>", "", response.content.decode())  # Easy Japanese
    for msgid in ["本文へスキップ", "会員ログイン", "事務局・お問い合わせ"]:
        assert translated(code, msgid) in body, (code, msgid)
        if translated(code, msgid) != msgid:
            assert msgid not in body, (code, msgid)


@pytest.mark.skipif("en" not in SITE_LANGUAGES, reason="English is not a language of the site yet")
def test_fiscal_year_labels_follow_the_language(compiled_catalogues):
    """The reports' year filter: Japanese era years, romanised on English pages."""
    assert fiscal_year_label(2024) == "令和6年度（2024年度）"
    with translation.override("en"):
        assert fiscal_year_label(2024) == "FY2024 (Reiwa 6)"
        assert fiscal_year_label(2019) == "FY2019 (Reiwa 1)"
        assert fiscal_year_label(1990) == "FY1990 (Heisei 2)"
