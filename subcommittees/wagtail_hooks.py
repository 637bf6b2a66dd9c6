"""Wagtail admin: the secretariat creates and edits subcommittees (分科会).

Only the 事務局 (organisations.access.is_secretariat, superusers included) sees
the menu item or opens any of these views. Saving runs the subcommittee
service in the same transaction: coordinators become members with the
coordinator role, a new subcommittee gets its forum at once, and the forum's
permissions follow every change of visibility or coordinators. Subcommittees
are never deleted here (their forum and records would be orphaned): they are
made inactive instead.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from cms import audit
from cms.translation.fields import TranslationsFormMixin
from organisations import access as org_access
from organisations.choices import OrganisationStatus

from . import services
from .models import MembershipRole, Subcommittee


class SecretariatPermissionPolicy(BasePermissionPolicy):
    """Everything but delete for the secretariat; nothing for anybody else."""

    def _allowed(self, user, action):
        return action != "delete" and org_access.is_secretariat(user)

    def user_has_permission(self, user, action):
        return self._allowed(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self._allowed(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if "delete" in actions and len(set(actions)) == 1:
            return get_user_model().objects.none()
        users = get_user_model().objects.filter(is_active=True)
        return [user for user in users if org_access.is_secretariat(user)]


register_permission_policy(Subcommittee, SecretariatPermissionPolicy(Subcommittee))


class CoordinatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        name = f"{user.last_name} {user.first_name}".strip() or user.get_username()
        return pgettext("補足の括弧", "%(text)s（%(note)s）") % {
            "text": name,
            "note": user.membership.organisation.name,
        }


def coordinator_candidates():
    """Staff of active member organisations: only they may be subcommittee members."""
    return (
        get_user_model()
        .objects.filter(is_active=True, membership__organisation__status=OrganisationStatus.ACTIVE)
        .select_related("membership__organisation")
        .order_by("membership__organisation__name_kana", "last_name", "first_name", "pk")
    )


class SubcommitteeAdminForm(TranslationsFormMixin, WagtailAdminModelForm):
    """The subcommittee, its coordinators, and its name and theme in each language."""

    coordinators = CoordinatorChoiceField(
        label=_("世話人"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("会員団体のスタッフから選びます。選んだ方は分科会の参加者にもなります。"),
    )

    class Meta:
        model = Subcommittee
        fields = [
            "name",
            "slug",
            "theme",
            "description",
            "prefectures",
            "municipalities",
            "target_groups",
            "visibility",
            "join_policy",
            "moderate_posts",
            "is_active",
        ]
        widgets = {
            "prefectures": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "visibility": forms.RadioSelect,
            "join_policy": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinators"].queryset = coordinator_candidates()
        if self.instance.pk:
            self.fields["coordinators"].initial = [
                m.user_id for m in self.instance.memberships.filter(role=MembershipRole.COORDINATOR)
            ]

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if not slug.isascii():
            raise forms.ValidationError(_("URL名は半角英数字とハイフンで入力してください。"))
        return slug.lower()


class SaveThroughServiceMixin:
    """After Wagtail saved the form (inside its transaction): coordinators and forum."""

    is_new = False

    def save_instance(self):
        instance = super().save_instance()
        with audit.request_context(self.request):
            services.save_subcommittee(
                instance,
                by=self.request.user,
                coordinators=list(self.form.cleaned_data.get("coordinators") or []),
                is_new=self.is_new,
            )
        return instance


class SubcommitteeCreateView(SaveThroughServiceMixin, generic.CreateView):
    is_new = True


class SubcommitteeEditView(SaveThroughServiceMixin, generic.EditView):
    pass


class SubcommitteeViewSet(ModelViewSet):
    model = Subcommittee
    icon = "group"
    menu_label = _("分科会")
    menu_order = 320
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    add_view_class = SubcommitteeCreateView
    edit_view_class = SubcommitteeEditView
    list_display = ["name", "theme", "visibility", "join_policy", "is_active"]
    list_filter = ["visibility", "join_policy", "is_active"]
    search_fields = ["name", "theme"]
    ordering = ["name"]

    def get_form_class(self, for_update=False):
        return SubcommitteeAdminForm


@hooks.register("register_admin_viewset")
def register_subcommittee_viewset():
    return SubcommitteeViewSet("subcommittee_admin")


# --- The audit log (services.py records; the secretariat reads Site history) -----


class MemberLogFormatter(LogFormatter):
    """A message naming the member concerned (stored in the entry when it was written)."""

    template = ""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return self.template % {"name": data.get("member_name", "")}


@hooks.register("register_log_actions")
def register_subcommittee_actions(actions):
    @actions.register_action(services.ROLE_CHANGED)
    class RoleChanged(LogFormatter):
        label = _("世話人の変更")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            if data.get("role") == MembershipRole.COORDINATOR:
                template = _("%(name)sさんを世話人にしました")
            else:
                template = _("%(name)sさんを世話人から参加者に戻しました")
            return template % {"name": data.get("member_name", "")}

    @actions.register_action(services.REQUEST_ACCEPTED)
    class RequestAccepted(MemberLogFormatter):
        label = _("参加申請の承認")
        template = _("%(name)sさんの参加申請を承認しました")

    @actions.register_action(services.REQUEST_DECLINED)
    class RequestDeclined(MemberLogFormatter):
        label = _("参加申請の見送り")
        template = _("%(name)sさんの参加申請を見送りました")

    @actions.register_action(services.MEMBER_REMOVED)
    class MemberRemoved(MemberLogFormatter):
        label = _("参加者の削除")
        template = _("%(name)sさんを分科会から外しました")
