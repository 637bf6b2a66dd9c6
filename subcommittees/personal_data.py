"""Personal data in subcommittees (privacy.registry): who takes part, who asked to join."""

from django.utils.translation import gettext_lazy as _

from privacy import registry
from subcommittees.models import (
    JoinRequest,
    MeetingDocument,
    MeetingRecord,
    Subcommittee,
    SubcommitteeInvitation,
    SubcommitteeMembership,
)
from subcommittees.services import sync_forum

registry.register(SubcommitteeMembership, ["user"], purpose=_("分科会の参加者と役割"))
registry.register(JoinRequest, ["user", "decided_by"], purpose=_("分科会への参加申請"))
registry.register(SubcommitteeInvitation, ["user", "invited_by"], purpose=_("分科会への招待"))
registry.register(MeetingRecord, ["created_by"], purpose=_("会議記録を書いた人"))
registry.register(MeetingDocument, ["uploaded_by"], purpose=_("会議資料を載せた人"))
registry.not_personal(
    MeetingDocument, ["original_name"], reason="the uploaded file's name (a document's title)"
)
registry.not_personal(Subcommittee, ["name"], reason="the subcommittee's name")


@registry.exporter(
    "subcommittee_memberships",
    _("参加している分科会"),
    labels={
        "subcommittee": _("分科会"),
        "role": _("役割"),
        "notify": _("通知"),
        "joined_at": _("参加日時"),
    },
    order=30,
)
def export_memberships(user):
    return [
        {
            "subcommittee": membership.subcommittee.name,
            "role": membership.get_role_display(),
            "notify": membership.get_notify_display(),
            "joined_at": membership.joined_at,
        }
        for membership in SubcommitteeMembership.objects.filter(user=user)
        .select_related("subcommittee")
        .order_by("joined_at", "pk")
    ]


@registry.exporter(
    "subcommittee_requests",
    _("分科会への参加申請"),
    labels={
        "subcommittee": _("分科会"),
        "message": _("世話人へのメッセージ"),
        "status": _("状態"),
        "created_at": _("申請日時"),
        "decided_at": _("対応日時"),
    },
    order=31,
)
def export_requests(user):
    return [
        {
            "subcommittee": request.subcommittee.name,
            "message": request.message,
            "status": request.get_status_display(),
            "created_at": request.created_at,
            "decided_at": request.decided_at,
        }
        for request in JoinRequest.objects.filter(user=user)
        .select_related("subcommittee")
        .order_by("created_at", "pk")
    ]


@registry.exporter(
    "subcommittee_invitations",
    _("分科会への招待"),
    labels={
        "subcommittee": _("分科会"),
        "status": _("状態"),
        "created_at": _("招待日時"),
        "decided_at": _("回答日時"),
    },
    order=32,
)
def export_invitations(user):
    return [
        {
            "subcommittee": invitation.subcommittee.name,
            "status": invitation.get_status_display(),
            "created_at": invitation.created_at,
            "decided_at": invitation.decided_at,
        }
        for invitation in SubcommitteeInvitation.objects.filter(user=user)
        .select_related("subcommittee")
        .order_by("created_at", "pk")
    ]


@registry.eraser(order=110)
def erase_subcommittee_data(user):
    """Their places, requests and invitations go; forum access follows (sync_forum)."""
    memberships = SubcommitteeMembership.objects.filter(user=user).select_related("subcommittee")
    subcommittees = {membership.subcommittee for membership in memberships}
    memberships.delete()
    JoinRequest.objects.filter(user=user).delete()
    SubcommitteeInvitation.objects.filter(user=user).delete()
    JoinRequest.objects.filter(decided_by=user).update(decided_by=None)
    SubcommitteeInvitation.objects.filter(invited_by=user).update(invited_by=None)
    MeetingRecord.objects.filter(created_by=user).update(created_by=None)
    MeetingDocument.objects.filter(uploaded_by=user).update(uploaded_by=None)
    for subcommittee in subcommittees:
        sync_forum(subcommittee)
