"""Wagtail admin: the organisations register (listing, status changes, audit trail).

The secretariat (permission ``organisations.change_organisation``) lists,
filters and edits the register, changes an organisation's status with a
recorded reason, and reads each organisation's audit trail (変更届). The
model's permission policy is Wagtail's default ModelPermissionPolicy: only
users holding an organisations permission see the menu item at all, and
organisation admins never have Wagtail admin access.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem as ButtonMenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn, UpdatedAtColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

import django_filters

from organisations import access
from organisations.choices import OrganisationStatus
from organisations.forms.manage import OrganisationRegisterForm, StatusChangeForm
from organisations.models import Organisation
from organisations.services import manage as services

TEMPLATE_DIR = "organisations/manage/admin"


def pending_withdrawal_q():
    return Q(withdrawal_requested_at__isnull=False, status=OrganisationStatus.ACTIVE)


class OrganisationFilterSet(WagtailFilterSet):
    pending_withdrawal = django_filters.BooleanFilter(
        label=_("未処理の退会届"),
        method="filter_pending_withdrawal",
        widget=forms.Select(choices=[("", "---------"), ("true", _("あり")), ("false", _("なし"))]),
    )

    class Meta:
        model = Organisation
        fields = ["status", "tier", "legal_form", "prefecture"]

    def filter_pending_withdrawal(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(pending_withdrawal_q())
            if value
            else queryset.exclude(pending_withdrawal_q())
        )


def withdrawal_column_value(organisation):
    if organisation.withdrawal_requested_at and organisation.is_active:
        return _("提出あり（未処理）")
    return ""


class RegisterURLsMixin:
    """The extra URL names the viewset passes to its views."""

    status_url_name = None
    audit_url_name = None

    def get_status_url(self, instance):
        return reverse(self.status_url_name, args=[instance.pk])

    def get_audit_url(self, instance):
        return reverse(self.audit_url_name, args=[instance.pk])


class OrganisationIndexView(RegisterURLsMixin, generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if access.can_change_status(self.request.user):
            buttons.append(
                ButtonMenuItem(
                    _("状態を変更"),
                    url=self.get_status_url(instance),
                    icon_name="warning",
                    priority=40,
                )
            )
        if access.can_read_audit_trail(self.request.user):
            buttons.append(
                ButtonMenuItem(
                    _("変更履歴"),
                    url=self.get_audit_url(instance),
                    icon_name="history",
                    priority=50,
                )
            )
        return buttons


class OrganisationEditView(RegisterURLsMixin, generic.EditView):
    """The register's edit form; every saved change goes into the audit trail."""

    def save_instance(self):
        return services.save_register_edit(
            self.object, by=self.request.user, save=super().save_instance
        )

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if access.can_change_status(self.request.user):
            buttons.append(
                Button(_("状態を変更"), url=self.get_status_url(self.object), icon_name="warning")
            )
        if access.can_read_audit_trail(self.request.user):
            buttons.append(
                Button(_("変更履歴"), url=self.get_audit_url(self.object), icon_name="history")
            )
        if access.can_translate_profile(self.request.user, self.object):
            buttons.append(
                Button(
                    _("団体紹介の翻訳"),
                    url=reverse("my_organisation:translations", args=[self.object.pk]),
                    icon_name="globe",
                )
            )
        return buttons


class OrganisationObjectView(RegisterURLsMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin):
    """Base of the status and audit views: one organisation, secretariat only."""

    model = Organisation
    permission_required = "change"
    index_url_name = None
    edit_url_name = None
    header_icon = "group"
    rule = None  # a function of organisations.access

    def dispatch(self, request, *args, **kwargs):
        if not self.rule(request.user):
            raise PermissionDenied
        self.object = get_object_or_404(Organisation, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("会員団体")},
            {"url": reverse(self.edit_url_name, args=[self.object.pk]), "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            edit_url=reverse(self.edit_url_name, args=[self.object.pk]),
            status_url=self.get_status_url(self.object),
            audit_url=self.get_audit_url(self.object),
        )
        return context


class OrganisationStatusView(OrganisationObjectView, FormView):
    """資格停止・除名・退会・会員に戻す, with a reason; effective at once."""

    template_name = f"{TEMPLATE_DIR}/status.html"
    page_title = _("会員の状態の変更")
    form_class = StatusChangeForm
    rule = staticmethod(access.can_change_status)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.object}

    def form_valid(self, form):
        try:
            organisation = services.set_status(
                self.object,
                form.cleaned_data["status"],
                by=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except services.ManageError as error:
            form.add_error("status", str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("「%(name)s」の状態を「%(status)s」にしました。")
            % {"name": organisation.name, "status": organisation.get_status_display()},
        )
        return redirect(self.get_audit_url(organisation))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.get_status_url(self.object),
            submit_button_label=_("状態を変更する"),
            submit_button_active_label=_("変更しています…"),
        )
        return context


class OrganisationAuditView(OrganisationObjectView, TemplateView):
    """The organisation's audit trail: every ProfileChange, newest first."""

    template_name = f"{TEMPLATE_DIR}/audit.html"
    page_title = _("変更履歴")
    permission_required = "change"
    rule = staticmethod(access.can_read_audit_trail)
    per_page = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        changes = self.object.changes.select_related("user")
        page = Paginator(changes, self.per_page).get_page(self.request.GET.get("p"))
        context.update(
            page=page,
            entries=[
                {
                    "change": change,
                    "rows": [
                        {
                            "label": services.change_label(key),
                            "old": services.format_change_value(values[0]),
                            "new": services.format_change_value(values[1]),
                        }
                        for key, values in change.changes.items()
                    ],
                }
                for change in page.object_list
            ],
        )
        return context


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("会員団体")
    menu_name = "organisations"
    menu_order = 210
    add_to_admin_menu = True
    copy_view_enabled = False
    index_view_class = OrganisationIndexView
    edit_view_class = OrganisationEditView
    filterset_class = OrganisationFilterSet
    search_fields = ["name", "name_kana"]
    search_backend_name = None  # the ORM: names are matched by substring
    ordering = ["name_kana", "pk"]
    list_per_page = 50
    list_display = [
        "name",
        StatusTagColumn(
            "get_status_display",
            label=_("会員の状態"),
            sort_key="status",
            primary=lambda org: org.is_active,
        ),
        Column("get_tier_display", label=_("会員区分"), sort_key="tier"),
        Column("get_legal_form_display", label=_("法人格"), sort_key="legal_form"),
        Column("prefecture", label=_("都道府県"), sort_key="prefecture__code"),
        Column("withdrawal", label=_("退会届"), accessor=withdrawal_column_value),
        Column("joined_on", label=_("入会日"), sort_key="joined_on"),
        UpdatedAtColumn(),
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("name"),
                    FieldPanel("name_kana"),
                    FieldPanel("slug"),
                    FieldPanel("legal_form"),
                    FieldPanel("tier"),
                    FieldPanel("joined_on"),
                ],
                heading=_("登録情報"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("status", read_only=True),
                    FieldPanel("status_reason", read_only=True),
                    FieldPanel("left_on", read_only=True),
                    FieldPanel("withdrawal_requested_at", read_only=True),
                    FieldPanel("withdrawal_reason", read_only=True),
                ],
                heading=_("会員の状態（「状態を変更」から変えます）"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("representative"),
                    FieldPanel("founded_on"),
                    FieldPanel("staff_count"),
                    FieldPanel("website"),
                    FieldPanel("message"),
                    FieldPanel("description"),
                ],
                heading=_("団体概要"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("postcode"),
                    FieldPanel("prefecture"),
                    FieldPanel("municipality"),
                    FieldPanel("street_address"),
                    FieldPanel("street_address_visibility"),
                ],
                heading=_("所在地"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("contact_name"),
                    FieldPanel("contact_name_visibility"),
                    FieldPanel("phone"),
                    FieldPanel("phone_visibility"),
                    FieldPanel("email"),
                    FieldPanel("email_visibility"),
                ],
                heading=_("連絡先"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("areas_prefectures", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("areas_municipalities"),
                ],
                heading=_("取組地域"),
            ),
            MultiFieldPanel(
                [FieldPanel("logo"), FieldPanel("logo_alt_text")],
                heading=_("ロゴ"),
            ),
        ],
        base_form_class=OrganisationRegisterForm,
    )

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            status_url_name=self.get_url_name("status"),
            audit_url_name=self.get_url_name("audit"),
            **kwargs,
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("status/<int:pk>/", self.status_view, name="status"),
            path("audit/<int:pk>/", self.audit_view, name="audit"),
        ]

    @property
    def status_view(self):
        return self.construct_view(OrganisationStatusView)

    @property
    def audit_view(self):
        return self.construct_view(OrganisationAuditView)


organisation_viewset = OrganisationViewSet("organisation_register", url_prefix="organisations")


@hooks.register("register_admin_viewset")
def register_organisation_viewset():
    return organisation_viewset
