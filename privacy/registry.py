"""The inventory of personal data (APPI): where it is, how long it stays, how it leaves.

Every app declares what it holds in its own ``personal_data.py`` (loaded by
``privacy.apps.PrivacyConfig.ready``, like Django's admin autodiscovery), so
this module knows no domain model:

- ``register(model, fields, retention=...)``: fields holding personal data,
  with their retention rule (text for people, a period for machines);
- ``not_personal(model, fields, reason=...)``: fields whose names look
  personal but are not (an organisation's name, a taxonomy's name);
- ``@exporter(key, title)``: a section of the member's own data (開示), as
  rows of plain values;
- ``@eraser(order)``: what deletion does to the rows of one app (削除);
- ``@blocker``: reasons that stop a deletion for now (an organisation's only
  admin);
- ``@purger(key, retention=...)``: the periodic removal of expired rows;
- ``set_reviewers(...)``: who confirms deletion requests (the 事務局).

``unregistered_fields`` is the completeness check the tests run over every
model of our own apps: a field with a personal-looking name or type that is
neither registered nor declared not personal fails it.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Retention:
    """How long data is kept: ``rule`` for people, ``days`` after ``since`` for machines.

    ``days=None`` means "while the account exists": the data goes when a
    deletion request is confirmed.
    """

    rule: str
    days: int | None = None
    since: str = "account"

    def as_dict(self):
        return {"rule": str(self.rule), "days": self.days, "since": self.since}


WHILE_ACCOUNT = Retention(
    _("アカウントがある間。削除の申し出を事務局が確認したときに消去または匿名化します。"),
)


@dataclass(frozen=True)
class FieldEntry:
    model: str  # app_label.ModelName
    field: str
    retention: Retention
    purpose: str = ""


@dataclass(frozen=True)
class Section:
    """One part of the export: ``export(user)`` returns a list of dicts of plain values."""

    key: str
    title: str
    export: object
    labels: dict = field(default_factory=dict)
    order: int = 100


@dataclass(frozen=True)
class Purger:
    key: str
    purge: object  # purge(now) -> number of rows removed
    retention: Retention


_fields = {}  # (label, field) -> FieldEntry
_not_personal = {}  # (label, field) -> reason
_sections = {}
_erasers = []  # (order, name, function)
_blockers = []
_purgers = {}
_reviewers = {"check": None, "recipients": None}


def _label(model):
    return model if isinstance(model, str) else model._meta.label


def register(model, fields, *, retention=WHILE_ACCOUNT, purpose=""):
    label = _label(model)
    for name in fields:
        _fields[(label, name)] = FieldEntry(label, name, retention, purpose)


def not_personal(model, fields, *, reason):
    label = _label(model)
    for name in fields:
        _not_personal[(label, name)] = reason


def exporter(key, title, *, labels=None, order=100):
    def decorator(function):
        _sections[key] = Section(key, title, function, dict(labels or {}), order)
        return function

    return decorator


def eraser(order=100):
    def decorator(function):
        if all(existing is not function for _, _, existing in _erasers):
            _erasers.append((order, f"{function.__module__}.{function.__qualname__}", function))
            _erasers.sort(key=lambda item: (item[0], item[1]))
        return function

    return decorator


def blocker(function):
    if function not in _blockers:
        _blockers.append(function)
    return function


def purger(key, *, retention):
    def decorator(function):
        _purgers[key] = Purger(key, function, retention)
        return function

    return decorator


def set_reviewers(*, check, recipients):
    """``check(user)``: may confirm deletions; ``recipients()``: users told of a new request."""
    _reviewers["check"] = check
    _reviewers["recipients"] = recipients


# --- Reading the registry -------------------------------------------------


def fields():
    return sorted(_fields.values(), key=lambda entry: (entry.model, entry.field))


def is_registered(model, name):
    key = (_label(model), name)
    return key in _fields or key in _not_personal


def sections():
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


def erasers():
    return [function for _, _, function in _erasers]


def blockers():
    return list(_blockers)


def purgers():
    return [_purgers[key] for key in sorted(_purgers)]


def may_review(user):
    if not (user.is_authenticated and user.is_active):
        return False
    check = _reviewers["check"]
    return bool(user.is_superuser or (check is not None and check(user)))


def reviewer_recipients():
    recipients = _reviewers["recipients"]
    return list(recipients()) if recipients is not None else []


# --- The completeness check ---------------------------------------------

PERSONAL_WORDS = {
    "email", "mail", "phone", "tel", "telephone", "mobile", "fax", "name", "kana",
    "address", "postal", "postcode", "zip", "ip", "birth", "birthday", "contact",
    "person", "representative", "username", "applicant",
}  # fmt: skip
PERSONAL_PARTS = re.compile(r"e?mail|phone|address|birth|contact|person|postal|username")


def looks_personal(model_field):
    """A field whose name or type suggests it may hold a person's data."""
    if isinstance(model_field, models.EmailField | models.GenericIPAddressField):
        return True
    if model_field.is_relation and model_field.related_model is not None:
        related = model_field.related_model
        if not isinstance(related, str) and related._meta.label == settings.AUTH_USER_MODEL:
            return True
    name = model_field.name.lower()
    return bool(set(name.split("_")) & PERSONAL_WORDS or PERSONAL_PARTS.search(name))


def own_fields(model):
    """The fields a model itself declares (not those of a multi-table parent such as Page)."""
    opts = model._meta
    return [f for f in (*opts.local_fields, *opts.local_many_to_many) if not f.auto_created]


def unregistered_fields(model_list):
    """(label, field name) for every personal-looking field neither registered nor exempt."""
    missing = []
    for model in model_list:
        if model._meta.proxy:
            continue
        for model_field in own_fields(model):
            if looks_personal(model_field) and not is_registered(model, model_field.name):
                missing.append((model._meta.label, model_field.name))
    return missing


def our_app_configs():
    """The apps whose code is in this project (not in a virtualenv)."""
    base = Path(settings.BASE_DIR).resolve()
    ours = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if base in path.parents and ".venv" not in path.parts and "site-packages" not in path.parts:
            ours.append(config)
    return ours


def our_models():
    return [model for config in our_app_configs() for model in config.get_models()]


def unknown_registrations():
    """Registered (label, field) pairs naming no existing field: typos and removed fields."""
    unknown = []
    for label, name in [*_fields, *_not_personal]:
        try:
            model = apps.get_model(label)
        except LookupError:
            unknown.append((label, name))
            continue
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            unknown.append((label, name))
    return sorted(unknown)
