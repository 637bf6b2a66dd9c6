"""The shared vocabularies: activity types, target groups and prefectures.

Loaded by migration 0002 from the national classification (5 activity groups
with 13 items, 17 target groups, 47 prefectures); the secretariat can rename,
reorder and add items in the admin, and translate their names (the
``translations`` column, cms.translation.fields): templates show
``translated_name``, the reader's language or Japanese.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.translation.fields import TranslatedFieldsMixin


class OrderedVocabulary(models.Model):
    name = models.CharField(_("名称"), max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("並び順"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name


class TranslatedVocabulary(TranslatedFieldsMixin, OrderedVocabulary):
    """A vocabulary whose names are translated: its string is the reader's language."""

    class Meta(OrderedVocabulary.Meta):
        abstract = True

    def __str__(self):
        return self.translated_name


class ActivityGroup(TranslatedVocabulary):
    class Meta(OrderedVocabulary.Meta):
        verbose_name = _("取組の種類（大分類）")
        verbose_name_plural = _("取組の種類（大分類）")


class ActivityType(TranslatedVocabulary):
    group = models.ForeignKey(
        ActivityGroup, on_delete=models.PROTECT, related_name="items", verbose_name=_("大分類")
    )

    class Meta(OrderedVocabulary.Meta):
        ordering = ["group__sort_order", "sort_order", "pk"]
        verbose_name = _("取組の種類")
        verbose_name_plural = _("取組の種類")


class TargetGroup(TranslatedVocabulary):
    class Meta(OrderedVocabulary.Meta):
        verbose_name = _("取組の対象")
        verbose_name_plural = _("取組の対象")


class Prefecture(models.Model):
    code = models.CharField(
        _("都道府県コード"), max_length=2, unique=True, help_text=_("JIS X 0401 の2桁")
    )
    name = models.CharField(_("名称"), max_length=10, unique=True)
    name_en = models.CharField(_("英語名"), max_length=20)

    class Meta:
        ordering = ["code"]
        verbose_name = _("都道府県")
        verbose_name_plural = _("都道府県")

    def __str__(self):
        return self.name

    @property
    def short_name(self):
        """ "八幡浜" style: the name without 都/道/府/県 (北海道 stays whole)."""
        return self.name if self.name == "北海道" else self.name[:-1]
