from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisations.choices import LegalForm, OrganisationStatus, Tier, Visibility
from organisations.validators import (
    http_url_validator,
    phone_validator,
    postcode_validator,
    validate_kana,
)

from .taxonomy import ActivityType, Prefecture, TargetGroup


class OrganisationQuerySet(models.QuerySet):
    def listed(self):
        """Organisations anyone may see: active members only."""
        return self.filter(status=OrganisationStatus.ACTIVE)


class Organisation(models.Model):
    """A member organisation and its profile (団体概要)."""

    name = models.CharField(_("団体名"), max_length=200)
    name_kana = models.CharField(
        _("団体名（ふりがな）"),
        max_length=200,
        validators=[validate_kana],
        help_text=_("五十音順に並べるための読み。例：つながりささえあいのかい"),
    )
    slug = models.SlugField(_("URL用の名前"), max_length=80, unique=True, allow_unicode=False)
    legal_form = models.CharField(_("法人格"), max_length=40, choices=LegalForm.choices)
    tier = models.CharField(
        _("会員区分"), max_length=20, choices=Tier.choices, default=Tier.GENERAL
    )
    status = models.CharField(
        _("会員の状態"),
        max_length=20,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.ACTIVE,
        db_index=True,
    )
    representative = models.CharField(_("代表者（役職・氏名）"), max_length=100)
    founded_on = models.DateField(_("設立年月日"), null=True, blank=True)
    staff_count = models.PositiveIntegerField(_("スタッフ数"), null=True, blank=True)

    postcode = models.CharField(
        _("郵便番号"), max_length=8, validators=[postcode_validator], blank=True
    )
    prefecture = models.ForeignKey(
        Prefecture, on_delete=models.PROTECT, related_name="+", verbose_name=_("都道府県")
    )
    municipality = models.CharField(_("市区町村"), max_length=50)
    street_address = models.CharField(_("番地・建物名"), max_length=200, blank=True)
    street_address_visibility = models.CharField(
        _("番地・建物名の公開範囲"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    website = models.URLField(
        _("ウェブサイト"), max_length=300, blank=True, validators=[http_url_validator]
    )

    contact_name = models.CharField(_("担当者名"), max_length=100, blank=True)
    contact_name_visibility = models.CharField(
        _("担当者名の公開範囲"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    phone = models.CharField(_("電話番号"), max_length=20, blank=True, validators=[phone_validator])
    phone_visibility = models.CharField(
        _("電話番号の公開範囲"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    email = models.EmailField(_("メールアドレス"), max_length=254, blank=True)
    email_visibility = models.CharField(
        _("メールアドレスの公開範囲"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )

    message = models.TextField(
        _("メッセージ"),
        max_length=1000,
        blank=True,
        help_text=_("ネットワークの皆さんへの一言"),
    )
    description = models.TextField(_("団体の紹介"), max_length=3000, blank=True)
    areas_prefectures = models.ManyToManyField(
        Prefecture, blank=True, related_name="+", verbose_name=_("取組地域（都道府県）")
    )
    areas_municipalities = models.CharField(
        _("取組地域（市区町村）"),
        max_length=500,
        blank=True,
        help_text=_("読点（、）で区切って入力。例：八幡浜市、大洲市"),
    )
    activity_types = models.ManyToManyField(
        ActivityType,
        through="OrganisationActivity",
        related_name="organisations",
        verbose_name=_("取組の種類"),
    )
    target_groups = models.ManyToManyField(
        TargetGroup,
        through="OrganisationTarget",
        related_name="organisations",
        verbose_name=_("取組の対象"),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ロゴ"),
    )
    logo_alt_text = models.CharField(_("ロゴの代替テキスト"), max_length=200, blank=True)

    joined_on = models.DateField(_("入会日"), null=True, blank=True)
    left_on = models.DateField(_("退会・除名日"), null=True, blank=True)
    status_reason = models.TextField(_("状態変更の理由"), blank=True)
    withdrawal_requested_at = models.DateTimeField(_("退会届の提出日時"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("退会の理由"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name_kana", "pk"]
        verbose_name = _("会員団体")
        verbose_name_plural = _("会員団体")
        indexes = [models.Index(fields=["status", "name_kana"])]
        constraints = [
            models.UniqueConstraint(fields=["name", "prefecture"], name="unique_org_name_pref")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    @property
    def is_active(self):
        return self.status == OrganisationStatus.ACTIVE

    @property
    def municipalities_list(self):
        return [
            m.strip() for m in self.areas_municipalities.replace(",", "、").split("、") if m.strip()
        ]


class RankedLink(models.Model):
    """An organisation's activity type or target group, marked main (★) or not (☆)."""

    is_main = models.BooleanField(_("主な取組"), default=False)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{'★' if self.is_main else '☆'} {self.item}"


class OrganisationActivity(RankedLink):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="activities"
    )
    activity_type = models.ForeignKey(ActivityType, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "activity_type"], name="unique_org_activity"
            )
        ]

    @property
    def item(self):
        return self.activity_type


class OrganisationTarget(RankedLink):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="targets")
    target_group = models.ForeignKey(TargetGroup, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "target_group"], name="unique_org_target"
            )
        ]

    @property
    def item(self):
        return self.target_group


class OrganisationPhoto(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    alt_text = models.CharField(_("代替テキスト"), max_length=200)
    caption = models.CharField(_("キャプション"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("写真")

    def __str__(self):
        return self.alt_text


class ProfileChange(models.Model):
    """The audit trail of profile edits (変更届): who changed what, from what to what.

    Kept as our own table rather than Wagtail's ``ModelLogEntry`` (weighed in
    issue 13): a log entry could carry these fields in its ``data``, but
    Wagtail's History view shows neither the before/after values nor, for a
    model without revisions, a comment; it groups entries by request uuid
    across objects, so a register import logging many organisations in one
    request hides all but one organisation's entry; it opens to anyone with
    any organisations permission (this trail is the secretariat's only,
    ``access.can_read_audit_trail``); and its entries outlive the
    organisation, with the contact details in their values, where these rows
    go with it.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    changes = models.JSONField(_("変更内容"), default=dict)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("変更届")
        verbose_name_plural = _("変更届")

    def __str__(self):
        return f"{self.organisation} {self.changed_at:%Y-%m-%d %H:%M}"
