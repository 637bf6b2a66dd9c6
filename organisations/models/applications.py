from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.choices import ApplicationStatus, LegalForm, Tier
from organisations.validators import (
    http_url_validator,
    phone_validator,
    postcode_validator,
    validate_kana,
)

from .organisations import Organisation
from .taxonomy import ActivityType, Prefecture, TargetGroup


def recommendation_upload_to(instance, filename):
    # Never the uploaded name: it may hold personal data or path tricks.
    from uuid import uuid4

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"private/applications/{uuid4().hex}.{extension}"


class Application(models.Model):
    """A membership application (入会申込書) with its recommendation (推薦書).

    Nothing here is public. The applicant confirms their e-mail address first;
    only then does the secretariat see it in its queue.
    """

    status = models.CharField(
        _("状態"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.UNCONFIRMED,
        db_index=True,
    )
    # The organisation
    name = models.CharField(_("団体名"), max_length=200)
    name_kana = models.CharField(
        _("団体名（ふりがな）"), max_length=200, validators=[validate_kana]
    )
    legal_form = models.CharField(_("法人格"), max_length=40, choices=LegalForm.choices)
    representative = models.CharField(_("代表者（役職・氏名）"), max_length=100)
    founded_on = models.DateField(_("設立年月日"), null=True, blank=True)
    staff_count = models.PositiveIntegerField(_("スタッフ数"), null=True, blank=True)
    postcode = models.CharField(_("郵便番号"), max_length=8, validators=[postcode_validator])
    prefecture = models.ForeignKey(
        Prefecture, on_delete=models.PROTECT, related_name="+", verbose_name=_("都道府県")
    )
    municipality = models.CharField(_("市区町村"), max_length=50)
    street_address = models.CharField(_("番地・建物名"), max_length=200)
    website = models.URLField(
        _("ウェブサイト"), max_length=300, blank=True, validators=[http_url_validator]
    )
    areas_prefectures = models.ManyToManyField(
        Prefecture, blank=True, related_name="+", verbose_name=_("取組地域（都道府県）")
    )
    areas_municipalities = models.CharField(_("取組地域（市区町村）"), max_length=500, blank=True)
    main_activity_types = models.ManyToManyField(
        ActivityType, related_name="+", verbose_name=_("主な取組の種類（★）")
    )
    other_activity_types = models.ManyToManyField(
        ActivityType, blank=True, related_name="+", verbose_name=_("その他の取組の種類（☆）")
    )
    main_target_groups = models.ManyToManyField(
        TargetGroup, related_name="+", verbose_name=_("主な取組の対象（★）")
    )
    other_target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="+", verbose_name=_("その他の取組の対象（☆）")
    )
    activity_summary = models.TextField(_("孤独・孤立対策に関わる活動の内容"), max_length=2000)
    # The applicant
    applicant_name = models.CharField(_("担当者名"), max_length=100)
    applicant_name_kana = models.CharField(
        _("担当者名（ふりがな）"), max_length=100, validators=[validate_kana]
    )
    applicant_email = models.EmailField(_("担当者のメールアドレス"), max_length=254)
    applicant_phone = models.CharField(
        _("担当者の電話番号"), max_length=20, validators=[phone_validator]
    )
    # The language the applicant used on the site when applying: their
    # e-mails (confirmation, acceptance, decline) are in it until they have an
    # account whose own language (cms.mail.user_language) says otherwise.
    language = models.CharField(
        _("申込みの言語"), max_length=10, default=settings.LANGUAGE_CODE, editable=False
    )
    # Recommendation and declaration
    recommender = models.CharField(
        _("推薦者"),
        max_length=200,
        help_text=_("県、市町村、または幹事団体の名称"),
    )
    recommendation_letter = models.FileField(
        _("推薦書"),
        upload_to=recommendation_upload_to,
        blank=True,
    )
    declares_no_antisocial_ties = models.BooleanField(
        _("反社会的勢力に該当しないことの表明"), default=False
    )
    agrees_to_publication = models.BooleanField(
        _("団体情報の掲載・会員間共有への同意"), default=False
    )

    email_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("申込日時"), auto_now_add=True)
    decided_at = models.DateTimeField(_("決定日時"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("決定者"),
    )
    tier = models.CharField(_("会員区分"), max_length=20, choices=Tier.choices, blank=True)
    decline_reason = models.TextField(_("不承認の理由"), blank=True)
    secretariat_note = models.TextField(_("事務局メモ"), blank=True)
    organisation = models.OneToOneField(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
        verbose_name=_("登録された団体"),
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("入会申込")
        verbose_name_plural = _("入会申込")

    def __str__(self):
        return self.name
