from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalForm(models.TextChoices):
    NPO = "npo", _("NPO法人")
    SOCIAL_WELFARE_CORPORATION = "social_welfare_corporation", _("社会福祉法人")
    SOCIAL_WELFARE_COUNCIL = "social_welfare_council", _("社会福祉協議会")
    FOUNDATION = "foundation", _("財団法人")
    ASSOCIATION = "association", _("社団法人")
    VOLUNTARY = "voluntary", _("任意団体")
    COMPANY = "company", _("民間企業")
    GOVERNMENT = "government", _("行政機関")
    COOPERATIVE = "cooperative", _("協同組合")
    OTHER = "other", _("その他")


class Tier(models.TextChoices):
    STEERING = "steering", _("幹事団体")
    GENERAL = "general", _("一般団体")


class OrganisationStatus(models.TextChoices):
    ACTIVE = "active", _("会員")
    SUSPENDED = "suspended", _("資格停止")
    WITHDRAWN = "withdrawn", _("退会")
    EXPELLED = "expelled", _("除名")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("一般公開")
    MEMBERS = "members", _("会員のみ")
    SECRETARIAT = "secretariat", _("事務局のみ")


class MembershipRole(models.TextChoices):
    ADMIN = "admin", _("団体管理者")
    STAFF = "staff", _("スタッフ")


class ApplicationStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("メール確認待ち")
    SUBMITTED = "submitted", _("審査待ち")
    ACCEPTED = "accepted", _("承認")
    DECLINED = "declined", _("不承認")
