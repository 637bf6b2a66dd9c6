"""Domain operations on subcommittees (分科会). Views and the admin call only these.

Each operation runs in one transaction, checks who is acting (``by``) against
``subcommittees.access``, and raises ``SubcommitteeError`` with a Japanese message
when it may not happen. After any change of membership, role or visibility the
subcommittee's forum permissions are re-synced inside the same transaction, so
the change takes effect from the next request. E-mails go through the outbox
(cms.mail.queue_email): they are sent only if the change commits, each in its
recipient's language.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cms import audit, site_address
from cms.mail import queue_email, render_email, user_language
from forum import permissions as forum_permissions
from organisations import access as org_access

from . import access
from .models import (
    DecisionStatus,
    JoinRequest,
    MeetingDocument,
    MeetingRecord,
    MembershipRole,
    NotifyChoice,
    Subcommittee,
    SubcommitteeInvitation,
    SubcommitteeMembership,
)

EMAIL_DIR = "subcommittees/emails"

# The audit log (cms/audit.py), against the subcommittee; the member concerned
# is named in the entry's data (wagtail_hooks.py formats the messages).
ROLE_CHANGED = "subcommittees.role_changed"
REQUEST_ACCEPTED = "subcommittees.join_request_accepted"
REQUEST_DECLINED = "subcommittees.join_request_declined"
MEMBER_REMOVED = "subcommittees.member_removed"


class SubcommitteeError(Exception):
    """An operation that may not happen; the message is for the person who tried."""


# --- The forum (django-machina, see forum/permissions.py) -------------------


def ensure_forum(subcommittee):
    forum_permissions.ensure_forum(subcommittee)


def sync_forum(subcommittee):
    forum_permissions.sync_forum_permissions(subcommittee)


# --- Helpers ---------------------------------------------------------------


_absolute = site_address.absolute_url


def _require(condition, message):
    if not condition:
        raise SubcommitteeError(message)


def _lock(subcommittee):
    """Lock the subcommittee's row (concurrent changes queue up) and re-read it in place."""
    Subcommittee.objects.select_for_update().filter(pk=subcommittee.pk).first()
    subcommittee.refresh_from_db()
    return subcommittee


def _add_member(subcommittee, user, role=MembershipRole.MEMBER):
    _require(
        org_access.is_member(user),
        _("分科会に参加できるのは、会員団体のスタッフの方だけです。"),
    )
    membership, created = SubcommitteeMembership.objects.get_or_create(
        subcommittee=subcommittee, user=user, defaults={"role": role}
    )
    if not created and role == MembershipRole.COORDINATOR and not membership.is_coordinator:
        membership.role = role
        membership.save(update_fields=["role"])
    # Whatever brought them in settles their open request and invitation too.
    now = timezone.now()
    subcommittee.join_requests.filter(user=user, status=DecisionStatus.PENDING).update(
        status=DecisionStatus.ACCEPTED, decided_at=now
    )
    subcommittee.invitations.filter(user=user, status=DecisionStatus.PENDING).update(
        status=DecisionStatus.ACCEPTED, decided_at=now
    )
    return membership


def _display_name(user):
    """The person's name as the forum shows it: never the account name or e-mail."""
    from forum.names import display_name

    return display_name(user)


def _record(action, subcommittee, *, by, member, **data):
    audit.record(
        action,
        subcommittee,
        user=by,
        data={"member_id": member.pk, "member_name": _display_name(member), **data},
    )


def _organisation_name(user):
    found = org_access.membership_of(user)
    return found.organisation.name if found else ""


# --- Creating and editing (the secretariat) ----------------------------------


@transaction.atomic
def create_subcommittee(*, by, coordinators=(), prefectures=(), target_groups=(), **fields):
    """A new subcommittee with its coordinators and its forum, created at once."""
    _require(org_access.is_secretariat(by), _("分科会を作成できるのは事務局だけです。"))
    subcommittee = Subcommittee.objects.create(**fields)
    subcommittee.prefectures.set(prefectures)
    subcommittee.target_groups.set(target_groups)
    for user in coordinators:
        _add_member(subcommittee, user, MembershipRole.COORDINATOR)
    ensure_forum(subcommittee)
    sync_forum(subcommittee)
    return subcommittee


@transaction.atomic
def save_subcommittee(subcommittee, *, by, coordinators=None, is_new=False):
    """After the admin form saved ``subcommittee``: its coordinators and its forum.

    ``coordinators`` (when given) becomes the complete list: people added become
    coordinators (joining if needed), coordinators left out become plain members.
    """
    _require(org_access.is_secretariat(by), _("分科会を編集できるのは事務局だけです。"))
    if coordinators is not None:
        wanted = {user.pk: user for user in coordinators}
        now = list(
            subcommittee.memberships.select_related("user").filter(role=MembershipRole.COORDINATOR)
        )
        current = {membership.user_id for membership in now}
        for membership in now:
            if membership.user_id not in wanted:
                membership.role = MembershipRole.MEMBER
                membership.save(update_fields=["role"])
                _record(
                    ROLE_CHANGED, subcommittee, by=by, member=membership.user, role=membership.role
                )
        for user in wanted.values():
            _add_member(subcommittee, user, MembershipRole.COORDINATOR)
            if user.pk not in current:
                _record(
                    ROLE_CHANGED, subcommittee, by=by, member=user, role=MembershipRole.COORDINATOR
                )
    if is_new or subcommittee.forum_id is None:
        ensure_forum(subcommittee)
    sync_forum(subcommittee)
    return subcommittee


@transaction.atomic
def change_visibility(subcommittee, visibility, *, by):
    _require(
        access.can_change_visibility(by, subcommittee),
        _("公開範囲を変更できるのは事務局だけです。"),
    )
    _require(visibility in Subcommittee.Visibility.values, _("公開範囲の値が正しくありません。"))
    subcommittee = _lock(subcommittee)
    subcommittee.visibility = visibility
    subcommittee.save(update_fields=["visibility", "updated_at"])
    sync_forum(subcommittee)
    return subcommittee


@transaction.atomic
def set_moderation(subcommittee, moderate_posts, *, by):
    """Hold members' new posts for a coordinator's approval (or stop holding them).

    The forum's rows follow in the same transaction: from the next post on,
    members post with or without ``can_post_without_approval``.
    """
    _require(access.can_manage(by, subcommittee), _("この分科会を管理する権限がありません。"))
    subcommittee = _lock(subcommittee)
    subcommittee.moderate_posts = bool(moderate_posts)
    subcommittee.save(update_fields=["moderate_posts", "updated_at"])
    sync_forum(subcommittee)
    return subcommittee


@transaction.atomic
def set_role(membership, role, *, by):
    """Make a member coordinator or back: the secretariat chooses coordinators."""
    _require(org_access.is_secretariat(by), _("世話人を決められるのは事務局だけです。"))
    _require(role in MembershipRole.values, _("役割の値が正しくありません。"))
    membership = SubcommitteeMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
        _record(ROLE_CHANGED, membership.subcommittee, by=by, member=membership.user, role=role)
    sync_forum(membership.subcommittee)
    return membership


# --- Joining and leaving -----------------------------------------------------


@transaction.atomic
def join(subcommittee, user):
    """Join an open subcommittee at once."""
    subcommittee = _lock(subcommittee)
    _require(
        not access.is_subcommittee_member(user, subcommittee),
        _("すでにこの分科会に参加しています。"),
    )
    _require(access.can_join(user, subcommittee), _("この分科会には直接参加できません。"))
    membership = _add_member(subcommittee, user)
    sync_forum(subcommittee)
    return membership


@transaction.atomic
def request_to_join(subcommittee, user, message=""):
    """Ask the coordinators to let ``user`` in; they are told by e-mail."""
    subcommittee = _lock(subcommittee)
    _require(
        not access.is_subcommittee_member(user, subcommittee),
        _("すでにこの分科会に参加しています。"),
    )
    _require(access.can_request(user, subcommittee), _("この分科会には参加申請できません。"))
    _require(
        not subcommittee.join_requests.filter(user=user, status=DecisionStatus.PENDING).exists(),
        _("参加申請はすでに受け付けています。世話人の回答をお待ちください。"),
    )
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(
                subcommittee=subcommittee, user=user, message=message.strip()
            )
    except IntegrityError as error:  # a double click that raced the check above
        raise SubcommitteeError(_("参加申請はすでに受け付けています。")) from error
    _email_coordinators_of_request(join_request)
    return join_request


def coordinators_to_email(subcommittee):
    """The coordinators who can be e-mailed: active, with an address, of a member organisation."""
    users = {}
    for membership in subcommittee.memberships.select_related(
        "user", "user__wagtail_userprofile"
    ).filter(role=MembershipRole.COORDINATOR, user__is_active=True):
        user = membership.user
        if user.email and org_access.is_member(user):
            users.setdefault(user.email.lower(), user)
    return [users[email] for email in sorted(users)]


def _render_for(user, template, build_context):
    """The e-mail in the recipient's language (not the language of whoever caused it).

    ``build_context`` runs inside that language, so the links it reverses
    carry the recipient's language prefix.
    """

    language = user_language(user)
    with translation.override(language):
        context = build_context()
    return render_email(template, context, language=language)


def _email_coordinators_of_request(join_request):
    subcommittee = join_request.subcommittee

    def context():
        return {
            "subcommittee": subcommittee,
            "requester_name": _display_name(join_request.user),
            "organisation_name": _organisation_name(join_request.user),
            "message": join_request.message,
            "url": _absolute(reverse("subcommittees:manage", args=[subcommittee.slug])),
        }

    for user in coordinators_to_email(subcommittee):
        subject, body, html_body = _render_for(user, f"{EMAIL_DIR}/join_request", context)
        queue_email(
            user.email,
            subject,
            body,
            html_body=html_body,
            dedupe_key=f"subcommittee-request:{join_request.pk}:{user.email}",
        )


def _email_requester(join_request):
    user = join_request.user
    if not user.email:
        return

    def context():
        return {
            "subcommittee": join_request.subcommittee,
            "name": _display_name(user),
            "accepted": join_request.status == DecisionStatus.ACCEPTED,
            "url": _absolute(join_request.subcommittee.get_absolute_url()),
        }

    subject, body, html_body = _render_for(user, f"{EMAIL_DIR}/join_decision", context)
    queue_email(
        user.email,
        subject,
        body,
        html_body=html_body,
        dedupe_key=f"subcommittee-request:{join_request.pk}:{join_request.status}",
    )


@transaction.atomic
def accept_request(join_request, *, by):
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    subcommittee = join_request.subcommittee
    _require(access.can_manage(by, subcommittee), _("この分科会を管理する権限がありません。"))
    _require(
        join_request.status == DecisionStatus.PENDING,
        _("この申請はすでに対応済みです。"),
    )
    _require(
        org_access.is_member(join_request.user),
        _("申請者の団体が現在会員ではないため、承認できません。"),
    )
    _add_member(subcommittee, join_request.user)
    join_request.status = DecisionStatus.ACCEPTED
    join_request.decided_by = by
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])
    _record(REQUEST_ACCEPTED, subcommittee, by=by, member=join_request.user)
    sync_forum(subcommittee)
    _email_requester(join_request)
    return join_request


@transaction.atomic
def decline_request(join_request, *, by):
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    _require(
        access.can_manage(by, join_request.subcommittee),
        _("この分科会を管理する権限がありません。"),
    )
    _require(
        join_request.status == DecisionStatus.PENDING,
        _("この申請はすでに対応済みです。"),
    )
    join_request.status = DecisionStatus.DECLINED
    join_request.decided_by = by
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])
    _record(REQUEST_DECLINED, join_request.subcommittee, by=by, member=join_request.user)
    _email_requester(join_request)
    return join_request


def find_member_account(email):
    """The active account with this e-mail address (any letter case), or None."""
    email = (email or "").strip()
    if not email:
        return None
    return get_user_model().objects.filter(email__iexact=email, is_active=True).first()


@transaction.atomic
def invite(subcommittee, email, *, by):
    """Invite the holder of a member account, found by its e-mail address."""
    subcommittee = _lock(subcommittee)
    _require(access.can_manage(by, subcommittee), _("この分科会を管理する権限がありません。"))
    user = find_member_account(email)
    _require(
        user is not None and org_access.is_member(user),
        _(
            "このメールアドレスの会員アカウントが見つかりません。会員団体のスタッフのアドレスを入力してください。"
        ),
    )
    _require(
        not access.is_subcommittee_member(user, subcommittee),
        _("この方はすでに分科会に参加しています。"),
    )
    _require(
        not subcommittee.invitations.filter(user=user, status=DecisionStatus.PENDING).exists(),
        _("この方はすでに招待中です。"),
    )
    invitation = SubcommitteeInvitation.objects.create(
        subcommittee=subcommittee, user=user, invited_by=by
    )

    def context():
        return {
            "subcommittee": subcommittee,
            "name": _display_name(user),
            "inviter_name": _display_name(by),
            "url": _absolute(subcommittee.get_absolute_url()),
        }

    subject, body, html_body = _render_for(user, f"{EMAIL_DIR}/invitation", context)
    queue_email(
        user.email,
        subject,
        body,
        html_body=html_body,
        dedupe_key=f"subcommittee-invitation:{invitation.pk}",
    )
    return invitation


def pending_invitation(subcommittee, user):
    if not user.is_authenticated:
        return None
    return subcommittee.invitations.filter(user=user, status=DecisionStatus.PENDING).first()


@transaction.atomic
def accept_invitation(invitation, user):
    invitation = SubcommitteeInvitation.objects.select_for_update().get(pk=invitation.pk)
    _require(invitation.user_id == user.pk, _("この招待はあなた宛てではありません。"))
    _require(
        invitation.status == DecisionStatus.PENDING and invitation.subcommittee.is_active,
        _("この招待はもう使えません。"),
    )
    membership = _add_member(invitation.subcommittee, user)
    sync_forum(invitation.subcommittee)
    return membership


@transaction.atomic
def decline_invitation(invitation, user):
    invitation = SubcommitteeInvitation.objects.select_for_update().get(pk=invitation.pk)
    _require(invitation.user_id == user.pk, _("この招待はあなた宛てではありません。"))
    _require(invitation.status == DecisionStatus.PENDING, _("この招待はもう使えません。"))
    invitation.status = DecisionStatus.DECLINED
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["status", "decided_at"])
    return invitation


@transaction.atomic
def leave(subcommittee, user):
    deleted, _rows = SubcommitteeMembership.objects.filter(
        subcommittee=subcommittee, user=user
    ).delete()
    _require(deleted, _("この分科会には参加していません。"))
    sync_forum(subcommittee)


@transaction.atomic
def remove_member(membership, *, by):
    """A coordinator removes a member; only the secretariat removes a coordinator."""
    membership = SubcommitteeMembership.objects.select_for_update().get(pk=membership.pk)
    subcommittee = membership.subcommittee
    _require(access.can_manage(by, subcommittee), _("この分科会を管理する権限がありません。"))
    _require(membership.user_id != by.pk, _("ご自身は「分科会から抜ける」から退出してください。"))
    _require(
        not membership.is_coordinator or org_access.is_secretariat(by),
        _("世話人を外せるのは事務局だけです。"),
    )
    _record(MEMBER_REMOVED, subcommittee, by=by, member=membership.user, role=membership.role)
    membership.delete()
    sync_forum(subcommittee)


@transaction.atomic
def set_notify(membership, notify, *, by):
    """The member's own choice of e-mails for this subcommittee."""
    _require(membership.user_id == by.pk, _("通知の設定は本人だけが変更できます。"))
    _require(notify in NotifyChoice.values, _("通知の設定の値が正しくありません。"))
    membership.notify = notify
    membership.save(update_fields=["notify"])
    return membership


# --- Meeting records ---------------------------------------------------------


@transaction.atomic
def save_meeting(form, subcommittee, *, by):
    """Save a MeetingRecord ModelForm (new or edited) for ``subcommittee``."""
    _require(access.can_manage(by, subcommittee), _("この分科会を管理する権限がありません。"))
    meeting = form.save(commit=False)
    meeting.subcommittee = subcommittee
    if meeting.pk is None:
        meeting.created_by = by
    meeting.save()
    return meeting


SCHEDULE_FIELDS = ("start", "end", "venue_name", "venue_address", "online_url", "capacity")


def _events_index():
    from events.models import EventIndexPage

    indexes = EventIndexPage.objects.all()
    index = indexes.filter(locale__language_code=settings.LANGUAGE_CODE).first() or indexes.first()
    _require(index is not None, _("イベント一覧のページがないため、会議を予定できません。"))
    return index


@transaction.atomic
def schedule_meeting(subcommittee, *, by, meeting=None, title, agenda="", **schedule):
    """A coming meeting: its record and its event page (time, place, online link, RSVP).

    The event page is owned (``EventPage.owned``): restricted to the 会員 group,
    kept out of listings, feeds and search, and only this subcommittee's
    members see it and register (subcommittees.event_owner). New or edited.
    """
    from events.models import EventPage, EventType

    _require(access.can_manage(by, subcommittee), _("この分科会を管理する権限がありません。"))
    _require(subcommittee.is_active, _("休止中の分科会では会議を予定できません。"))
    start = schedule["start"]
    fields = {
        "title": title,
        "summary": (agenda or title)[:500],
        "organiser": subcommittee.name,
        "fee": "",
        **{name: schedule.get(name) or "" for name in SCHEDULE_FIELDS},
        "capacity": schedule.get("capacity") or None,
        "start": start,
        "end": schedule["end"],
    }
    page = meeting.event if meeting is not None else None
    if page is None:
        slug = f"{subcommittee.slug}-{timezone.localtime(start):%Y%m%d}-{secrets.token_hex(3)}"
        page = EventPage(
            slug=slug,
            event_type=EventType.MEETING,
            registration_open=True,
            owned=True,
            owner=by,
            **fields,
        )
        _events_index().add_child(instance=page)
    else:
        page = page.specific
        for name, value in fields.items():
            setattr(page, name, value)
    # The permission is the subcommittee's (can_manage above), not Wagtail's page tree.
    page.save_revision(user=by).publish(user=by, skip_permission_checks=True)
    if meeting is None:
        meeting = MeetingRecord(subcommittee=subcommittee, created_by=by)
    meeting.title = title
    meeting.agenda = agenda
    meeting.date = timezone.localtime(start).date()
    meeting.event = page
    meeting.save()
    return meeting


@transaction.atomic
def delete_meeting(meeting, *, by):
    _require(
        access.can_manage(by, meeting.subcommittee), _("この分科会を管理する権限がありません。")
    )
    files = [document.file for document in meeting.documents.all()]
    if meeting.event is not None:
        # Registrations stay (counts, retention); the page is gone for everyone.
        meeting.event.unpublish()
    meeting.delete()
    transaction.on_commit(lambda: [file.delete(save=False) for file in files])


@transaction.atomic
def add_document(meeting, *, title, file, by):
    _require(
        access.can_manage(by, meeting.subcommittee), _("この分科会を管理する権限がありません。")
    )
    return MeetingDocument.objects.create(
        meeting=meeting,
        title=title,
        file=file,
        original_name=file.name[:255],
        size=file.size,
        uploaded_by=by,
    )


@transaction.atomic
def delete_document(document, *, by):
    _require(
        access.can_manage(by, document.meeting.subcommittee),
        _("この分科会を管理する権限がありません。"),
    )
    file = document.file
    document.delete()
    transaction.on_commit(lambda: file.delete(save=False))


def upcoming_meetings(meetings, today=None):
    today = today or timezone.localdate()
    return meetings.filter(date__gte=today).order_by("date", "pk")
