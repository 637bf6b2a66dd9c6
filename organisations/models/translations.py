"""Translations of an organisation's profile text (issue 6: foreign residents).

Only the two free texts an organisation writes itself, its message and its
description, are translated: everything else on a profile is either a name
(never translated) or a label from the site's catalogues. The organisation's
admin or the secretariat write a translation per language; the secretariat can
also start a machine translation, which the profile then marks as such.

A translation remembers a digest of the Japanese text it was made from, so
the profile can say when the Japanese has changed since (``is_outdated``).
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisations import Organisation

# Translations may run longer than the Japanese they translate (an English
# sentence takes two to three times as many characters): the limits are the
# Japanese fields' (1,000 and 3,000) times three.
MESSAGE_MAX_LENGTH = 3000
DESCRIPTION_MAX_LENGTH = 9000


def translation_languages():
    """(code, name) of every language a profile can be translated into: all but Japanese."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def source_digest(organisation):
    """A digest of the Japanese message and description, to tell when they change."""
    text = f"{organisation.message}\x00{organisation.description}"
    return hashlib.sha256(text.encode()).hexdigest()


class OrganisationTranslation(models.Model):
    """The message and description of one organisation in one language."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("言語"), max_length=15, choices=translation_languages)
    message = models.TextField(_("メッセージ"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    description = models.TextField(_("団体の紹介"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    machine_translated = models.BooleanField(_("機械翻訳"), default=False)
    translator = models.CharField(_("翻訳エンジン"), max_length=50, blank=True)
    source_digest = models.CharField(
        _("翻訳元の日本語のダイジェスト"), max_length=64, editable=False
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("更新した人"),
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        ordering = ["organisation", "language"]
        verbose_name = _("団体紹介の翻訳")
        verbose_name_plural = _("団体紹介の翻訳")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "language"], name="unique_org_translation_language"
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.language})"

    @property
    def is_outdated(self):
        """True when the Japanese text changed after this translation was made."""
        return self.source_digest != source_digest(self.organisation)

    @property
    def language_name(self):
        return dict(settings.LANGUAGES).get(self.language, self.language)
