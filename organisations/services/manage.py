"""Domain operations of the "My organisation" area and the secretariat's register.

Every operation runs in one transaction. E-mails go through the outbox
(cms.mail.queue_email), so they are sent only if the change commits.

The audit trail (ProfileChange) stores ``{field: [old, new]}`` with values as
people read them: choice labels, prefecture and taxonomy names, ★/☆ marks,
image ids with their alt text. Keys are field names (see ``CHANGE_LABELS``).
"""

import datetime
import hashlib
import secrets
import uuid

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from wagtail.images import get_image_model
from wagtail.models import Collection

from allauth.account.models import EmailAddress

from cms import site_address
from cms.mail import queue_email, render_email_for
from organisations.choices import MembershipRole, OrganisationStatus
from organisations.models import (
    Membership,
    Organisation,
    OrganisationActivity,
    OrganisationTarget,
    ProfileChange,
    StaffInvitation,
)

SECRETARIAT_GROUP = "事務局"
PHOTO_COLLECTION_NAME = "会員団体の写真"
MAX_PHOTOS = 6
INVITATION_LIFETIME = datetime.timedelta(days=7)
# An admin cannot use the site to mail strangers in bulk.
MAX_PENDING_INVITATIONS = 20

# The profile fields an organisation admin edits, in form order.
PROFILE_FIELDS = (
    "name",
    "name_kana",
    "legal_form",
    "representative",
    "founded_on",
    "staff_count",
    "postcode",
    "prefecture",
    "municipality",
    "street_address",
    "street_address_visibility",
    "website",
    "contact_name",
    "contact_name_visibility",
    "phone",
    "phone_visibility",
    "email",
    "email_visibility",
    "message",
    "description",
    "areas_prefectures",
    "areas_municipalities",
    "logo_alt_text",
)
# The register fields only the secretariat sets.
REGISTER_FIELDS = ("slug", "tier", "joined_on", "status", "status_reason", "left_on")
AUDITED_SCALARS = tuple(f for f in PROFILE_FIELDS if f != "areas_prefectures") + REGISTER_FIELDS

CHANGE_LABELS = {
    "activities": _("取組の種類"),
    "targets": _("取組の対象"),
    "logo": _("ロゴ"),
    "photos": _("写真"),
    "staff_removed": _("スタッフの削除"),
    "staff_added": _("スタッフの追加"),
    "admin": _("団体管理者"),
    "withdrawal_requested_at": _("退会届の提出日時"),
    "withdrawal_reason": _("退会の理由"),
}


class ManageError(Exception):
    """A request the domain rules refuse; the message is shown to the user."""


def change_label(key):
    if key in CHANGE_LABELS:
        return str(CHANGE_LABELS[key])
    try:
        return str(Organisation._meta.get_field(key).verbose_name)
    except Exception:  # noqa: BLE001 - an old key no longer on the model
        return key


# --- Audit trail ------------------------------------------------------------


def _display(organisation, name):
    field = Organisation._meta.get_field(name)
    value = getattr(organisation, name)
    if value in (None, ""):
        return value if value is None else ""
    if field.choices:
        return str(getattr(organisation, f"get_{name}_display")())
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if field.is_relation:
        return str(value)
    return value


def _ranked(links, attr):
    return [f"{'★' if link.is_main else '☆'}{getattr(link, attr).name}" for link in links]


def profile_snapshot(organisation):
    """The audited state of an organisation, as JSON-ready values."""
    snapshot = {name: _display(organisation, name) for name in AUDITED_SCALARS}
    snapshot["areas_prefectures"] = [p.name for p in organisation.areas_prefectures.all()]
    snapshot["activities"] = _ranked(
        organisation.activities.select_related("activity_type").order_by(
            "-is_main", "activity_type__group__sort_order", "activity_type__sort_order"
        ),
        "activity_type",
    )
    snapshot["targets"] = _ranked(
        organisation.targets.select_related("target_group").order_by(
            "-is_main", "target_group__sort_order"
        ),
        "target_group",
    )
    snapshot["logo"] = organisation.logo_id
    snapshot["photos"] = [
        {"id": photo.image_id, "alt": photo.alt_text, "caption": photo.caption}
        for photo in organisation.photos.all()
    ]
    return snapshot


def diff_snapshots(before, after):
    return {key: [before.get(key), after[key]] for key in after if before.get(key) != after[key]}


def record_change(organisation, by, changes):
    """Write one ProfileChange row; nothing when nothing changed."""
    if not changes:
        return None
    return ProfileChange.objects.create(organisation=organisation, user=by, changes=changes)


def secretariat_recipients():
    """The 事務局's active accounts with an address (each is written to in its own language)."""
    return list(
        get_user_model()
        .objects.filter(groups__name=SECRETARIAT_GROUP, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


admin_url = site_address.absolute_url


def notify_secretariat_of_change(change):
    """The 変更届 notice: which fields changed and where to read them; no values.

    Members-only contact details never travel in an e-mail, so the body names
    the fields and links to the audit trail in the admin.
    """

    def context():
        return {
            "organisation": change.organisation,
            "change": change,
            "fields": [change_label(key) for key in change.changes],
            "audit_url": admin_url(
                reverse("organisation_register:audit", args=[change.organisation_id])
            ),
        }

    for user in secretariat_recipients():
        subject, body, html_body = render_email_for(
            user, "organisations/emails/manage_profile_changed", context
        )
        queue_email(
            user.email,
            subject,
            body,
            html_body=html_body,
            dedupe_key=f"profile-change:{change.pk}:{user.email}",
        )


# --- Images -----------------------------------------------------------------


def photo_collection():
    """The 「会員団体の写真」 collection that logos and photos are filed in."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=PHOTO_COLLECTION_NAME).first()
    return collection or root.add_child(name=PHOTO_COLLECTION_NAME)


def store_image(upload, *, title, by):
    """Save an upload (already validated by the form) as a Wagtail image.

    The file is stored under a random name: the uploaded name may hold
    personal data or path tricks.
    """
    extension = upload.name.rsplit(".", 1)[-1].lower()
    upload.name = f"{uuid.uuid4().hex}.{'jpg' if extension == 'jpeg' else extension}"
    image = get_image_model()(
        title=title[:255], file=upload, collection=photo_collection(), uploaded_by_user=by
    )
    image._set_image_file_metadata()
    image.save()
    return image


def _delete_image(image_id):
    if image_id:
        get_image_model().objects.filter(pk=image_id).delete()


# --- Profile ----------------------------------------------------------------


def _sync_ranked(organisation, model, key, ranked):
    """Make the organisation's rows match ``ranked`` ({item id: is_main})."""
    model.objects.filter(organisation=organisation).exclude(**{f"{key}__in": ranked}).delete()
    for item_id, is_main in ranked.items():
        model.objects.update_or_create(
            organisation=organisation, **{key: item_id}, defaults={"is_main": is_main}
        )


def _save_photos(organisation, photo_formset, by):
    deleted = photo_formset.deleted_forms
    for form in photo_formset.forms:
        photo = form.instance
        if form in deleted:
            if photo.pk:
                image_id = photo.image_id
                photo.delete()
                _delete_image(image_id)
            continue
        if not form.has_changed():
            continue
        upload = form.cleaned_data.get("image_file")
        if upload:
            old_image_id = photo.image_id if photo.pk else None
            title = _("%(name)s の写真") % {"name": organisation.name}
            photo.image = store_image(upload, title=str(title), by=by)
            if old_image_id:
                _delete_image(old_image_id)
        photo.organisation = organisation
        photo.save()


def save_profile(organisation, *, by, form, photo_formset):
    """Save a valid ProfileForm and photo formset; audit and notify the secretariat.

    Returns the ProfileChange, or None when nothing changed (then no row and no
    e-mail). ``organisation`` is the instance the form was bound to.
    """
    with transaction.atomic():
        stored = Organisation.objects.select_for_update().get(pk=organisation.pk)
        before = profile_snapshot(stored)

        old_logo_id = stored.logo_id
        upload = form.cleaned_data.get("logo_file")
        if upload:
            title = _("%(name)s のロゴ") % {"name": organisation.name}
            organisation.logo = store_image(upload, title=str(title), by=by)
        elif form.cleaned_data.get("remove_logo"):
            organisation.logo = None
            organisation.logo_alt_text = ""
        form.save()
        if old_logo_id and organisation.logo_id != old_logo_id:
            _delete_image(old_logo_id)

        _sync_ranked(
            organisation, OrganisationActivity, "activity_type_id", form.ranked("activity")
        )
        _sync_ranked(organisation, OrganisationTarget, "target_group_id", form.ranked("target"))
        _save_photos(organisation, photo_formset, by)

        changes = diff_snapshots(before, profile_snapshot(organisation))
        change = record_change(organisation, by, changes)
        if change:
            notify_secretariat_of_change(change)
        return change


# --- Staff ------------------------------------------------------------------


def set_practice_writer(membership, *, allowed):
    """Let a staff member write the organisation's write-ups, or stop them."""
    membership.can_write_practices = allowed
    membership.save(update_fields=["can_write_practices"])


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token):
    return admin_url(reverse("my_organisation:accept_invitation", args=[token]))


def _user_with_email(email):
    """The account that signs in with this address, if any."""
    address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
    if address:
        return address.user
    return get_user_model().objects.filter(email__iexact=email).first()


def invite_staff(organisation, *, email, by):
    """Invite ``email`` to the organisation's staff; returns (invitation, token).

    Re-inviting an address with a pending invitation refreshes that invitation
    (a new token and expiry; the old link stops working) instead of adding a
    second one.
    """
    email = email.strip()
    with transaction.atomic():
        existing_user = _user_with_email(email)
        if existing_user and Membership.objects.filter(user=existing_user).exists():
            raise ManageError(
                _(
                    "このメールアドレスの方は、すでにいずれかの会員団体のスタッフとして登録されています。"
                )
            )
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        pending = pending_invitations(organisation)
        if (
            pending.count() >= MAX_PENDING_INVITATIONS
            and not pending.filter(email__iexact=email).exists()
        ):
            raise ManageError(
                _(
                    "招待中の方が多すぎます。招待を受けていただくか、期限が切れるのを待ってください。"
                )
            )
        invitation = (
            StaffInvitation.objects.select_for_update()
            .filter(
                organisation=organisation,
                email__iexact=email,
                accepted_at__isnull=True,
                revoked_at__isnull=True,
            )
            .first()
        )
        if invitation is None:
            invitation = StaffInvitation(organisation=organisation, email=email)
        invitation.token_hash = hash_token(token)
        invitation.role = MembershipRole.STAFF
        invitation.invited_by = by
        invitation.expires_at = now + INVITATION_LIFETIME
        invitation.save()

        def context():
            return {
                "organisation": organisation,
                "invited_by": by,
                "url": invitation_url(token),
                "expires_at": invitation.expires_at,
                "has_account": existing_user is not None,
            }

        # An invitee with an account gets it in their account's language;
        # anyone else in Japanese, the site's own.
        subject, body, html_body = render_email_for(
            existing_user, "organisations/emails/manage_invitation", context
        )
        queue_email(
            invitation.email,
            subject,
            body,
            html_body=html_body,
            dedupe_key=f"staff-invitation:{invitation.pk}:{invitation.token_hash[:16]}",
        )
    return invitation, token


def pending_invitations(organisation):
    return organisation.invitations.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def find_invitation(token):
    """The usable invitation for this token, or None (unknown, used, expired, revoked)."""
    if not token or len(token) > 128:
        return None
    invitation = (
        StaffInvitation.objects.select_related("organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if (
        invitation is None
        or not invitation.is_usable
        or invitation.organisation.status != OrganisationStatus.ACTIVE
    ):
        return None
    return invitation


def invitation_account(invitation):
    """The existing account for the invited address, or None."""
    return _user_with_email(invitation.email)


def email_matches(user, email):
    if user.email and user.email.lower() == email.lower():
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def _claim(invitation):
    """Mark the invitation used, once: a second caller gets ManageError."""
    claimed = StaffInvitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(accepted_at=timezone.now())
    if not claimed:
        raise ManageError(_("この招待はすでに使われています。"))


def _add_staff(invitation, user):
    membership = Membership.objects.create(
        user=user, organisation=invitation.organisation, role=MembershipRole.STAFF
    )
    record_change(
        invitation.organisation,
        user,
        {"staff_added": [None, user.email]},
    )
    return membership


def accept_invitation_with_new_account(invitation, *, last_name, first_name, password):
    """Open an account for the invited address and make it staff."""
    with transaction.atomic():
        _claim(invitation)
        if _user_with_email(invitation.email):
            raise ManageError(
                _("このメールアドレスのアカウントがすでにあります。ログインしてください。")
            )
        user = get_user_model().objects.create_user(
            username=f"u{uuid.uuid4().hex}",
            email=invitation.email,
            password=password,
            last_name=last_name,
            first_name=first_name,
        )
        EmailAddress.objects.create(user=user, email=invitation.email, verified=True, primary=True)
        _add_staff(invitation, user)
    return user


def accept_invitation_as(invitation, user):
    """Attach a signed-in account whose address was invited."""
    with transaction.atomic():
        if not email_matches(user, invitation.email):
            raise ManageError(_("この招待は、別のメールアドレス宛てです。"))
        if Membership.objects.filter(user=user).exists():
            raise ManageError(_("あなたはすでにいずれかの会員団体のスタッフです。"))
        _claim(invitation)
        return _add_staff(invitation, user)


def remove_staff(organisation, membership, *, by):
    """Take a person off the organisation's staff (their account stays, with no rights)."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(
            pk=membership.pk, organisation=organisation
        )
        if membership.user_id == by.pk:
            raise ManageError(
                _(
                    "ご自身を削除することはできません。先に団体管理者を別のスタッフに引き継いでください。"
                )
            )
        if membership.is_admin:
            raise ManageError(_("団体管理者は削除できません。"))
        email = membership.user.email
        membership.delete()
        record_change(organisation, by, {"staff_removed": [email, None]})


def transfer_admin(organisation, membership, *, by):
    """Hand the admin role to another staff member; the old admin becomes staff."""
    with transaction.atomic():
        memberships = Membership.objects.select_for_update().filter(organisation=organisation)
        target = memberships.get(pk=membership.pk)
        if target.user_id == by.pk or target.is_admin:
            raise ManageError(_("すでに団体管理者です。"))
        current = list(memberships.filter(role=MembershipRole.ADMIN).select_related("user"))
        memberships.filter(role=MembershipRole.ADMIN).update(role=MembershipRole.STAFF)
        target.role = MembershipRole.ADMIN
        target.save(update_fields=["role"])
        change = record_change(
            organisation,
            by,
            {"admin": [", ".join(m.user.email for m in current) or None, target.user.email]},
        )
        notify_secretariat_of_change(change)
    return target


def request_withdrawal(organisation, *, by, reason):
    """File the 退会届. The organisation stays a member until the secretariat completes it."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if organisation.withdrawal_requested_at:
            raise ManageError(_("退会届はすでに提出されています。"))
        organisation.withdrawal_requested_at = timezone.now()
        organisation.withdrawal_reason = reason
        organisation.save(update_fields=["withdrawal_requested_at", "withdrawal_reason"])
        record_change(
            organisation,
            by,
            {
                "withdrawal_requested_at": [None, organisation.withdrawal_requested_at.isoformat()],
                "withdrawal_reason": ["", reason],
            },
        )

        def context():
            return {
                "organisation": organisation,
                "reason": reason,
                "admin_url": admin_url(
                    reverse("organisation_register:status", args=[organisation.pk])
                ),
            }

        requested = int(organisation.withdrawal_requested_at.timestamp())
        for user in secretariat_recipients():
            subject, body, html_body = render_email_for(
                user, "organisations/emails/manage_withdrawal_requested", context
            )
            queue_email(
                user.email,
                subject,
                body,
                html_body=html_body,
                dedupe_key=f"withdrawal:{organisation.pk}:{requested}:{user.email}",
            )
    return organisation


# --- The secretariat --------------------------------------------------------

DEPARTED = {OrganisationStatus.WITHDRAWN, OrganisationStatus.EXPELLED}


def set_status(organisation, status, *, by, reason):
    """Suspend, expel, reinstate, or complete a withdrawal; effective at once.

    Access rules read the organisation's status on every request
    (organisations.access), so its staff lose their member rights and its
    profile leaves the directory as soon as this commits.
    """
    status = OrganisationStatus(status)
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if organisation.status == status:
            raise ManageError(_("すでにその状態です。"))
        before = profile_snapshot(organisation)
        organisation.status = status
        organisation.status_reason = reason
        if status in DEPARTED:
            organisation.left_on = timezone.localdate()
        elif status == OrganisationStatus.ACTIVE:
            organisation.left_on = None
        organisation.save(update_fields=["status", "status_reason", "left_on", "updated_at"])
        if status in DEPARTED:
            pending_invitations(organisation).update(revoked_at=timezone.now())
        record_change(organisation, by, diff_snapshots(before, profile_snapshot(organisation)))
    return organisation


def save_register_edit(organisation, *, by, save):
    """Run ``save()`` (the admin's edit form) and audit what it changed."""
    with transaction.atomic():
        before = profile_snapshot(Organisation.objects.get(pk=organisation.pk))
        instance = save()
        record_change(instance, by, diff_snapshots(before, profile_snapshot(instance)))
    return instance


def format_change_value(value):
    """An audit-trail value as text for the secretariat's admin view."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return pgettext("列挙の区切り", "、").join(format_change_value(item) for item in value)
    if isinstance(value, dict):
        text = f"#{value.get('id')}"
        if value.get("alt"):
            text = pgettext("補足の括弧", "%(text)s（%(note)s）") % {
                "text": text,
                "note": value["alt"],
            }
        return text
    if isinstance(value, bool):
        return str(_("はい") if value else _("いいえ"))
    return str(value)
