"""List the messages of Wagtail and wagtail-localize a Japanese editor still sees in English.

    .venv/bin/python bench/admin_ja_untranslated.py [--js] [package ...]

A message is untranslated when neither the package's own ja catalogue nor
locale_overrides/ja (issue 14) translates it; the msgids come from the
package's en catalogue (its ja catalogue lists only what it translates).
Prints ``package<TAB>msgid`` (plural: ``msgid<TAB>msgid_plural``) for
whoever adds the next translations to locale_overrides/ja/LC_MESSAGES/django.po
(with --js: the scripts' messages, for djangojs.po beside it).
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SITE_PACKAGES = next((ROOT / ".venv" / "lib").glob("python3*/site-packages"))
OVERRIDES = ROOT / "locale_overrides" / "ja" / "LC_MESSAGES"
# What a secretariat editor meets, most used first.
PACKAGES = [
    "wagtail/admin",
    "wagtail",
    "wagtail_localize",
    "wagtail/documents",
    "wagtail/images",
    "wagtail/snippets",
    "wagtail/users",
    "wagtail/contrib/settings",
    "wagtail/locales",
    "wagtail/contrib/forms",
    "wagtail/contrib/redirects",
]


def catalogue(package, language, domain="django"):
    path = SITE_PACKAGES / package / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
    return polib.pofile(str(path)) if path.exists() else []


def translated(entries):
    return {
        (entry.msgctxt, entry.msgid)
        for entry in entries
        if not entry.obsolete and "fuzzy" not in entry.flags and entry.translated()
    }


def untranslated(package, done, domain="django"):
    own = translated(catalogue(package, "ja", domain))
    for entry in catalogue(package, "en", domain):
        key = (entry.msgctxt, entry.msgid)
        if not entry.obsolete and key not in own and key not in done:
            yield entry


def main(args):
    domain = "djangojs" if "--js" in args else "django"
    packages = [arg for arg in args if arg != "--js"]
    overrides = OVERRIDES / f"{domain}.po"
    done = translated(polib.pofile(str(overrides))) if overrides.exists() else set()
    for package in packages or PACKAGES:
        for entry in untranslated(package, done, domain):
            done.add((entry.msgctxt, entry.msgid))
            text = entry.msgid + (f"\t{entry.msgid_plural}" if entry.msgid_plural else "")
            context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
            print(f"{package}\t{context}{text!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
