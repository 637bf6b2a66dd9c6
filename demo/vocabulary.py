"""The demo's translations of the vocabularies and subcommittees (``vocabulary.yaml``).

Each row gets, in its ``translations`` column, the languages it has no text in
yet: a translation an editor wrote is kept. The vocabularies themselves come
from organisations' migration 0002, the troubles (困りごと) from support's
migration 0002 and the subcommittees from ``subcommittees.yaml``; a name the
file gives that no vocabulary row has is an error in the file, reported with
the name.
"""

from django.conf import settings
from django.db import transaction

from organisations.models import ActivityGroup, ActivityType, TargetGroup
from subcommittees.models import Subcommittee
from support.models import Trouble

from .files import DemoDataError, read, text

LANGUAGES = {code for code, _name in settings.LANGUAGES} - {settings.LANGUAGE_CODE}
VOCABULARIES = {
    "activity_groups": (ActivityGroup, "name"),
    "activity_types": (ActivityType, "name"),
    "target_groups": (TargetGroup, "name"),
    "subcommittees": (Subcommittee, "slug"),
    "troubles": (Trouble, "slug"),
}


def _texts(model, language, value):
    """{field: text} of one language, checked against the site's languages."""
    if language not in LANGUAGES:
        raise DemoDataError(f"vocabulary.yaml: {language!r} is not one of the site's languages.")
    if isinstance(value, dict):
        return {field: text(value[field]) for field in model.TRANSLATED_FIELDS}
    return {"name": text(value)}


def translations():
    """{section: {key: {language: {field: text}}}} as the file gives them."""
    data = read("vocabulary.yaml")
    return {
        section: {
            text(key): {
                language: _texts(model, language, value)
                for language, value in (languages or {}).items()
            }
            for key, languages in (data.get(section) or {}).items()
        }
        for section, (model, _lookup) in VOCABULARIES.items()
    }


def ensure_translations(stdout=None):
    """Add the file's translations to the rows that lack them; returns rows changed."""
    changed = 0
    with transaction.atomic():
        for section, rows in translations().items():
            model, lookup = VOCABULARIES[section]
            found = {
                getattr(row, lookup): row for row in model.objects.filter(**{f"{lookup}__in": rows})
            }
            for key, languages in rows.items():
                row = found.get(key)
                if row is None:
                    if section in ("subcommittees", "troubles"):
                        continue  # not created by this run, or renamed by the secretariat
                    raise DemoDataError(f"vocabulary.yaml: no {model.__name__} named {key!r}.")
                stored = dict(row.translations or {})
                missing = {lang: texts for lang, texts in languages.items() if not stored.get(lang)}
                if missing:
                    row.translations = {**stored, **missing}
                    row.save(update_fields=["translations"])
                    changed += 1
    if stdout is not None:
        stdout.write(f"  分類・分科会の翻訳 / vocabulary translations   更新 updated {changed:>2}")
    return changed
