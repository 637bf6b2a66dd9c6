"""Wagtail admin: the secretariat's queue of reports, with its count in the menu."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import LogFormatter

from . import audit, registry, services


class ReportQueueView(WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("通報の確認")
    header_icon = "warning"
    template_name = "reports/admin/queue.html"

    def dispatch(self, request, *args, **kwargs):
        if not registry.roles.reviews_all(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cases"] = services.cases(self.request.user)
        context["next"] = reverse("reports_admin_queue")
        context["hidden"] = services.flagged_hidden()
        return context


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("reports/", ReportQueueView.as_view(), name="reports_admin_queue")]


class ReportMenuItem(MenuItem):
    """「通報」, with the number of reported objects waiting, for the secretariat."""

    def is_shown(self, request):
        return registry.roles.reviews_all(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        count = services.open_count(request.user)
        if count:
            component.label = _("通報（%(count)d件）") % {"count": count}
        return component


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return ReportMenuItem(
        gettext_lazy("通報"),
        reverse_lazy("reports_admin_queue"),
        name="reports",
        icon_name="warning",
        order=320,
    )


class ReportLogFormatter(LogFormatter):
    template = ""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        kind = registry.get(data.get("kind", ""))
        message = self.template % {
            "kind": kind.label if kind else data.get("kind", ""),
            "id": data.get("object_id", ""),
        }
        return message


@hooks.register("register_log_actions")
def register_report_actions(actions):
    @actions.register_action(audit.HIDDEN)
    class Hidden(ReportLogFormatter):
        label = gettext_lazy("通報による非表示")
        template = gettext_lazy("通報を受けた%(kind)s（ID %(id)s）を非表示にしました")

    @actions.register_action(audit.DISMISSED)
    class Dismissed(ReportLogFormatter):
        label = gettext_lazy("通報の却下")
        template = gettext_lazy("%(kind)s（ID %(id)s）への通報を問題なしとしました")

    @actions.register_action(audit.AUTO_HIDDEN)
    class AutoHidden(ReportLogFormatter):
        label = gettext_lazy("通報による自動非表示")
        template = gettext_lazy("通報が重なった%(kind)s（ID %(id)s）を自動で非表示にしました")
