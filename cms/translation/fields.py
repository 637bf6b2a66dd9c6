"""Names that are database rows, in the reader's language (issue 16).

The shared vocabularies (activity types, target groups) and a subcommittee's
name and theme are rows the secretariat edits, not strings in code, so
gettext cannot translate them. Each such model keeps its translations beside
the Japanese text, in one JSON column:

    translations = {"vi": {"name": "Trẻ em"}, "ja-x-easy": {"name": "こども"}, ...}

Why a column rather than wagtail-localize's translatable snippets: those are
one row per language, so every query, every foreign key and every filter
would have to pick the Japanese row (or the ids of a filtered URL would
differ by language), and a subcommittee (members, forum, meetings) cannot be
copied per language at all. Here the row, its id and its foreign keys stay
one; only the text shown changes. A missing translation falls back to
Japanese (Easy Japanese first for its readers, then Japanese), like a page.

``TranslatedFieldsMixin`` is the abstract model; ``translations_form_fields``
and ``TranslationsFormMixin`` give the admin form one field per language.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def translation_languages():
    """(code, name) of every language a row can be translated into: all but Japanese."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class TranslatedFieldsMixin(models.Model):
    """Text columns with their translations; ``translated(field)`` reads them.

    A subclass names its translated columns in ``TRANSLATED_FIELDS``.
    """

    TRANSLATED_FIELDS: tuple[str, ...] = ("name",)

    translations = models.JSONField(
        _("翻訳"),
        default=dict,
        blank=True,
        help_text=_("言語ごとの表記。空の言語では日本語を表示します。"),
    )

    class Meta:
        abstract = True

    def translated(self, field, language=None):
        """``field`` in ``language`` (the active one by default), else in Japanese."""
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        text = ((self.translations or {}).get(language) or {}).get(field)
        if isinstance(text, str) and text.strip():
            return text
        return getattr(self, field)

    @property
    def translated_name(self):
        return self.translated("name")


def _form_field_name(language, field):
    return f"translation_{language.replace('-', '_')}_{field}"


class TranslationsFormMixin:
    """A model form mixin: one optional text field per language and translated column.

    Mixed into the admin forms of the models above; the fields come after the
    model's own, each labelled with the column and the language's own name,
    and they are saved into ``instance.translations``.
    """

    translation_max_length = 200

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        stored = self.instance.translations or {}
        for language, language_name in translation_languages():
            for field in model.TRANSLATED_FIELDS:
                verbose = model._meta.get_field(field).verbose_name
                self.fields[_form_field_name(language, field)] = forms.CharField(
                    label=f"{verbose}（{language_name}）",
                    required=False,
                    max_length=self.translation_max_length,
                    initial=(stored.get(language) or {}).get(field, ""),
                )

    def _post_clean(self):
        translations = {}
        for language, _name in translation_languages():
            texts = {}
            for field in self._meta.model.TRANSLATED_FIELDS:
                text = (self.cleaned_data.get(_form_field_name(language, field)) or "").strip()
                if text:
                    texts[field] = text
            if texts:
                translations[language] = texts
        self.instance.translations = translations
        super()._post_clean()
