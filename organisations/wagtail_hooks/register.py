"""Wagtail admin: importing the register from CSV/Excel, and exporting it.

「名簿の取込み」: upload a file, read the dry-run report (line, column,
problem), and, once the file is clean, import it with one button. The upload
is kept in the database (RegisterImport) between the two requests, so it
works whichever web server answers; the import checks the file again.

「名簿の書き出し」: the full register (every field, for the secretariat) as
Excel or CSV. Who may do either is decided in organisations.access.
"""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import LogFormatter

from cms import audit
from organisations import access
from organisations.forms.register import RegisterExportForm, RegisterUploadForm
from organisations.models import RegisterImport
from organisations.services import register as services

logger = logging.getLogger("organisations.register")

# The audit log (cms/audit.py): who took the full register out, when, from
# where. Logged against the exporting account: the register is no one object.
REGISTER_EXPORTED = "organisations.register_exported"


class RegisterAccessMixin:
    """Every view here asks organisations.access first (Wagtail has already
    checked admin access: anonymous visitors are sent to the login page)."""

    def dispatch(self, request, *args, **kwargs):
        if not self.has_access(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def has_access(self, user):
        return access.can_import_register(user)


class ImportBreadcrumbsMixin(WagtailAdminTemplateMixin):
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("organisations_register_import"), "label": _("名簿の取込み")},
        ]


class RegisterUploadView(RegisterAccessMixin, ImportBreadcrumbsMixin, FormView):
    page_title = _("名簿の取込み")
    template_name = "organisations/register/upload.html"
    form_class = RegisterUploadForm

    def form_valid(self, form):
        upload = services.save_upload(
            form.cleaned_data["content"], form.cleaned_data["file"].name, self.request.user
        )
        logger.info(
            "register upload checked",
            extra={"user_id": self.request.user.pk, "register_import_id": upload.pk},
        )
        return redirect("organisations_register_import_report", pk=upload.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=services.COLUMNS, **kwargs)


class RegisterReportView(RegisterAccessMixin, ImportBreadcrumbsMixin, TemplateView):
    """The dry-run report of one upload; POST imports it (checked once more)."""

    page_title = _("名簿の取込み")
    page_subtitle = _("確認結果")
    template_name = "organisations/register/report.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.upload = None

    def get_upload(self):
        # Only the uploader's own, recent uploads: another id is simply not found.
        upload = services.pending_upload(self.kwargs["pk"], self.request.user)
        if upload is None:
            raise Http404
        return upload

    def get(self, request, *args, **kwargs):
        self.upload = self.get_upload()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.upload = self.get_upload()
        if self.upload.status == RegisterImport.Status.IMPORTED:
            return redirect("organisations_register_import_report", pk=self.upload.pk)
        try:
            report = services.import_upload(self.upload, request.user)
        except services.RegisterImportFailed as error:
            messages.error(request, str(error))
            return redirect("organisations_register_import_report", pk=self.upload.pk)
        if report.committed:
            logger.info(
                "register imported",
                extra={"user_id": request.user.pk, "register_import_id": self.upload.pk},
            )
            messages.success(request, report.summary())
        else:
            messages.error(request, _("問題があるため、何も取り込みませんでした。"))
        return redirect("organisations_register_import_report", pk=self.upload.pk)

    def get_context_data(self, **kwargs):
        report = services.Report.from_dict(self.upload.report)
        return super().get_context_data(
            upload=self.upload,
            report=report,
            is_imported=self.upload.status == RegisterImport.Status.IMPORTED,
            **kwargs,
        )


class RegisterTemplateView(RegisterAccessMixin, View):
    """An empty register: just the header row, ready to fill in Excel."""

    def get(self, request):
        content = services.write_csv([[column.label for column in services.COLUMNS]])
        response = HttpResponse(content, content_type=services.CSV_CONTENT_TYPE)
        response["Content-Disposition"] = 'attachment; filename="organisations-template.csv"'
        return response


class RegisterExportView(RegisterAccessMixin, WagtailAdminTemplateMixin, FormView):
    page_title = _("名簿の書き出し")
    header_icon = "download"
    template_name = "organisations/register/export.html"
    form_class = RegisterExportForm

    def has_access(self, user):
        return access.can_export_register(user)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("organisations_register_export"), "label": _("名簿の書き出し")},
        ]

    def form_valid(self, form):
        content, content_type, filename = services.export_register(
            form.cleaned_data["file_format"],
            include_inactive=form.cleaned_data["include_inactive"],
        )
        logger.info(
            "register exported",
            extra={"user_id": self.request.user.pk, "format": form.cleaned_data["file_format"]},
        )
        audit.record(
            REGISTER_EXPORTED,
            request=self.request,
            data={
                "file_format": form.cleaned_data["file_format"],
                "include_inactive": bool(form.cleaned_data["include_inactive"]),
            },
        )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "register/import/",
            RegisterUploadView.as_view(),
            name="organisations_register_import",
        ),
        path(
            "register/import/<int:pk>/",
            RegisterReportView.as_view(),
            name="organisations_register_import_report",
        ),
        path(
            "register/import/template.csv",
            RegisterTemplateView.as_view(),
            name="organisations_register_template",
        ),
        path(
            "register/export/",
            RegisterExportView.as_view(),
            name="organisations_register_export",
        ),
    ]


class RegisterMenuItem(MenuItem):
    def __init__(self, *args, rule, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = rule

    def is_shown(self, request):
        return self.rule(request.user)


register_menu = Menu(
    items=[
        RegisterMenuItem(
            _("名簿の取込み"),
            reverse_lazy("organisations_register_import"),
            name="register-import",
            icon_name="upload",
            order=100,
            rule=access.can_import_register,
        ),
        RegisterMenuItem(
            _("名簿の書き出し"),
            reverse_lazy("organisations_register_export"),
            name="register-export",
            icon_name="download",
            order=200,
            rule=access.can_export_register,
        ),
    ]
)


@hooks.register("register_admin_menu_item")
def register_register_menu():
    return SubmenuMenuItem(
        _("会員名簿（CSV・Excel）"),
        register_menu,
        name="organisations-register",
        icon_name="table",
        order=310,
    )


@hooks.register("register_log_actions")
def register_register_actions(actions):
    @actions.register_action(REGISTER_EXPORTED)
    class RegisterExported(LogFormatter):
        label = _("名簿の書き出し")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            if data.get("include_inactive"):
                message = _("会員名簿を書き出しました（%(format)s、資格停止・退会・除名を含む）")
            else:
                message = _("会員名簿を書き出しました（%(format)s）")
            message = message % {"format": str(data.get("file_format", "")).upper()}
            return audit.with_ip(message, log_entry)
