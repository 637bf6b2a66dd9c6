"""Wagtail admin: the 事務局's queue of deletion requests (削除の申し出) and their confirmation.

Who may see and confirm is ``privacy.registry.may_review`` (organisations
declares the 事務局 there). Confirming is a POST that runs
``privacy.services.confirm_deletion``.
"""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.defaults import permission_denied
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from privacy import registry, services
from privacy.models import DeletionRequest

logger = logging.getLogger(__name__)


class ReviewerRequiredMixin:
    """Only the reviewers (the 事務局). Others with admin access get a plain 403:
    Wagtail would turn a raised PermissionDenied into a redirect to the dashboard."""

    def dispatch(self, request, *args, **kwargs):
        if not registry.may_review(request.user):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)


class DeletionRequestIndexView(ReviewerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = _("削除の申し出")
    header_icon = "warning"
    template_name = "privacy/admin/deletion_requests.html"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("privacy_deletion_requests"), "label": _("削除の申し出")},
        ]

    def get_context_data(self, **kwargs):
        requests = DeletionRequest.objects.select_related("user", "decided_by")
        pending = list(requests.filter(status=DeletionRequest.Status.PENDING).order_by("pk"))
        for deletion in pending:
            deletion.blocked = services.blocking_reasons(deletion.user) if deletion.user else []
        return super().get_context_data(
            pending=pending,
            closed=requests.exclude(status=DeletionRequest.Status.PENDING)[:50],
            **kwargs,
        )


class ConfirmDeletionView(ReviewerRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            services.confirm_deletion(pk, by=request.user)
        except services.DeletionNotPending:
            messages.error(request, _("この申し出はすでに対応済みか、見つかりません。"))
        except services.DeletionBlocked as blocked:
            messages.error(
                request,
                _("まだ削除できません：%(reasons)s") % {"reasons": " ".join(blocked.messages)},
            )
        else:
            messages.success(request, _("削除しました。申し出た人にメールで知らせます。"))
        return redirect("privacy_deletion_requests")


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "privacy/deletion-requests/",
            DeletionRequestIndexView.as_view(),
            name="privacy_deletion_requests",
        ),
        path(
            "privacy/deletion-requests/<int:pk>/confirm/",
            ConfirmDeletionView.as_view(),
            name="privacy_confirm_deletion",
        ),
    ]


class ReviewerMenuItem(MenuItem):
    def is_shown(self, request):
        return registry.may_review(request.user)


@hooks.register("register_admin_menu_item")
def register_deletion_menu():
    return ReviewerMenuItem(
        _("削除の申し出"),
        reverse_lazy("privacy_deletion_requests"),
        name="privacy-deletion-requests",
        icon_name="warning",
        order=330,
    )
