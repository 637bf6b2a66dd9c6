"""Membership applications (入会申込): submit, confirm the e-mail, accept or decline.

    application, token = submit_application(form)        # status UNCONFIRMED
    confirm_application(application)                      # SUBMITTED; the 事務局 is told
    accept_application(application, Tier.GENERAL, user)   # organisation + admin account
    decline_application(application, "理由…", user)

Only a SHA-256 hash of the e-mail confirmation token is stored. Every e-mail
goes through the outbox (cms.mail) with a dedupe key, after the transaction
commits; decisions run once (a second call raises ApplicationError).
"""

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from wagtail.users.models import UserProfile

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str

from cms import site_address
from cms.mail import queue_email, render_email, render_email_for, user_language
from cms.slugs import slug_for, unique_slug
from cms.text import nfkc
from organisations.choices import (
    ApplicationStatus,
    MembershipRole,
    OrganisationStatus,
    Tier,
    Visibility,
)
from organisations.models import (
    Application,
    Membership,
    Organisation,
    OrganisationActivity,
    OrganisationTarget,
)

CONFIRMATION_DAYS = 7
SECRETARIAT_GROUP = "事務局"

# Legal-form words are dropped before names are compared, so that
# 「NPO法人 みらい」 and 「特定非営利活動法人みらい」 are the same organisation.
LEGAL_FORM_WORDS = sorted(
    (
        nfkc(word).lower()
        for word in (
            "認定特定非営利活動法人",
            "特定非営利活動法人",
            "認定NPO法人",
            "NPO法人",
            "一般社団法人",
            "公益社団法人",
            "一般財団法人",
            "公益財団法人",
            "社会福祉法人",
            "学校法人",
            "医療法人",
            "宗教法人",
            "株式会社",
            "有限会社",
            "合同会社",
            "合資会社",
            "合名会社",
            "(株)",
            "(有)",
            "(同)",
            "(福)",
            "(社福)",
            "(特非)",
            "(一社)",
            "(公社)",
            "(一財)",
            "(公財)",
        )
    ),
    key=len,
    reverse=True,
)
# Hosts shared by many organisations: there the first path segment (the
# account or page name) tells them apart.
SHARED_HOSTS = {
    "facebook.com",
    "instagram.com",
    "x.com",
    "twitter.com",
    "note.com",
    "ameblo.jp",
    "sites.google.com",
    "youtube.com",
    "lit.link",
    "linktr.ee",
    "blog.canpan.info",
    "fc2.com",
}


class ApplicationError(Exception):
    """A decision that cannot be made; the message is for the secretariat."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- Duplicates ---------------------------------------------------------------


def normalise_org_name(name):
    """「特定非営利活動法人 みらい　子ども食堂」 → 「みらい子ども食堂」 (for comparison only)."""
    text = "".join(nfkc(name).lower().split())
    stripped = text
    for word in LEGAL_FORM_WORDS:
        stripped = stripped.replace(word, "")
    return stripped or text


def site_key(url):
    """The part of a website address that identifies an organisation ('' if none)."""
    if not url:
        return ""
    parts = urlsplit(nfkc(url).strip().lower())
    host = (parts.hostname or "").removeprefix("www.").rstrip(".")
    if not host:
        return ""
    if host in SHARED_HOSTS or any(host.endswith("." + shared) for shared in SHARED_HOSTS):
        segment = next((s for s in parts.path.split("/") if s), "")
        return f"{host}/{segment}" if segment else ""
    return host


@dataclass(frozen=True)
class Duplicate:
    field: str
    message: str


def find_duplicate(*, name, prefecture, website="", exclude_application=None):
    """A registered organisation or pending application this one duplicates, or None."""
    key = normalise_org_name(name)
    web = site_key(website)

    organisations = Organisation.objects.only("name", "prefecture_id", "website", "status")
    for organisation in organisations.filter(prefecture=prefecture):
        if normalise_org_name(organisation.name) == key:
            return Duplicate("name", _organisation_message(organisation))
    if web:
        for organisation in organisations.exclude(website=""):
            if site_key(organisation.website) == web:
                return Duplicate("website", _organisation_message(organisation))

    pending = pending_applications()
    if exclude_application is not None:
        pending = pending.exclude(pk=exclude_application.pk)
    for application in pending.only("name", "prefecture_id", "website", "status"):
        same_name = (
            application.prefecture_id == prefecture.pk
            and normalise_org_name(application.name) == key
        )
        same_site = bool(web) and site_key(application.website) == web
        if same_name or same_site:
            return Duplicate("name" if same_name else "website", _pending_message(application))
    return None


def pending_applications():
    """Applications still in play: confirmed and waiting, or unconfirmed and not expired."""
    return Application.objects.filter(
        Q(status=ApplicationStatus.SUBMITTED)
        | Q(status=ApplicationStatus.UNCONFIRMED, submitted_at__gt=_confirmation_cutoff())
    )


def _organisation_message(organisation):
    if organisation.status in (OrganisationStatus.ACTIVE, OrganisationStatus.SUSPENDED):
        return _(
            "この団体はすでに会員として登録されています。内容の変更は団体の管理者にご依頼ください。"
        )
    return _(
        "この団体は以前に会員として登録されていました。"
        "再入会については事務局にお問い合わせください。"
    )


def _pending_message(application):
    if application.status == ApplicationStatus.UNCONFIRMED:
        return _(
            "同じ団体の申込みが、メールアドレスの確認待ちになっています。"
            "申込みのときに届いたメールのリンクから確認してください（有効期限は7日間です）。"
        )
    return _("同じ団体の申込みを審査中です。結果のお知らせまでお待ちください。")


# --- Submitting and confirming ------------------------------------------------------


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _confirmation_cutoff():
    return timezone.now() - timedelta(days=CONFIRMATION_DAYS)


absolute_url = site_address.absolute_url


@transaction.atomic
def submit_application(form, language=None):
    """Save a valid ApplicationForm as UNCONFIRMED and e-mail the confirmation link.

    ``language`` is the one the applicant used on the site (request.LANGUAGE_CODE):
    the confirmation, and later the decision, are written in it.
    Returns (application, token); the token itself is only in the e-mail.
    """
    token = secrets.token_urlsafe(32)
    application = form.save(commit=False)
    application.status = ApplicationStatus.UNCONFIRMED
    if language in dict(settings.LANGUAGES):
        application.language = language
    application.email_token_hash = _hash(token)
    application.save()
    form.save_m2m()  # areas_prefectures
    data = form.cleaned_data
    application.main_activity_types.set(data["main_activity_types"])
    application.other_activity_types.set(data["other_activity_types"])
    application.main_target_groups.set(data["main_target_groups"])
    application.other_target_groups.set(data["other_target_groups"])

    # Anyone can type any address into the form: the e-mail repeats nothing
    # else they typed (no names, no free text), so it cannot carry their words
    # to a stranger under the site's name. The link alone is what it is for.
    subject, body, html_body = render_email(
        "organisations/emails/application_confirm",
        {
            "confirm_url": absolute_url(reverse("join:confirm", kwargs={"token": token})),
            "days": CONFIRMATION_DAYS,
        },
        language=application.language,
    )
    queue_email(
        [application.applicant_email],
        subject,
        body,
        html_body=html_body,
        dedupe_key=f"application:{application.pk}:confirm",
    )
    return application, token


VALID, EXPIRED, USED, UNKNOWN = "valid", "expired", "used", "unknown"


def application_for_token(token):
    """(application or None, state) for a confirmation link."""
    if not token or len(token) > 100:
        return None, UNKNOWN
    application = Application.objects.filter(email_token_hash=_hash(token)).first()
    if application is None:
        return None, UNKNOWN
    if application.status != ApplicationStatus.UNCONFIRMED:
        return application, USED
    if application.submitted_at <= _confirmation_cutoff():
        return application, EXPIRED
    return application, VALID


@transaction.atomic
def confirm_application(application):
    """UNCONFIRMED → SUBMITTED, once; tell the secretariat. Returns True if this call did it."""
    updated = Application.objects.filter(
        pk=application.pk,
        status=ApplicationStatus.UNCONFIRMED,
        submitted_at__gt=_confirmation_cutoff(),
    ).update(status=ApplicationStatus.SUBMITTED, email_confirmed_at=timezone.now())
    if not updated:
        return False
    application.refresh_from_db()
    notify_secretariat(application)
    return True


def secretariat_recipients():
    """Active members of the 事務局 group who have an e-mail address."""
    return (
        get_user_model()
        .objects.filter(groups__name=SECRETARIAT_GROUP, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def admin_url(application):
    return absolute_url(reverse("applications:inspect", args=[application.pk]))


def notify_secretariat(application):
    # The organisation's name and a link to the admin: nothing personal.
    def context():
        return {"organisation_name": application.name, "admin_url": admin_url(application)}

    for user in secretariat_recipients():
        subject, body, html_body = render_email_for(
            user, "organisations/emails/application_submitted", context
        )
        queue_email(
            [user.email],
            subject,
            body,
            html_body=html_body,
            dedupe_key=f"application:{application.pk}:submitted:{user.pk}",
        )


# --- Decisions ---------------------------------------------------------------------


def _lock_submitted(application):
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != ApplicationStatus.SUBMITTED:
        raise ApplicationError(
            _("この申込みはすでに「%(status)s」になっているため、処理できません。")
            % {"status": locked.get_status_display()}
        )
    return locked


def _unique_slug(name):
    """The name in romaji, by the rule pages and write-ups share (cms/slugs.py):
    「NPO法人みらいこども」 → 'npo-hojin-mirai-kodomo'. Stable: never changed after acceptance."""
    return unique_slug(
        slug_for(name, fallback="org"),
        lambda slug: Organisation.objects.filter(slug=slug).exists(),
    )


def _existing_account(application):
    """The account that has the applicant's e-mail address, if there is one."""
    email = application.applicant_email.strip()
    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is None:
        address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
        user = address.user if address else None
    return user


def _account_for(application):
    """The applicant's account: an existing one without a membership, or a new one."""
    User = get_user_model()
    email = application.applicant_email.strip()
    user = _existing_account(application)
    if user is not None:
        if Membership.objects.filter(user=user).exists():
            raise ApplicationError(
                _(
                    "申込者のメールアドレス（%(email)s）のアカウントは、すでに別の団体に"
                    "所属しています。別のメールアドレスで申し込んでもらってください。"
                )
                % {"email": email}
            )
        if not user.is_active:
            raise ApplicationError(
                _(
                    "申込者のメールアドレス（%(email)s）のアカウントは無効になっています。"
                    "アカウントを確認してから承認してください。"
                )
                % {"email": email}
            )
        address, _created = EmailAddress.objects.get_or_create(
            user=user, email__iexact=email, defaults={"email": email}
        )
        if not address.verified:
            address.verified = True
            address.save(update_fields=["verified"])
        return user, False

    family, _space, given = application.applicant_name.partition(" ")
    user = User(
        username=f"u-{uuid.uuid4().hex}",
        email=email,
        last_name=family[:150],
        first_name=given.strip()[:150],
        is_active=True,
    )
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    # The new account starts in the language its owner applied in; they can
    # change it on /accounts/language/.
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = application.language
    profile.save(update_fields=["preferred_language"])
    return user, True


def set_password_url(user):
    """A one-time link to set a password (allauth's password reset; expires with the token)."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return absolute_url(path)


@transaction.atomic
def accept_application(application, tier, decided_by):
    """Register the organisation, make the applicant its admin and e-mail them.

    Raises ApplicationError if the application is no longer SUBMITTED, the
    organisation is already registered, or the applicant's e-mail belongs to
    an account of another organisation.
    """
    if tier not in Tier.values:
        raise ApplicationError(_("会員区分を選んでください。"))
    application = _lock_submitted(application)
    if _matches_organisation(application):
        raise ApplicationError(_("同じ団体がすでに登録されています。会員名簿を確認してください。"))
    user, created = _account_for(application)

    organisation = Organisation.objects.create(
        name=application.name,
        name_kana=application.name_kana,
        slug=_unique_slug(application.name),
        legal_form=application.legal_form,
        tier=tier,
        status=OrganisationStatus.ACTIVE,
        representative=application.representative,
        founded_on=application.founded_on,
        staff_count=application.staff_count,
        postcode=application.postcode,
        prefecture=application.prefecture,
        municipality=application.municipality,
        street_address=application.street_address,
        # Until the organisation chooses otherwise: the street address for
        # members, the applicant's own contact details for the secretariat.
        street_address_visibility=Visibility.MEMBERS,
        website=application.website,
        contact_name=application.applicant_name,
        contact_name_visibility=Visibility.SECRETARIAT,
        phone=application.applicant_phone,
        phone_visibility=Visibility.SECRETARIAT,
        email=application.applicant_email,
        email_visibility=Visibility.SECRETARIAT,
        description=application.activity_summary,
        areas_municipalities=application.areas_municipalities,
        joined_on=timezone.localdate(),
    )
    organisation.areas_prefectures.set(application.areas_prefectures.all())
    main_activities = list(application.main_activity_types.all())
    OrganisationActivity.objects.bulk_create(
        [
            OrganisationActivity(organisation=organisation, activity_type=item, is_main=True)
            for item in main_activities
        ]
        + [
            OrganisationActivity(organisation=organisation, activity_type=item, is_main=False)
            for item in application.other_activity_types.exclude(
                pk__in=[a.pk for a in main_activities]
            )
        ]
    )
    main_targets = list(application.main_target_groups.all())
    OrganisationTarget.objects.bulk_create(
        [
            OrganisationTarget(organisation=organisation, target_group=item, is_main=True)
            for item in main_targets
        ]
        + [
            OrganisationTarget(organisation=organisation, target_group=item, is_main=False)
            for item in application.other_target_groups.exclude(pk__in=[t.pk for t in main_targets])
        ]
    )
    Membership.objects.create(user=user, organisation=organisation, role=MembershipRole.ADMIN)

    application.status = ApplicationStatus.ACCEPTED
    application.tier = tier
    application.organisation = organisation
    application.decided_by = decided_by
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "tier", "organisation", "decided_by", "decided_at"])

    language = user_language(user, default=application.language)
    with translation.override(language):  # its links open in the same language
        context = {
            "application": application,
            "organisation": organisation,
            "tier_label": Tier(tier).label,
            "set_password_url": set_password_url(user),
            "link_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
            "new_account": created,
            "login_url": absolute_url(reverse("account_login")),
            "reset_url": absolute_url(reverse("account_reset_password")),
            "profile_url": absolute_url(organisation.get_absolute_url()),
        }
    subject, body, html_body = render_email(
        "organisations/emails/application_accepted", context, language=language
    )
    queue_email(
        [application.applicant_email],
        subject,
        body,
        html_body=html_body,
        dedupe_key=f"application:{application.pk}:accepted",
    )
    return organisation


def _matches_organisation(application):
    """Whether a registered organisation has this name (in this prefecture) or website.

    Another pending application for the same organisation does not block
    acceptance: the secretariat declines whichever it does not want.
    """
    key = normalise_org_name(application.name)
    web = site_key(application.website)
    for organisation in Organisation.objects.only("name", "prefecture_id", "website"):
        if organisation.prefecture_id == application.prefecture_id and (
            normalise_org_name(organisation.name) == key
        ):
            return True
        if web and site_key(organisation.website) == web:
            return True
    return False


@transaction.atomic
def decline_application(application, reason, decided_by):
    """Decline with a reason (required), which is e-mailed to the applicant."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("不承認の理由を入力してください。"))
    application = _lock_submitted(application)
    application.status = ApplicationStatus.DECLINED
    application.decline_reason = reason
    application.decided_by = decided_by
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])

    subject, body, html_body = render_email(
        "organisations/emails/application_declined",
        {"application": application, "reason": reason},
        language=user_language(_existing_account(application), default=application.language),
    )
    queue_email(
        [application.applicant_email],
        subject,
        body,
        html_body=html_body,
        dedupe_key=f"application:{application.pk}:declined",
    )
    return application


UNCONFIRMED_RETENTION_DAYS = 30


def purge_unconfirmed_applications(days=UNCONFIRMED_RETENTION_DAYS, *, now=None, dry_run=False):
    """Delete applications whose e-mail address was never confirmed.

    They hold an applicant's personal data and were never seen by anyone;
    after ``days`` (well past the confirmation link's life) they go, with
    any recommendation letter on storage. Returns how many were deleted
    (with ``dry_run``, how many would be). Run daily by privacy's purge
    (organisations/personal_data.py).
    """
    cutoff = (now or timezone.now()) - timedelta(days=days)
    stale = Application.objects.filter(
        status=ApplicationStatus.UNCONFIRMED, submitted_at__lt=cutoff
    )
    if dry_run:
        return stale.count()
    count = 0
    for application in stale.iterator():
        if application.recommendation_letter:
            application.recommendation_letter.delete(save=False)
        application.delete()
        count += 1
    return count
