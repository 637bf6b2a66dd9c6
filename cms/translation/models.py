from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.snippets.models import register_snippet


class AutoTranslateMode(models.TextChoices):
    OFF = "off", _("自動翻訳しない")
    DRAFT = "draft", _("下書きとして作成し、確認してから公開")
    PUBLISH = "publish", _("機械翻訳の表示つきですぐに公開")


def machine_languages():
    """The languages a machine can translate into (not Japanese, not Easy Japanese)."""
    return [
        (code, name)
        for code, name in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE and not code.startswith("ja-")
    ]


@register_setting(icon="globe")
class MachineTranslationSettings(BaseSiteSetting):
    """Which languages a published Japanese page is machine-translated into.

    One choice per language (field ``mode_<code>``): off, a draft for review,
    or published with the machine-translation notice. Easy Japanese is always
    written by hand, so it has no field.
    """

    mode_en = models.CharField(
        "English", max_length=10, choices=AutoTranslateMode.choices, default=AutoTranslateMode.OFF
    )
    mode_zh_hans = models.CharField(
        "中文(简体)",
        max_length=10,
        choices=AutoTranslateMode.choices,
        default=AutoTranslateMode.OFF,
    )
    mode_ko = models.CharField(
        "한국어", max_length=10, choices=AutoTranslateMode.choices, default=AutoTranslateMode.OFF
    )
    mode_vi = models.CharField(
        "Tiếng Việt",
        max_length=10,
        choices=AutoTranslateMode.choices,
        default=AutoTranslateMode.OFF,
    )
    mode_tl = models.CharField(
        "Tagalog", max_length=10, choices=AutoTranslateMode.choices, default=AutoTranslateMode.OFF
    )
    mode_pt_br = models.CharField(
        "Português", max_length=10, choices=AutoTranslateMode.choices, default=AutoTranslateMode.OFF
    )
    mode_es = models.CharField(
        "Español", max_length=10, choices=AutoTranslateMode.choices, default=AutoTranslateMode.OFF
    )
    mode_th = models.CharField(
        "ภาษาไทย", max_length=10, choices=AutoTranslateMode.choices, default=AutoTranslateMode.OFF
    )
    mode_ne = models.CharField(
        "नेपाली", max_length=10, choices=AutoTranslateMode.choices, default=AutoTranslateMode.OFF
    )
    mode_id = models.CharField(
        "Bahasa Indonesia",
        max_length=10,
        choices=AutoTranslateMode.choices,
        default=AutoTranslateMode.OFF,
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("mode_en"),
                FieldPanel("mode_zh_hans"),
                FieldPanel("mode_ko"),
                FieldPanel("mode_vi"),
                FieldPanel("mode_tl"),
                FieldPanel("mode_pt_br"),
                FieldPanel("mode_es"),
                FieldPanel("mode_th"),
                FieldPanel("mode_ne"),
                FieldPanel("mode_id"),
            ],
            heading=_("日本語のページを公開したときに機械翻訳する言語"),
        )
    ]

    class Meta:
        verbose_name = _("機械翻訳の設定")

    def mode_for(self, code):
        return getattr(self, "mode_" + code.replace("-", "_"), AutoTranslateMode.OFF)

    def enabled_languages(self):
        """[(code, mode)] for every language that is not off."""
        return [
            (code, self.mode_for(code))
            for code, _name in machine_languages()
            if self.mode_for(code) != AutoTranslateMode.OFF
        ]


class MachineTranslation(models.Model):
    """Marks a page as machine-translated until a person publishes it.

    The page then shows a notice with a link to the Japanese original.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="machine_translation"
    )
    translator = models.CharField(_("翻訳エンジン"), max_length=50)
    created_at = models.DateTimeField(_("作成日時"), auto_now=True)

    class Meta:
        verbose_name = _("機械翻訳されたページ")
        verbose_name_plural = _("機械翻訳されたページ")

    def __str__(self):
        return f"{self.page_id} ({self.translator})"


class PartialTranslation(models.Model):
    """Marks a published translation that still shows Japanese segments.

    wagtail-localize publishes a translation with the segments nobody has
    translated yet in the source language (Japanese). The counts are taken
    when the translation is published (signals.check_translation_progress),
    so they describe the live page, not the editor's unpublished work; the
    row is removed once a publication has every segment translated. Pages
    written by hand (no wagtail-localize translation) never have a row.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="partial_translation"
    )
    total_segments = models.PositiveIntegerField(_("翻訳する部分の数"))
    translated_segments = models.PositiveIntegerField(_("翻訳された部分の数"))
    checked_at = models.DateTimeField(_("確認日時"), auto_now=True)

    class Meta:
        verbose_name = _("翻訳が途中のページ")
        verbose_name_plural = _("翻訳が途中のページ")

    def __str__(self):
        return f"{self.page_id} ({self.translated_segments}/{self.total_segments})"


def translation_flags(page):
    """(machine-translated, partly untranslated) for ``page``.

    The ids of such pages are read once per page-cache version (both models
    are watched: a new machine translation bumps it), not once a page.
    """
    from cms import page_cache

    machine, partial = page_cache.memo(
        "translation-flags",
        lambda: (
            frozenset(MachineTranslation.objects.values_list("page_id", flat=True)),
            frozenset(PartialTranslation.objects.values_list("page_id", flat=True)),
        ),
    )
    return page.pk in machine, page.pk in partial


@register_snippet
class FuriganaReading(models.Model):
    """An editor's correction of a reading, used wherever furigana are shown.

    For one place only, write it in the text instead: 市場《いちば》.
    """

    word = models.CharField(_("語"), max_length=50, unique=True, help_text=_("例：市場"))
    reading = models.CharField(_("読み（ひらがな）"), max_length=100, help_text=_("例：いちば"))

    panels = [FieldPanel("word"), FieldPanel("reading")]

    class Meta:
        verbose_name = _("ふりがなの読み")
        verbose_name_plural = _("ふりがなの読み")
        ordering = ["word"]

    def __str__(self):
        return f"{self.word}《{self.reading}》"


def furigana_overrides():
    return dict(FuriganaReading.objects.values_list("word", "reading"))
