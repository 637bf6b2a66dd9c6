"""/my-organisation/: an organisation's staff and admin manage it (see urls/manage.py).

Views are thin: organisations.access decides who may do what, the services in
organisations.services.manage change things. Everything is looked up through
the signed-in person's own membership, so an id of another organisation's
staff member simply is not found (404).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from allauth.account.decorators import reauthentication_required

from organisations import access
from organisations.choices import MembershipRole
from organisations.extensions import dashboard_panels
from organisations.forms.manage import (
    ConfirmForm,
    InvitationForm,
    NewAccountForm,
    PhotoFormSet,
    PracticeWriterForm,
    ProfileForm,
    WithdrawalForm,
)
from organisations.models import Membership
from organisations.services import manage as services

TEMPLATE_DIR = "organisations/manage"


def _posted(request):
    """The POST data, or None on GET: an empty POST still binds the form (and shows errors)."""
    return request.POST if request.method == "POST" else None


def _no_organisation(request):
    return render(request, f"{TEMPLATE_DIR}/no_organisation.html", status=404)


def organisation_view(*, admin_only):
    """Sign-in required; passes the person's organisation to the view.

    Nobody without a membership gets further than a friendly 404 page; with
    ``admin_only``, staff who are not its (active) admin get a 403 page.
    """

    def decorator(view):
        @never_cache
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not access.can_view_dashboard(request.user):
                return _no_organisation(request)
            organisation = access.membership_of(request.user).organisation
            if admin_only and not access.can_manage_organisation(request.user, organisation):
                return render(
                    request,
                    f"{TEMPLATE_DIR}/forbidden.html",
                    {"organisation": organisation},
                    status=403,
                )
            return view(request, organisation, *args, **kwargs)

        return wrapped

    return decorator


@require_http_methods(["GET", "HEAD"])
@organisation_view(admin_only=False)
def dashboard(request, organisation):
    memberships = organisation.memberships.select_related("user")
    return render(
        request,
        f"{TEMPLATE_DIR}/dashboard.html",
        {
            "organisation": organisation,
            "membership": access.membership_of(request.user),
            "can_manage": access.can_manage_organisation(request.user, organisation),
            "panels": dashboard_panels(request, organisation),
            "admins": [m for m in memberships if m.role == MembershipRole.ADMIN],
            "is_listed": organisation.is_active,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@organisation_view(admin_only=True)
def edit_profile(request, organisation):
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=organisation)
        photos = PhotoFormSet(request.POST, request.FILES, organisation=organisation)
        if form.is_valid() and photos.is_valid():
            change = services.save_profile(
                organisation, by=request.user, form=form, photo_formset=photos
            )
            if change:
                messages.success(request, _("変更を保存しました。事務局に変更届が送られました。"))
            else:
                messages.info(request, _("変更された項目はありませんでした。"))
            return redirect("my_organisation:edit_profile")
    else:
        form = ProfileForm(instance=organisation)
        photos = PhotoFormSet(organisation=organisation)
    return render(
        request,
        f"{TEMPLATE_DIR}/profile_form.html",
        {"organisation": organisation, "form": form, "photos": photos},
    )


@require_http_methods(["GET", "HEAD"])
@organisation_view(admin_only=True)
def staff(request, organisation):
    return render(
        request,
        f"{TEMPLATE_DIR}/staff.html",
        {
            "organisation": organisation,
            "memberships": organisation.memberships.select_related("user").order_by(
                "-role", "user__last_name", "pk"
            ),
            "invitations": services.pending_invitations(organisation),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@organisation_view(admin_only=True)
def invite_staff(request, organisation):
    form = InvitationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invite_staff(
                organisation, email=form.cleaned_data["email"], by=request.user
            )
        except services.ManageError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                _("%(email)s に招待のメールを送りました。") % {"email": invitation.email},
            )
            return redirect("my_organisation:staff")
    return render(
        request,
        f"{TEMPLATE_DIR}/invite.html",
        {"organisation": organisation, "form": form},
    )


def _confirmed_staff_action(
    request, organisation, membership_id, *, action, template, success_message, success_url
):
    """GET: a confirmation page; POST with the box ticked: do it.

    The membership is looked up among the organisation's own staff only.
    """
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, organisation=organisation
    )
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            action(organisation, membership, by=request.user)
        except services.ManageError as error:
            messages.error(request, str(error))
            return redirect("my_organisation:staff")
        messages.success(request, success_message)
        return redirect(success_url)
    return render(
        request,
        f"{TEMPLATE_DIR}/{template}",
        {"organisation": organisation, "membership": membership, "form": form},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@organisation_view(admin_only=True)
def remove_staff(request, organisation, membership_id):
    return _confirmed_staff_action(
        request,
        organisation,
        membership_id,
        action=services.remove_staff,
        template="confirm_remove.html",
        success_message=_("スタッフを削除しました。"),
        success_url="my_organisation:staff",
    )


# Handing the organisation to someone else and filing its withdrawal ask for
# the password again unless it was entered in the last few minutes
# (ACCOUNT_REAUTHENTICATION_TIMEOUT), like changing the sign-in e-mail: an
# unattended signed-in browser must not be enough. Only the POST asks;
# allauth keeps the suspended POST and carries it through once the password
# is entered, so the reason typed for a withdrawal is not lost.
sensitive_action = reauthentication_required(enabled=lambda request: request.method == "POST")


@require_http_methods(["GET", "HEAD", "POST"])
@organisation_view(admin_only=True)
@sensitive_action
def transfer_admin(request, organisation, membership_id):
    return _confirmed_staff_action(
        request,
        organisation,
        membership_id,
        action=services.transfer_admin,
        template="confirm_transfer.html",
        success_message=_("団体管理者を引き継ぎました。あなたは今後スタッフとして参加します。"),
        success_url="my_organisation:dashboard",
    )


@organisation_view(admin_only=True)
@require_http_methods(["POST"])
def set_practice_writer(request, organisation, membership_id):
    """Allow (or stop) a staff member writing the organisation's write-ups.

    POST only (a button on the staff page); the membership is looked up among
    the organisation's own staff, so another organisation's id is a 404.
    """
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, organisation=organisation
    )
    form = PracticeWriterForm(request.POST)
    if membership.is_admin or not form.is_valid():
        messages.error(request, _("変更できませんでした。もう一度お試しください。"))
        return redirect("my_organisation:staff")
    allowed = form.cleaned_data["allowed"]
    services.set_practice_writer(membership, allowed=allowed)
    name = membership.user.last_name or membership.user.email
    if allowed:
        message = _("%(name)sさんが取組事例を書けるようにしました。")
    else:
        message = _("%(name)sさんは取組事例を書けなくなりました。")
    messages.success(request, message % {"name": name})
    return redirect("my_organisation:staff")


@require_http_methods(["GET", "HEAD", "POST"])
@organisation_view(admin_only=True)
@sensitive_action
def withdraw(request, organisation):
    form = WithdrawalForm(_posted(request))
    if request.method == "POST" and not organisation.withdrawal_requested_at and form.is_valid():
        try:
            services.request_withdrawal(
                organisation, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ManageError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("退会届を提出しました。事務局の手続きが終わるまで、会員のままです。"),
            )
        return redirect("my_organisation:dashboard")
    return render(
        request,
        f"{TEMPLATE_DIR}/withdraw.html",
        {"organisation": organisation, "form": form},
    )


@never_cache
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "HEAD", "POST"])
def accept_invitation(request, token):
    """The link in an invitation e-mail: open an account, or attach the signed-in one."""
    invitation = services.find_invitation(token)
    if invitation is None:
        return render(request, f"{TEMPLATE_DIR}/invitation_invalid.html", status=404)
    context = {"invitation": invitation, "organisation": invitation.organisation}
    user = request.user

    if user.is_authenticated:
        if not services.email_matches(user, invitation.email):
            return render(request, f"{TEMPLATE_DIR}/invitation_other_account.html", context)
        if access.membership_of(user) is not None:
            return render(request, f"{TEMPLATE_DIR}/invitation_already_member.html", context)
        form = ConfirmForm(_posted(request))
        if request.method == "POST" and form.is_valid():
            try:
                services.accept_invitation_as(invitation, user)
            except services.ManageError as error:
                messages.error(request, str(error))
                return render(request, f"{TEMPLATE_DIR}/invitation_invalid.html", status=404)
            messages.success(
                request,
                _("%(name)s のスタッフになりました。") % {"name": invitation.organisation.name},
            )
            return redirect("my_organisation:dashboard")
        return render(request, f"{TEMPLATE_DIR}/invitation_confirm.html", {**context, "form": form})

    if services.invitation_account(invitation) is not None:
        # The address already has an account: sign in first, then come back.
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        context["login_url"] = reverse("account_login") + "?next=" + request.path
        return render(request, f"{TEMPLATE_DIR}/invitation_sign_in.html", context)

    form = NewAccountForm(_posted(request), email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            new_user = services.accept_invitation_with_new_account(
                invitation,
                last_name=form.cleaned_data["last_name"],
                first_name=form.cleaned_data["first_name"],
                password=form.cleaned_data["password1"],
            )
        except services.ManageError:
            return render(request, f"{TEMPLATE_DIR}/invitation_invalid.html", status=404)
        login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("アカウントを作成し、%(name)s のスタッフになりました。")
            % {"name": invitation.organisation.name},
        )
        return redirect("my_organisation:dashboard")
    return render(
        request,
        f"{TEMPLATE_DIR}/invitation_new_account.html",
        {**context, "form": form},
    )
