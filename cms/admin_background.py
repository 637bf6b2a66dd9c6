"""The admin's view of background work: 送信メール (the outbox) and 失敗した処理.

The secretariat holds ``view`` and ``retry`` on both (cms migration 0005);
nobody edits or deletes a row. Each row's menu has a retry (再送 / 再実行),
a confirmation page whose POST queues the job again (cms/background.py).
"""

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

import django_filters

from cms import background
from cms.models import BackgroundFailure, OutboundEmail

TASK_LABELS = {
    "search.tasks.update_search_index": _("検索インデックスの更新"),
    "cms.translation.tasks.machine_translate_page": _("機械翻訳"),
}


def can_retry(user, model):
    return user.has_perm(f"cms.retry_{model._meta.model_name}")


class OutboxFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("状態"),
        choices=list(background.STATUS_LABELS.items()),
        method="filter_status",
    )

    class Meta:
        model = OutboundEmail
        fields = []

    def filter_status(self, queryset, name, value):
        return background.emails_with_status(queryset, value)


class FailureFilterSet(WagtailFilterSet):
    open = django_filters.BooleanFilter(
        label=_("未対応のみ"),
        field_name="retried_at",
        lookup_expr="isnull",
        widget=forms.Select(
            choices=[("", "---------"), ("true", _("はい")), ("false", _("いいえ"))]
        ),
    )
    task = django_filters.ChoiceFilter(label=_("処理"), choices=list(TASK_LABELS.items()))

    class Meta:
        model = BackgroundFailure
        fields = []


def email_status_label(email):
    return background.STATUS_LABELS[background.email_status(email)]


def task_label(failure):
    return TASK_LABELS.get(failure.task, failure.task)


class RetryIndexView(generic.IndexView):
    retry_url_name = None
    retry_label = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.retryable(instance) and can_retry(self.request.user, self.model):
            buttons.append(
                MenuItem(
                    self.retry_label,
                    url=reverse(self.retry_url_name, args=[instance.pk]),
                    icon_name="rotate",
                    priority=10,
                )
            )
        return buttons

    def retryable(self, instance):
        return True


class OutboxIndexView(RetryIndexView):
    retry_url_name = "cms_outbox:retry"
    retry_label = _("再送")

    def retryable(self, instance):
        return instance.sent_at is None


class FailureIndexView(RetryIndexView):
    retry_url_name = "cms_failures:retry"
    retry_label = _("再実行")

    def retryable(self, instance):
        return instance.retried_at is None


class RetryView(WagtailAdminTemplateMixin, TemplateView):
    """GET: what will be queued again; POST: queue it (retry permission only)."""

    template_name = "cms/admin/retry_confirm.html"
    header_icon = "rotate"
    model = None
    index_url_name = None
    page_title = ""

    def dispatch(self, request, pk):
        if not can_retry(request.user, self.model):
            return permission_denied(request)
        self.object = get_object_or_404(self.model, pk=pk)
        if not self.retryable():
            raise Http404
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object,
            description=self.describe(),
            index_url=reverse(self.index_url_name),
            **kwargs,
        )

    def post(self, request, pk):
        self.retry()
        messages.success(request, self.done_message)
        return redirect(self.index_url_name)


class OutboxRetryView(RetryView):
    model = OutboundEmail
    index_url_name = "cms_outbox:index"
    page_title = _("メールの再送")
    done_message = _("メールを送信待ちに戻しました。")

    def retryable(self):
        return self.object.sent_at is None

    def describe(self):
        return _("「%(subject)s」（%(count)s件の宛先）をもう一度送ります。") % {
            "subject": self.object.subject,
            "count": len(self.object.to or []),
        }

    def retry(self):
        background.retry_email(self.object)


class FailureRetryView(RetryView):
    model = BackgroundFailure
    index_url_name = "cms_failures:index"
    page_title = _("処理の再実行")
    done_message = _("処理をもう一度実行するよう登録しました。")

    def retryable(self):
        return self.object.retried_at is None

    def describe(self):
        return _("「%(task)s」をもう一度実行します。") % {"task": task_label(self.object)}

    def retry(self):
        background.retry_failure(self.object)


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Nobody adds, edits or deletes these rows (superusers included): view and retry only."""

    READ_ONLY = {"view", "retry"}

    def user_has_permission(self, user, action):
        return action in self.READ_ONLY and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, set(actions) & self.READ_ONLY)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class BackgroundViewSet(ModelViewSet):
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    retry_view_class = None
    form_fields = []  # the add and edit views exist, but the policy lets nobody in

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "<int:pk>/retry/",
                self.retry_view_class.as_view(),
                name="retry",
            ),
        ]


class OutboxViewSet(BackgroundViewSet):
    model = OutboundEmail
    icon = "mail"
    menu_label = _("送信メール")
    url_prefix = "background/outbox"
    index_view_class = OutboxIndexView
    retry_view_class = OutboxRetryView
    filterset_class = OutboxFilterSet
    list_display = [
        "subject",
        Column("status", label=_("状態"), accessor=email_status_label),
        "attempts",
        "created_at",
        "sent_at",
        "last_error",
    ]
    search_fields = ["subject"]
    inspect_view_fields = [
        "subject",
        "to",
        "created_at",
        "sent_at",
        "attempts",
        "last_error",
        "body",
    ]


class FailureViewSet(BackgroundViewSet):
    model = BackgroundFailure
    icon = "warning"
    menu_label = _("失敗した処理")
    url_prefix = "background/failures"
    index_view_class = FailureIndexView
    retry_view_class = FailureRetryView
    filterset_class = FailureFilterSet
    list_display = [
        Column("task", label=_("処理"), accessor=task_label),
        "args",
        "error",
        "failed_at",
        "retried_at",
    ]
    inspect_view_fields = ["task", "args", "kwargs", "error", "failed_at", "retried_at"]


for _model in (OutboundEmail, BackgroundFailure):
    register_permission_policy(_model, ReadOnlyPolicy(_model))


class BackgroundViewSetGroup(ViewSetGroup):
    menu_label = _("バックグラウンド処理")
    menu_icon = "cogs"
    menu_order = 900
    items = [OutboxViewSet("cms_outbox"), FailureViewSet("cms_failures")]
