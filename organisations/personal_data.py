"""Personal data in organisations (privacy.registry): memberships, applications, invitations.

An organisation's own details (its name, its office's address) are not a
person's; its contact person's name, telephone and e-mail, and its
representative's name, are, and go with the organisation's record.
"""

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from organisations import access
from organisations.choices import ApplicationStatus, MembershipRole
from organisations.models import (
    Application,
    Membership,
    Organisation,
    OrganisationTranslation,
    ProfileChange,
    RegisterImport,
    StaffInvitation,
)
from organisations.services import applications
from privacy import registry

ORGANISATION_RECORD = registry.Retention(
    _("団体の登録がある間。退会・除名の後は事務局が名簿の保存期間に従って消去します。"),
    since="organisation",
)
APPLICATION_RECORD = registry.Retention(
    _(
        "メール確認のない申込は30日で自動消去。審査した申込は団体の登録記録として保存し、"
        "申込者の削除の申し出で担当者欄を消去します。"
    ),
    days=applications.UNCONFIRMED_RETENTION_DAYS,
    since="submitted",
)
INVITATION_RECORD = registry.Retention(
    _("招待の有効期限まで。受け入れられなかった招待は期限の後の毎日の処理で消去します。"),
    days=0,
    since="expiry",
)

registry.register(Membership, ["user"], purpose=_("会員団体のスタッフと役割"))
registry.register(
    StaffInvitation,
    ["email", "invited_by"],
    retention=INVITATION_RECORD,
    purpose=_("スタッフの招待"),
)
registry.register(ProfileChange, ["user"], purpose=_("団体情報の変更届（変更した人）"))
registry.register(OrganisationTranslation, ["updated_by"], purpose=_("団体情報の翻訳を更新した人"))
registry.register(RegisterImport, ["created_by"], purpose=_("名簿を取り込んだ事務局の担当者"))
registry.register(
    Organisation,
    ["representative", "contact_name", "phone", "email"],
    retention=ORGANISATION_RECORD,
    purpose=_("団体の代表者と連絡担当者"),
)
registry.not_personal(
    Organisation,
    ["name", "name_kana", "postcode", "street_address"],
    reason="the organisation's own name and office address",
)
registry.not_personal(
    Organisation,
    [
        "street_address_visibility",
        "contact_name_visibility",
        "phone_visibility",
        "email_visibility",
    ],
    reason="who may see a field: a setting, not data",
)
registry.register(
    Application,
    [
        "representative",
        "applicant_name",
        "applicant_name_kana",
        "applicant_email",
        "applicant_phone",
        "email_token_hash",
        "email_confirmed_at",
        "decided_by",
    ],
    retention=APPLICATION_RECORD,
    purpose=_("入会申込の審査と連絡"),
)
registry.not_personal(
    Application,
    ["name", "name_kana", "postcode", "street_address"],
    reason="the applying organisation's own name and office address",
)
registry.not_personal("organisations.ActivityGroup", ["name"], reason="taxonomy term")
registry.not_personal("organisations.ActivityType", ["name"], reason="taxonomy term")
registry.not_personal("organisations.TargetGroup", ["name"], reason="taxonomy term")
registry.not_personal("organisations.Prefecture", ["name", "name_en"], reason="place name")

registry.set_reviewers(check=access.is_secretariat, recipients=applications.secretariat_recipients)


# --- 開示 ------------------------------------------------------------------


@registry.exporter(
    "membership",
    _("所属団体と役割"),
    labels={
        "organisation": _("団体"),
        "role": _("役割"),
        "can_write_practices": _("取組事例を書ける"),
        "created_at": _("登録日時"),
    },
    order=20,
)
def export_membership(user):
    return [
        {
            "organisation": membership.organisation.name,
            "role": membership.get_role_display(),
            "can_write_practices": membership.can_write_practices,
            "created_at": membership.created_at,
        }
        for membership in Membership.objects.filter(user=user).select_related("organisation")
    ]


def _addresses(user):
    from allauth.account.models import EmailAddress

    addresses = {user.email} if user.email else set()
    addresses |= set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    return addresses


def _any_email(field, addresses):
    query = Q(pk__in=[])
    for address in addresses:
        query |= Q(**{f"{field}__iexact": address})
    return query


def applications_of(user):
    addresses = _addresses(user)
    if not addresses:
        return Application.objects.none()
    return Application.objects.filter(_any_email("applicant_email", addresses))


def invitations_of(user):
    addresses = _addresses(user)
    if not addresses:
        return StaffInvitation.objects.none()
    return StaffInvitation.objects.filter(_any_email("email", addresses))


@registry.exporter(
    "applications",
    _("入会申込"),
    labels={
        "organisation_name": _("団体名"),
        "status": _("状態"),
        "submitted_at": _("申込日時"),
        "applicant_name": _("担当者名"),
        "applicant_name_kana": _("担当者名（カナ）"),
        "applicant_email": _("担当者のメールアドレス"),
        "applicant_phone": _("担当者の電話番号"),
        "representative": _("代表者（役職・氏名）"),
        "decided_at": _("決定日時"),
    },
    order=21,
)
def export_applications(user):
    return [
        {
            "organisation_name": application.name,
            "status": application.get_status_display(),
            "submitted_at": application.submitted_at,
            "applicant_name": application.applicant_name,
            "applicant_name_kana": application.applicant_name_kana,
            "applicant_email": application.applicant_email,
            "applicant_phone": application.applicant_phone,
            "representative": application.representative,
            "decided_at": application.decided_at,
        }
        for application in applications_of(user).order_by("submitted_at", "pk")
    ]


@registry.exporter(
    "staff_invitations",
    _("スタッフへの招待"),
    labels={
        "organisation": _("団体"),
        "email": _("メールアドレス"),
        "role": _("役割"),
        "created_at": _("招待日時"),
        "expires_at": _("有効期限"),
        "accepted_at": _("受け入れた日時"),
    },
    order=22,
)
def export_invitations(user):
    return [
        {
            "organisation": invitation.organisation.name,
            "email": invitation.email,
            "role": invitation.get_role_display(),
            "created_at": invitation.created_at,
            "expires_at": invitation.expires_at,
            "accepted_at": invitation.accepted_at,
        }
        for invitation in invitations_of(user).select_related("organisation").order_by("pk")
    ]


@registry.exporter(
    "profile_changes",
    _("団体情報の変更届（あなたが変更したもの）"),
    labels={"organisation": _("団体"), "changed_at": _("日時"), "changes": _("変更内容")},
    order=23,
)
def export_profile_changes(user):
    return [
        {
            "organisation": change.organisation.name,
            "changed_at": change.changed_at,
            "changes": change.changes,
        }
        for change in ProfileChange.objects.filter(user=user)
        .select_related("organisation")
        .order_by("changed_at", "pk")
    ]


# --- 削除 ------------------------------------------------------------------


@registry.blocker
def only_admin(user):
    """An organisation must not be left without an admin: transfer the role first."""
    reasons = []
    for membership in Membership.objects.filter(
        user=user, role=MembershipRole.ADMIN
    ).select_related("organisation"):
        other_admins = (
            Membership.objects.filter(
                organisation=membership.organisation, role=MembershipRole.ADMIN
            )
            .exclude(pk=membership.pk)
            .exists()
        )
        if not other_admins:
            reasons.append(
                gettext(
                    "あなたは「%(organisation)s」のただ一人の団体管理者です。"
                    "削除の前に、「マイ団体」のスタッフ管理で団体管理者を別のスタッフに"
                    "引き継いでください（団体が退会する場合は退会届を出してください）。"
                )
                % {"organisation": membership.organisation.name}
            )
    return reasons


@registry.eraser(order=100)
def erase_organisation_data(user):
    neutral = gettext("退会したユーザー")
    addresses = _addresses(user)
    Membership.objects.filter(user=user).delete()
    # Their invitations go; invitations they sent stay with the organisation.
    invitations_of(user).delete()
    # The organisation's audit trail stays, without the person.
    ProfileChange.objects.filter(user=user).update(user=None)
    for address in addresses:
        for change in ProfileChange.objects.filter(changes__icontains=address):
            change.changes = _replace(change.changes, address, neutral)
            change.save(update_fields=["changes"])
    # Applications they filed: undecided ones are withdrawn; decided ones are
    # the organisation's registration record and keep it, without the person.
    mine = applications_of(user)
    undecided = mine.filter(status__in=[ApplicationStatus.UNCONFIRMED, ApplicationStatus.SUBMITTED])
    for application in undecided:
        if application.recommendation_letter:
            application.recommendation_letter.delete(save=False)
        application.delete()
    mine.update(
        applicant_name=neutral,
        applicant_name_kana="",
        applicant_email="",
        applicant_phone="",
        email_token_hash="",
    )
    Application.objects.filter(decided_by=user).update(decided_by=None)
    OrganisationTranslation.objects.filter(updated_by=user).update(updated_by=None)
    RegisterImport.objects.filter(created_by=user).update(created_by=None)
    StaffInvitation.objects.filter(invited_by=user).update(invited_by=None)


def _replace(value, address, neutral):
    if isinstance(value, str):
        return neutral if value.lower() == address.lower() else value.replace(address, neutral)
    if isinstance(value, list):
        return [_replace(item, address, neutral) for item in value]
    if isinstance(value, dict):
        return {key: _replace(item, address, neutral) for key, item in value.items()}
    return value


# --- Retention -------------------------------------------------------------


@registry.purger(
    "unconfirmed_applications",
    retention=registry.Retention(
        _("メール確認のない入会申込は30日"),
        days=applications.UNCONFIRMED_RETENTION_DAYS,
        since="submitted",
    ),
)
def purge_applications(now, dry_run=False):
    return applications.purge_unconfirmed_applications(now=now, dry_run=dry_run)


@registry.purger("staff_invitations", retention=INVITATION_RECORD)
def purge_invitations(now, dry_run=False):
    expired = StaffInvitation.objects.filter(accepted_at__isnull=True, expires_at__lt=now)
    if dry_run:
        return expired.count()
    deleted, _rows = expired.delete()
    return deleted
