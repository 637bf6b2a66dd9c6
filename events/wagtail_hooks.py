"""Wagtail admin for the 事務局: registrations per event, export, counts, check-in.

Only the secretariat (organisations.access.is_secretariat, superusers
included) sees or changes registrations: they hold personal data and
合理的配慮 needs. Editors who write event pages do not.

- 参加申込み (a ModelViewSet): the list with filters by event, status and
  mode, search by name or address, and CSV / Excel export of what is
  filtered (Japanese headings; the CSV starts with a BOM so Excel reads it
  as UTF-8, and cells that would start a formula are quoted).
- イベントの申込み状況: each event with its counts, and the fiscal year's.
- 申込者への連絡: one message to everyone registered for an event.
- 受付 (check-in) on a phone: search by name, one tap marks attended; each
  tap is a POST answered with JSON, and the page says whether it was saved.
"""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.defaults import permission_denied
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from events import services
from events.models import EventPage, Registration, RegistrationStatus
from organisations import access as org_access

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class SecretariatPermissionPolicy(BasePermissionPolicy):
    """View and change for the secretariat; no adding or deleting here; nothing for others."""

    def _allowed(self, user, action):
        return action in ("view", "change") and org_access.is_secretariat(user)

    def user_has_permission(self, user, action):
        return self._allowed(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self._allowed(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        return [user for user in users if org_access.is_secretariat(user)]


register_permission_policy(Registration, SecretariatPermissionPolicy(Registration))


def spreadsheet_safe(value):
    """A cell a spreadsheet will not run as a formula (names are typed by anyone)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class RegistrationIndexView(IndexView):
    def stream_csv(self, queryset):
        yield "\ufeff"  # Excel opens a UTF-8 CSV right only with a BOM
        yield from super().stream_csv(queryset)

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: spreadsheet_safe(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response

    def get_filename(self):
        return f"registrations-{timezone.localdate():%Y%m%d}"


class RegistrationViewSet(ModelViewSet):
    model = Registration
    icon = "list-ul"
    menu_label = _("参加申込み")
    menu_order = 340
    add_to_admin_menu = True
    url_prefix = "events/registrations"
    index_view_class = RegistrationIndexView
    copy_view_enabled = False
    list_display = ["name", "event", "status", "mode", "party_size", "created_at"]
    list_filter = ["event", "status", "mode", "referred"]
    search_fields = ["name", "email", "organisation_name"]
    form_fields = ["status", "party_size", "mode", "accessibility_other"]
    list_export = [
        "created_at",
        "event",
        "get_status_display",
        "name",
        "email",
        "organisation_name",
        "party_size",
        "get_mode_display",
        "referred",
        "accessibility_text",
        "get_interpretation_language_display",
        "answers_text",
        "checked_in_at",
    ]
    export_headings = {
        "created_at": _("申込日時"),
        "event": _("イベント"),
        "get_status_display": _("状態"),
        "name": _("お名前"),
        "email": _("メールアドレス"),
        "organisation_name": _("所属"),
        "party_size": _("人数"),
        "get_mode_display": _("参加方法"),
        "referred": _("紹介枠"),
        "accessibility_text": _("合理的配慮"),
        "get_interpretation_language_display": _("通訳の言語"),
        "answers_text": _("追加の質問への回答"),
        "checked_in_at": _("受付日時"),
    }

    def get_queryset(self, request):
        return Registration.objects.select_related("event")


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return RegistrationViewSet("event_registrations")


class SecretariatRequiredMixin:
    """Others with admin access get a plain 403 (Wagtail would redirect a raised one)."""

    def dispatch(self, request, *args, **kwargs):
        if not org_access.is_secretariat(request.user):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)


def current_fiscal_year(today=None):
    today = today or timezone.localdate()
    return today.year if today.month >= 4 else today.year - 1


class EventSummaryView(SecretariatRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = _("イベントの申込み状況")
    header_icon = "date"
    template_name = "events/admin/summary.html"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("events_summary"), "label": _("イベントの申込み状況")},
        ]

    def get_context_data(self, **kwargs):
        try:
            year = int(self.request.GET.get("year", ""))
        except ValueError:
            year = current_fiscal_year()
        start, end = services.fiscal_year_bounds(year)
        events = EventPage.objects.filter(
            registration_open=True, start__gte=start, start__lt=end
        ).order_by("start")
        rows = [(event, services.counts_for_event(event)) for event in events]
        return super().get_context_data(
            year=year,
            previous_year=year - 1,
            next_year=year + 1,
            rows=rows,
            totals=services.counts_for_fiscal_year(year),
            list_url=reverse("event_registrations:index"),
            **kwargs,
        )


class CheckInView(SecretariatRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "tick"
    template_name = "events/admin/check_in.html"

    def dispatch(self, request, *args, **kwargs):
        self.event = get_object_or_404(EventPage, pk=kwargs["event_id"])
        self.page_title = _("受付：%(title)s") % {"title": self.event.title}
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("events_summary"), "label": _("イベントの申込み状況")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        code = self.request.GET.get("code", "").strip()
        if code:
            return self.code_context(code, **kwargs)
        query = self.request.GET.get("q", "").strip()
        registrations = Registration.objects.filter(
            event=self.event,
            status__in=[
                RegistrationStatus.CONFIRMED,
                RegistrationStatus.ATTENDED,
                RegistrationStatus.NO_SHOW,
            ],
        ).order_by("name", "pk")
        if query:
            registrations = registrations.filter(name__icontains=query) | registrations.filter(
                organisation_name__icontains=query
            )
        return super().get_context_data(
            event=self.event,
            query=query,
            registrations=registrations,
            counts=services.counts_for_event(self.event),
            **kwargs,
        )

    def code_context(self, code, **kwargs):
        """A registrant's code, typed or from their QR code: that one registration.

        Opening the page checks nobody in: the tap on its button does (POST).
        """
        registration = services.registration_for_code(self.event, code)
        found = []
        code_message = ""
        if registration is None:
            code_message = _("この受付コードの申込みは、このイベントにはありません。")
        elif registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.WAITING):
            code_message = _("%(name)s 様の申込みは「%(status)s」です。受付できません。") % {
                "name": registration.name,
                "status": registration.get_status_display(),
            }
        else:
            found = [registration]
        return super().get_context_data(
            event=self.event,
            query="",
            code=code,
            code_message=code_message,
            registrations=found,
            counts=services.counts_for_event(self.event),
            **kwargs,
        )


class CheckInToggleView(SecretariatRequiredMixin, View):
    """One tap: POST attended=1 (or 0). JSON for the page's script, a redirect without it."""

    http_method_names = ["post"]

    def post(self, request, pk):
        registration = get_object_or_404(Registration, pk=pk)
        attended = request.POST.get("attended", "1") == "1"
        registration = services.check_in(registration, attended=attended)
        if request.headers.get("Accept", "").startswith("application/json"):
            return JsonResponse(
                {
                    "id": registration.pk,
                    "status": registration.status,
                    "attended": registration.status == RegistrationStatus.ATTENDED,
                }
            )
        url = reverse("events_check_in", args=[registration.event_id])
        query = request.POST.get("q", "")
        return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


class MessageForm(forms.Form):
    AUDIENCES = {
        "registered": [RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED],
        "all": [
            RegistrationStatus.CONFIRMED,
            RegistrationStatus.OFFERED,
            RegistrationStatus.WAITING,
        ],
    }
    audience = forms.ChoiceField(
        label=_("送り先"),
        choices=[
            ("registered", _("参加が確定した方")),
            ("all", _("参加が確定した方とキャンセル待ちの方")),
        ],
        widget=forms.RadioSelect,
        initial="registered",
    )
    subject = forms.CharField(label=_("件名"), max_length=150)
    body = forms.CharField(label=_("本文"), widget=forms.Textarea(attrs={"rows": 10}))
    key = forms.CharField(widget=forms.HiddenInput)


class MessageView(SecretariatRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """A message to all registrants of one event, through the outbox."""

    header_icon = "mail"
    template_name = "events/admin/message.html"

    def dispatch(self, request, *args, **kwargs):
        self.event = get_object_or_404(EventPage, pk=kwargs["event_id"])
        self.page_title = _("申込者への連絡：%(title)s") % {"title": self.event.title}
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", MessageForm(initial={"key": uuid.uuid4().hex}))
        return super().get_context_data(event=self.event, **kwargs)

    def post(self, request, *args, **kwargs):
        form = MessageForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        sent = services.message_registrants(
            self.event,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            statuses=MessageForm.AUDIENCES[form.cleaned_data["audience"]],
            key=form.cleaned_data["key"],
        )
        messages.success(request, _("%(count)d人にメールを送りました。") % {"count": sent})
        return redirect("events_summary")


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("events/summary/", EventSummaryView.as_view(), name="events_summary"),
        path("events/<int:event_id>/check-in/", CheckInView.as_view(), name="events_check_in"),
        path("events/<int:event_id>/message/", MessageView.as_view(), name="events_message"),
        path(
            "events/check-in/<int:pk>/", CheckInToggleView.as_view(), name="events_check_in_toggle"
        ),
    ]


class SecretariatMenuItem(MenuItem):
    def is_shown(self, request):
        return org_access.is_secretariat(request.user)


@hooks.register("register_admin_menu_item")
def register_summary_menu():
    return SecretariatMenuItem(
        _("イベントの申込み状況"),
        reverse_lazy("events_summary"),
        name="events-summary",
        icon_name="date",
        order=345,
    )
