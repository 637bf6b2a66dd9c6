"""/subcommittees/: the list, each subcommittee's page, and its coordinators' pages.

Views are thin: ``subcommittees.access`` decides, ``subcommittees.services``
changes. A subcommittee the viewer may not know about is a 404; one they may
read but not manage is a 403 on the coordinator pages. Objects inside a
subcommittee (requests, members, meetings, documents) are always looked up
through it, so an id from another subcommittee is simply not found.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cms import audit
from organisations import access as org_access
from reports import services as report_services

from . import access, event_owner, services
from .forms import (
    DocumentForm,
    InvitationForm,
    JoinRequestForm,
    MeetingForm,
    ModerationForm,
    NotifyForm,
    ScheduleMeetingForm,
)
from .models import DecisionStatus, MembershipRole, Subcommittee, SubcommitteeMembership

TEMPLATE_DIR = "subcommittees"
RECENT_TOPICS = 5


def _posted(request):
    return request.POST if request.method == "POST" else None


def _subcommittee_or_404(request, slug, *, check=access.can_read):
    subcommittee = get_object_or_404(Subcommittee, slug=slug)
    if not check(request.user, subcommittee):
        raise Http404
    return subcommittee


def coordinator_view(view):
    """Sign-in required; 404 unless readable, 403 unless the viewer manages it."""

    @never_cache
    @login_required
    @wraps(view)
    def wrapped(request, slug, *args, **kwargs):
        subcommittee = _subcommittee_or_404(request, slug)
        if not access.can_manage(request.user, subcommittee):
            raise PermissionDenied
        return view(request, subcommittee, *args, **kwargs)

    return wrapped


def _member_names(subcommittee):
    memberships = subcommittee.memberships.select_related("user__membership__organisation")
    coordinators, organisations = [], {}
    for membership in memberships:
        org_membership = getattr(membership.user, "membership", None)
        organisation = org_membership.organisation if org_membership else None
        if organisation is None or not organisation.is_active:
            continue
        if membership.role == MembershipRole.COORDINATOR:
            coordinators.append((membership.user, organisation))
        organisations[organisation.pk] = organisation
    return coordinators, sorted(organisations.values(), key=lambda o: o.name_kana or o.name)


def _recent_topics(user, subcommittee):
    """The latest approved topics of its forum, when the viewer may read it."""
    if subcommittee.forum_id is None or not access.can_read(user, subcommittee):
        return []
    from machina.apps.forum_conversation.models import Topic

    return list(
        Topic.objects.filter(forum_id=subcommittee.forum_id, approved=True)
        .select_related("forum", "poster")
        .order_by("-last_post_on", "-pk")[:RECENT_TOPICS]
    )


# --- Everyone ---------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def subcommittee_list(request):
    subcommittees = (
        access.discoverable_subcommittees(request.user)
        .prefetch_related("prefectures", "target_groups")
        .order_by("name", "pk")
    )
    readable = set(access.readable_subcommittees(request.user).values_list("pk", flat=True))
    mine = {}
    if request.user.is_authenticated and org_access.is_member(request.user):
        mine = dict(
            SubcommitteeMembership.objects.filter(user=request.user).values_list(
                "subcommittee_id", "role"
            )
        )
    rows = [
        {"subcommittee": s, "readable": s.pk in readable, "role": mine.get(s.pk)}
        for s in subcommittees
    ]
    response = render(request, f"{TEMPLATE_DIR}/subcommittee_list.html", {"rows": rows})
    if request.user.is_authenticated:
        response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_http_methods(["GET", "HEAD"])
def subcommittee_detail(request, slug):
    subcommittee = _subcommittee_or_404(request, slug, check=access.can_discover)
    user = request.user
    membership = access.membership(user, subcommittee)
    invitation = services.pending_invitation(subcommittee, user)
    pending_request = (
        subcommittee.join_requests.filter(user=user, status=DecisionStatus.PENDING).first()
        if user.is_authenticated
        else None
    )
    context = {
        "subcommittee": subcommittee,
        "membership": membership,
        "invitation": invitation,
        "pending_request": pending_request,
        "can_join": access.can_join(user, subcommittee),
        "can_request": access.can_request(user, subcommittee) and pending_request is None,
        "can_manage": access.can_manage(user, subcommittee),
        "is_org_member": org_access.is_member(user),
    }
    if not access.can_read(user, subcommittee):
        # A members-only subcommittee, to a member who may ask to join: its name and theme only.
        return render(request, f"{TEMPLATE_DIR}/subcommittee_teaser.html", context)
    coordinators, organisations = _member_names(subcommittee)
    meetings = access.readable_meetings(user, subcommittee)
    context.update(
        {
            "coordinators": coordinators,
            "organisations": organisations,
            "upcoming": services.upcoming_meetings(meetings)[:5],
            "recent_meetings": meetings.order_by("-date", "-pk")[:5],
            "topics": _recent_topics(user, subcommittee),
            "notify_form": NotifyForm(initial={"notify": membership.notify})
            if membership
            else None,
            "pending_count": subcommittee.join_requests.filter(
                status=DecisionStatus.PENDING
            ).count()
            if context["can_manage"]
            else 0,
        }
    )
    return render(request, f"{TEMPLATE_DIR}/subcommittee_detail.html", context)


# --- Members ----------------------------------------------------------------


def _member_action(view):
    @login_required
    @wraps(view)
    def wrapped(request, slug, *args, **kwargs):
        subcommittee = _subcommittee_or_404(request, slug, check=access.can_discover)
        return view(request, subcommittee, *args, **kwargs)

    return wrapped


@require_POST
@_member_action
def join(request, subcommittee):
    try:
        services.join(subcommittee, request.user)
    except services.SubcommitteeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("分科会に参加しました。"))
    return redirect(subcommittee)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@_member_action
def request_to_join(request, subcommittee):
    if not access.can_request(request.user, subcommittee):
        messages.error(request, _("この分科会には参加申請できません。"))
        return redirect(subcommittee)
    form = JoinRequestForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.request_to_join(
                subcommittee, request.user, message=form.cleaned_data["message"]
            )
        except services.SubcommitteeError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("参加を申請しました。世話人が承認すると、メールでお知らせします。")
            )
        return redirect(subcommittee)
    return render(
        request,
        f"{TEMPLATE_DIR}/request_form.html",
        {"subcommittee": subcommittee, "form": form},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@_member_action
def leave(request, subcommittee):
    membership = access.membership(request.user, subcommittee)
    if membership is None:
        return redirect(subcommittee)
    if request.method == "POST":
        services.leave(subcommittee, request.user)
        messages.success(request, _("「%(name)s」から抜けました。") % {"name": subcommittee.name})
        if access.can_discover(request.user, subcommittee):
            return redirect(subcommittee)
        return redirect("subcommittees:list")
    return render(
        request,
        f"{TEMPLATE_DIR}/leave_confirm.html",
        {"subcommittee": subcommittee, "membership": membership},
    )


@require_POST
@_member_action
def set_notify(request, subcommittee):
    membership = access.membership(request.user, subcommittee)
    if membership is None:
        raise Http404
    form = NotifyForm(request.POST)
    if form.is_valid():
        services.set_notify(membership, form.cleaned_data["notify"], by=request.user)
        messages.success(request, _("メール通知の設定を保存しました。"))
    else:
        messages.error(request, _("通知の受け取り方を選んでください。"))
    return redirect(subcommittee)


@require_POST
@_member_action
def answer_invitation(request, subcommittee):
    invitation = services.pending_invitation(subcommittee, request.user)
    if invitation is None:
        raise Http404
    try:
        if request.POST.get("answer") == "accept":
            services.accept_invitation(invitation, request.user)
            messages.success(request, _("招待を受けて、分科会に参加しました。"))
        else:
            services.decline_invitation(invitation, request.user)
            messages.info(request, _("招待をお断りしました。"))
    except services.SubcommitteeError as error:
        messages.error(request, str(error))
    if access.can_discover(request.user, subcommittee):
        return redirect(subcommittee)
    return redirect("subcommittees:list")


# --- Coordinators -------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@coordinator_view
def manage(request, subcommittee):
    return render(
        request,
        f"{TEMPLATE_DIR}/manage.html",
        {
            "subcommittee": subcommittee,
            "requests": subcommittee.join_requests.filter(status=DecisionStatus.PENDING)
            .select_related("user__membership__organisation")
            .order_by("created_at"),
            "memberships": subcommittee.memberships.select_related(
                "user__membership__organisation"
            ).order_by("role", "user__last_name", "pk"),
            "invitations": subcommittee.invitations.filter(
                status=DecisionStatus.PENDING
            ).select_related("user"),
            "is_secretariat": org_access.is_secretariat(request.user),
            "moderation_form": ModerationForm(
                initial={"moderate_posts": subcommittee.moderate_posts}
            ),
            "report_count": report_services.open_count(request.user),
        },
    )


@require_POST
@coordinator_view
def set_moderation(request, subcommittee):
    form = ModerationForm(request.POST)
    if form.is_valid():
        services.set_moderation(subcommittee, form.cleaned_data["moderate_posts"], by=request.user)
        if form.cleaned_data["moderate_posts"]:
            messages.success(request, _("新しい投稿は世話人の承認後に公開されるようになりました。"))
        else:
            messages.success(request, _("新しい投稿はすぐに公開されるようになりました。"))
    return redirect("subcommittees:manage", subcommittee.slug)


@require_POST
@coordinator_view
def decide_request(request, subcommittee, pk, decision):
    join_request = get_object_or_404(
        subcommittee.join_requests, pk=pk, status=DecisionStatus.PENDING
    )
    try:
        if decision == "accept":
            with audit.request_context(request):
                services.accept_request(join_request, by=request.user)
            messages.success(
                request,
                _("%(name)sさんの参加を承認しました。")
                % {"name": join_request.user.last_name or join_request.user.get_username()},
            )
        else:
            with audit.request_context(request):
                services.decline_request(join_request, by=request.user)
            messages.info(request, _("参加申請を見送りました。"))
    except services.SubcommitteeError as error:
        messages.error(request, str(error))
    return redirect("subcommittees:manage", subcommittee.slug)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_view
def invite(request, subcommittee):
    form = InvitationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite(subcommittee, form.cleaned_data["email"], by=request.user)
        except services.SubcommitteeError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                _("%(email)s に招待のメールを送りました。") % {"email": invitation.user.email},
            )
            return redirect("subcommittees:manage", subcommittee.slug)
    return render(
        request, f"{TEMPLATE_DIR}/invite.html", {"subcommittee": subcommittee, "form": form}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_view
def remove_member(request, subcommittee, pk):
    membership = get_object_or_404(subcommittee.memberships.select_related("user"), pk=pk)
    if request.method == "POST":
        try:
            with audit.request_context(request):
                services.remove_member(membership, by=request.user)
        except services.SubcommitteeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("参加者を分科会から外しました。"))
        return redirect("subcommittees:manage", subcommittee.slug)
    return render(
        request,
        f"{TEMPLATE_DIR}/remove_confirm.html",
        {"subcommittee": subcommittee, "membership": membership},
    )


# --- Meeting records --------------------------------------------------------------


def _meeting_or_404(request, subcommittee, pk):
    meeting = get_object_or_404(subcommittee.meetings.select_related("subcommittee"), pk=pk)
    if not access.can_read_meeting(request.user, meeting):
        raise Http404
    return meeting


@never_cache
@require_http_methods(["GET", "HEAD"])
def meeting_list(request, slug):
    subcommittee = _subcommittee_or_404(request, slug)
    meetings = access.readable_meetings(request.user, subcommittee).prefetch_related("documents")
    return render(
        request,
        f"{TEMPLATE_DIR}/meeting_list.html",
        {
            "subcommittee": subcommittee,
            "meetings": meetings,
            "can_manage": access.can_manage(request.user, subcommittee),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
def meeting_detail(request, slug, pk):
    subcommittee = _subcommittee_or_404(request, slug)
    meeting = _meeting_or_404(request, subcommittee, pk)
    return render(
        request,
        f"{TEMPLATE_DIR}/meeting_detail.html",
        {
            "subcommittee": subcommittee,
            "meeting": meeting,
            "documents": meeting.documents.all(),
            "can_manage": access.can_manage(request.user, subcommittee),
            **_schedule_context(request.user, meeting),
        },
    )


def _schedule_context(user, meeting):
    """The scheduled meeting's time and place, and the viewer's registration, for
    those its event page is open to (the subcommittee's members, the secretariat)."""
    from events import services as event_services
    from events.models import ACTIVE

    event = meeting.event
    if (
        event is None
        or not event.live
        or not event_owner.SubcommitteeMeetings().can_view(user, event)
    ):
        return {}
    return {
        "event": event,
        "registration_state": event_services.registration_state(event, user),
        "registration": event.registrations.filter(user=user, status__in=ACTIVE).first(),
    }


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_view
def meeting_edit(request, subcommittee, pk=None):
    meeting = get_object_or_404(subcommittee.meetings, pk=pk) if pk else None
    form = MeetingForm(
        _posted(request), instance=meeting, members_only=subcommittee.is_members_only
    )
    if request.method == "POST" and form.is_valid():
        meeting = services.save_meeting(form, subcommittee, by=request.user)
        messages.success(request, _("会議記録を保存しました。"))
        return redirect(meeting)
    return render(
        request,
        f"{TEMPLATE_DIR}/meeting_form.html",
        {"subcommittee": subcommittee, "meeting": meeting, "form": form},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_view
def meeting_schedule(request, subcommittee, pk=None):
    """Schedule a coming meeting (or change its time and place): members then register."""
    meeting = get_object_or_404(subcommittee.meetings, pk=pk) if pk else None
    page = meeting.event if meeting is not None else None
    initial = {}
    if meeting is not None:
        initial = {"title": meeting.title, "agenda": meeting.agenda}
        if page is not None:
            initial.update(
                {name: getattr(page, name) for name in services.SCHEDULE_FIELDS},
                start=timezone.localtime(page.start),
                end=timezone.localtime(page.end),
            )
    form = ScheduleMeetingForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.schedule_meeting(
                subcommittee, by=request.user, meeting=meeting, **form.cleaned_data
            )
        except services.SubcommitteeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("会議の日時と会場を保存しました。"))
            return redirect(meeting)
    return render(
        request,
        f"{TEMPLATE_DIR}/meeting_schedule.html",
        {"subcommittee": subcommittee, "meeting": meeting, "form": form},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_view
def meeting_delete(request, subcommittee, pk):
    meeting = get_object_or_404(subcommittee.meetings, pk=pk)
    if request.method == "POST":
        services.delete_meeting(meeting, by=request.user)
        messages.success(request, _("会議記録を削除しました。"))
        return redirect("subcommittees:meeting_list", subcommittee.slug)
    return render(
        request,
        f"{TEMPLATE_DIR}/meeting_delete.html",
        {"subcommittee": subcommittee, "meeting": meeting},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_view
def document_add(request, subcommittee, pk):
    meeting = get_object_or_404(subcommittee.meetings, pk=pk)
    form = DocumentForm(_posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.add_document(
            meeting,
            title=form.cleaned_data["title"],
            file=form.cleaned_data["file"],
            by=request.user,
        )
        messages.success(request, _("資料を追加しました。"))
        return redirect(meeting)
    return render(
        request,
        f"{TEMPLATE_DIR}/document_form.html",
        {"subcommittee": subcommittee, "meeting": meeting, "form": form},
    )


@require_POST
@coordinator_view
def document_delete(request, subcommittee, pk, document_pk):
    meeting = get_object_or_404(subcommittee.meetings, pk=pk)
    document = get_object_or_404(meeting.documents, pk=document_pk)
    services.delete_document(document, by=request.user)
    messages.success(request, _("資料を削除しました。"))
    return redirect(meeting)


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


@never_cache
@require_http_methods(["GET", "HEAD"])
def document_download(request, slug, pk, document_pk):
    """A meeting document, after the access check; always a download, never rendered."""
    subcommittee = _subcommittee_or_404(request, slug)
    meeting = _meeting_or_404(request, subcommittee, pk)
    document = get_object_or_404(meeting.documents, pk=document_pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    filename = document.original_name or f"{document.title}.{document.extension}"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=CONTENT_TYPES.get(document.extension, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
