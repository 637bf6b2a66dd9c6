"""Wagtail admin: the queue of membership applications (入会申込) and the decisions on them.

Only the 事務局 (``organisations.change_application``, see organisations.access)
sees this: the queue with filters, each application in full with its
recommendation letter, and accept / decline as POST forms. Applications are
never added, edited or deleted here: they stay as the applicant sent them.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View

from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

import django_filters

from organisations import access
from organisations.choices import ApplicationStatus, LegalForm
from organisations.forms.join import AcceptApplicationForm, DeclineApplicationForm
from organisations.models import Application, Prefecture
from organisations.services import applications as services

LETTER_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


class ApplicationPermissionPolicy(ModelPermissionPolicy):
    """Viewing and deciding follow organisations.access; adding, editing, deleting: nobody."""

    ACTIONS = {"view", "decide"}

    def user_has_permission(self, user, action):
        return action in self.ACTIONS and access.can_vet_applications(user)

    def users_with_any_permission(self, actions):
        if not self.ACTIONS.intersection(actions):
            return get_user_model().objects.none()
        return super().users_with_any_permission(["change"])


# Registered before anything asks for Application's policy (Wagtail would
# otherwise create its default, model-permission one).
register_permission_policy(Application, ApplicationPermissionPolicy(Application))


class ApplicationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("状態"),
        choices=ApplicationStatus.choices,
        empty_label=_("審査待ち・決定済み"),
    )
    legal_form = django_filters.ChoiceFilter(
        label=_("法人格"), choices=LegalForm.choices, empty_label=_("すべて")
    )
    prefecture = django_filters.ModelChoiceFilter(
        label=_("都道府県"), queryset=Prefecture.objects.order_by("code"), empty_label=_("すべて")
    )
    submitted_at = django_filters.DateFromToRangeFilter(
        label=_("申込日"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Application
        fields = ["status", "legal_form", "prefecture", "submitted_at"]


class ApplicationIndexView(generic.IndexView):
    page_title = _("入会申込")

    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("prefecture")
        # Unconfirmed e-mail addresses are not yet applications: shown only on request.
        if self.request.GET.get("status") != ApplicationStatus.UNCONFIRMED:
            queryset = queryset.exclude(status=ApplicationStatus.UNCONFIRMED)
        return queryset.annotate(
            queue_rank=Case(
                When(status=ApplicationStatus.SUBMITTED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )

    def order_queryset(self, queryset):
        if self.ordering:
            return super().order_queryset(queryset)
        return queryset.order_by("queue_rank", "-submitted_at", "-pk")


class ApplicationInspectView(generic.InspectView):
    """The whole application, its letter, and the two decisions."""

    template_name = "organisations/join/admin/application_inspect.html"
    page_title = _("入会申込の内容")
    any_permission_required = ["view"]

    def get_object(self, queryset=None):
        try:
            return (
                Application.objects.select_related("prefecture", "decided_by", "organisation")
                .prefetch_related(
                    "areas_prefectures",
                    "main_activity_types__group",
                    "other_activity_types__group",
                    "main_target_groups",
                    "other_target_groups",
                )
                .get(pk=int(self.pk))
            )
        except (Application.DoesNotExist, ValueError) as exc:
            raise Http404 from exc

    def get_fields(self):
        return []  # the template lays the application out itself

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        context.update(
            {
                "application": application,
                "can_decide": application.status == ApplicationStatus.SUBMITTED
                and self.user_has_permission("decide"),
                "accept_form": kwargs.get("accept_form") or AcceptApplicationForm(),
                "decline_form": kwargs.get("decline_form") or DeclineApplicationForm(),
                "accept_url": reverse("applications:accept", args=[application.pk]),
                "decline_url": reverse("applications:decline", args=[application.pk]),
                "letter_url": reverse("applications:letter", args=[application.pk])
                if application.recommendation_letter
                else "",
                "index_url": reverse("applications:index"),
            }
        )
        return context


class DecisionView(ApplicationInspectView):
    """POST only: accept or decline, then back to the application."""

    http_method_names = ["post"]
    any_permission_required = None
    permission_required = "decide"
    form_class = None
    form_name = ""

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if not form.is_valid():
            context = self.get_context_data(**{self.form_name: form})
            return self.render_to_response(context, status=400)
        try:
            message = self.decide(form.cleaned_data)
        except services.ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, message)
        return redirect("applications:inspect", self.object.pk)


class AcceptView(DecisionView):
    form_class = AcceptApplicationForm
    form_name = "accept_form"

    def decide(self, data):
        organisation = services.accept_application(self.object, data["tier"], self.request.user)
        return _("「%(name)s」の入会を承認しました。申込者に通知しました。") % {
            "name": organisation.name
        }


class DeclineView(DecisionView):
    form_class = DeclineApplicationForm
    form_name = "decline_form"

    def decide(self, data):
        services.decline_application(self.object, data["reason"], self.request.user)
        return _("「%(name)s」の申込みを不承認にしました。申込者に通知しました。") % {
            "name": self.object.name
        }


class LetterDownloadView(PermissionCheckedMixin, View):
    """The recommendation letter, as a download only (never shown inline, never from MEDIA_URL)."""

    model = Application
    permission_required = "view"
    http_method_names = ["get"]

    def get(self, request, pk):
        application = Application.objects.filter(pk=pk).first()
        if application is None or not application.recommendation_letter:
            raise Http404
        letter = application.recommendation_letter
        extension = letter.name.rsplit(".", 1)[-1].lower()
        content_type = LETTER_TYPES.get(extension)
        if content_type is None:  # not something the form accepts: do not serve it
            raise Http404
        try:
            handle = letter.storage.open(letter.name, "rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"recommendation-{application.pk}.{extension}",
            content_type=content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response


class ApplicationViewSet(ModelViewSet):
    model = Application
    name = "applications"
    icon = "form"
    menu_label = _("入会申込")
    menu_order = 210
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    filterset_class = ApplicationFilterSet
    search_fields = ["name", "name_kana", "recommender"]
    search_backend_name = None
    list_per_page = 50

    @cached_property
    def list_display(self):
        return [
            "name",
            Column("status", label=_("状態"), accessor="get_status_display"),
            Column("legal_form", label=_("法人格"), accessor="get_legal_form_display"),
            Column("prefecture", label=_("都道府県"), accessor="prefecture"),
            DateColumn("submitted_at", label=_("申込日"), sort_key="submitted_at"),
            DateColumn("decided_at", label=_("決定日"), sort_key="decided_at"),
        ]

    def get_urlpatterns(self):
        # No add, edit, delete, copy, history or usage views: the application
        # stays as submitted, and its decision is recorded on it.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            path("<int:pk>/accept/", self.construct_view(AcceptView), name="accept"),
            path("<int:pk>/decline/", self.construct_view(DeclineView), name="decline"),
            path("<int:pk>/letter/", LetterDownloadView.as_view(), name="letter"),
        ]


@hooks.register("register_admin_viewset")
def register_application_viewset():
    return ApplicationViewSet()
