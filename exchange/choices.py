from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    NEED = "need", _("ニーズ（求めていること）")
    OFFER = "offer", _("シーズ（提供できること）")

    @property
    def opposite(self):
        return Kind.OFFER if self == Kind.NEED else Kind.NEED


class ResourceType(models.TextChoices):
    """What is needed or offered: seed 001's 人・場所・物・金・知識・情報."""

    PEOPLE = "people", _("人（ボランティア・担い手）")
    PLACE = "place", _("場所")
    GOODS = "goods", _("物")
    MONEY = "money", _("資金")
    KNOWLEDGE = "knowledge", _("知識・技術")
    INFORMATION = "information", _("情報")
    OTHER = "other", _("その他")


class Status(models.TextChoices):
    DRAFT = "draft", _("下書き")
    OPEN = "open", _("募集中")
    CLOSED = "closed", _("終了")
    MET = "met", _("解決済み")


class Audience(models.TextChoices):
    MEMBERS = "members", _("会員だけに公開")
    PUBLIC = "public", _("どなたにも公開")


class Stage(models.TextChoices):
    """A match's life: suggested → contacted → agreed → done."""

    SUGGESTED = "suggested", _("提案")
    CONTACTED = "contacted", _("連絡済み")
    AGREED = "agreed", _("協力が決まった")
    DONE = "done", _("完了")


class ThreadKind(models.TextChoices):
    CAN_HELP = "can_help", _("協力できます")
    INTERESTED = "interested", _("関心があります")
    INTRODUCTION = "introduction", _("事務局からの紹介")


class DigestChoice(models.TextChoices):
    DAILY = "daily", _("1日1回まとめて受け取る")
    NONE = "none", _("メールを受け取らない")
