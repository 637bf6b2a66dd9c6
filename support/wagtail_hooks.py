"""Wagtail admin: support windows and the trouble vocabulary, under 「相談窓口」.

The secretariat keeps the windows here: channels, weekly hours with their
languages and dated closures are inline; the form refuses inverted and
overlapping slots in Japanese. 「6か月以上未確認」 lists the windows whose
last check is older than six months (``stale=1`` on the index).
"""

import datetime

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

import django_filters

from cms.translation.fields import TranslationsFormMixin
from organisations import access as org_access
from organisations.extensions import (
    DASHBOARD_PANELS_HOOK,
    MY_ORGANISATION_URLS_HOOK,
    DashboardPanel,
)
from support import hours as hours_logic
from support.models import Trouble, Window, WindowCorrection, WindowProposal

STALE_AFTER_DAYS = 183


def stale_before(today=None):
    """Windows last checked before this day have not been checked for six months."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=STALE_AFTER_DAYS)


class WindowForm(WagtailAdminModelForm):
    """Adds the check across slots: no two slots of one weekday may overlap.

    Each slot checks its own range (``WeeklySlot.clean``); overlaps need all of
    them, so they are checked once the inline forms are valid.
    """

    def is_valid(self):
        valid = super().is_valid()
        formset = self.formsets.get("slots")
        if not valid or formset is None:
            return valid
        live = [
            form
            for form in formset.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("weekday") is not None
        ]
        slots = [
            hours_logic.Slot(
                weekday=int(form.cleaned_data["weekday"]),
                opens=form.cleaned_data.get("opens_at"),
                closes=form.cleaned_data.get("closes_at"),
                all_day=bool(form.cleaned_data.get("all_day")),
            )
            for form in live
        ]
        problems = hours_logic.validate_slots(slots)
        for index, message in problems.items:
            live[index].add_error(None, message)
        if problems:
            self.add_error(None, _("受付時間に直すところがあります。"))
        return not problems


class WindowFilterSet(WagtailFilterSet):
    stale = django_filters.BooleanFilter(
        label=_("6か月以上確認していない"),
        method="filter_stale",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Window
        fields = ["municipality", "is_crisis_line", "is_published"]

    def filter_stale(self, queryset, name, value):
        if value:
            return queryset.filter(last_verified_on__lt=stale_before())
        return queryset


class WindowViewSet(ModelViewSet):
    model = Window
    icon = "help"
    menu_label = _("相談窓口")
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = ["name", "municipality", "provider", "last_verified_on", "is_published"]
    list_filter = None
    filterset_class = WindowFilterSet
    search_fields = ["name", "summary", "municipality", "provider_name"]
    ordering = ["last_verified_on", "name"]
    list_per_page = 50
    edit_handler_panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldPanel("summary"),
                FieldPanel("what_to_expect"),
                FieldPanel("is_crisis_line"),
                FieldPanel("is_published"),
            ],
            heading=_("窓口"),
        ),
        MultiFieldPanel(
            [FieldPanel("organisation"), FieldPanel("provider_name")],
            heading=_("運営"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("municipality"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("場所"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("troubles", widget=forms.CheckboxSelectMultiple),
                FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("free_of_charge"), FieldPanel("anonymous")]),
            ],
            heading=_("対象と条件"),
        ),
        InlinePanel("channels", heading=_("連絡方法"), label=_("連絡方法")),
        InlinePanel(
            "translations",
            heading=_("翻訳（外国語で見る人のために）"),
            label=_("翻訳"),
            help_text=_(
                "言語ごとに、どんな窓口か・相談の流れを訳します。名前は空欄でも構いません。"
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("holiday_rule"),
                FieldPanel("year_end_closed"),
                FieldPanel("hours_note"),
            ],
            heading=_("休みのきまり"),
        ),
        InlinePanel("slots", heading=_("受付時間（毎週）"), label=_("受付時間")),
        InlinePanel("closures", heading=_("臨時の休み・特別な時間"), label=_("日付")),
        FieldPanel("last_verified_on"),
    ]
    edit_handler = ObjectList(edit_handler_panels, base_form_class=WindowForm)


class TroubleAdminForm(TranslationsFormMixin, WagtailAdminModelForm):
    """The trouble, then its name and description in each language (empty: Japanese)."""

    class Meta:
        model = Trouble
        fields = ["name", "slug", "description", "sort_order", "target_groups", "activity_types"]
        widgets = {
            "target_groups": forms.CheckboxSelectMultiple,
            "activity_types": forms.CheckboxSelectMultiple,
        }


class TroubleViewSet(ModelViewSet):
    model = Trouble
    icon = "tag"
    menu_label = _("困りごと")
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = ["name", "slug", "sort_order"]
    ordering = "sort_order"
    sort_order_field = "sort_order"

    def get_form_class(self, for_update=False):
        return TroubleAdminForm


class WindowProposalViewSet(ModelViewSet):
    """Member organisations' proposals: the secretariat reads them, edits the
    window itself, and sets the status (反映済み / 見送り)."""

    model = WindowProposal
    icon = "mail"
    menu_label = _("窓口の提案")
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = ["name", "organisation", "status", "created_at"]
    list_filter = ["status"]
    ordering = ["-created_at"]
    panels = [
        FieldPanel("status"),
        FieldPanel("organisation", read_only=True),
        FieldPanel("window", read_only=True),
        FieldPanel("name", read_only=True),
        FieldPanel("summary", read_only=True),
        FieldPanel("municipality", read_only=True),
        FieldPanel("phone", read_only=True),
        FieldPanel("line_url", read_only=True),
        FieldPanel("hours", read_only=True),
        FieldPanel("note", read_only=True),
    ]


class WindowCorrectionViewSet(ModelViewSet):
    """「情報がちがう」 reports from anyone: the secretariat checks with the window,
    edits it (and its last-checked date), then sets the status (直した / 問題なし)."""

    model = WindowCorrection
    icon = "warning"
    menu_label = _("情報のまちがいの報告")
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = ["window", "topic", "status", "created_at"]
    list_filter = ["status", "topic"]
    ordering = ["-created_at"]
    panels = [
        FieldPanel("status"),
        FieldPanel("window", read_only=True),
        FieldPanel("topic", read_only=True),
        FieldPanel("details", read_only=True),
    ]


window_viewset = WindowViewSet("support_windows")
correction_viewset = WindowCorrectionViewSet("support_corrections")
trouble_viewset = TroubleViewSet("support_troubles")
proposal_viewset = WindowProposalViewSet("support_proposals")


class StaleWindowsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("support.change_window")


class SupportViewSetGroup(ModelViewSetGroup):
    menu_label = _("相談窓口")
    menu_icon = "help"
    menu_order = 305
    items = (window_viewset, trouble_viewset, proposal_viewset, correction_viewset)
    submenu_hook = "register_support_menu_item"


@hooks.register("register_admin_viewset")
def register_support_viewsets():
    return SupportViewSetGroup()


@hooks.register("register_support_menu_item")
def register_stale_windows_item():
    return StaleWindowsMenuItem(
        _("6か月以上未確認の窓口"),
        format_lazy("{}?stale=true", reverse_lazy("support_windows:index")),
        icon_name="warning",
        order=900,
    )


@hooks.register("register_admin_urls")
def register_import_url():
    from django.urls import path

    from support.admin_import import WindowImportView

    return [path("support/import/", WindowImportView.as_view(), name="support_windows_import")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("support.add_window")


@hooks.register("register_support_menu_item")
def register_import_item():
    return ImportMenuItem(
        _("相談窓口の取込み（CSV・Excel）"),
        reverse_lazy("support_windows_import"),
        icon_name="upload",
        order=950,
    )


@hooks.register(MY_ORGANISATION_URLS_HOOK)
def register_my_organisation_urls():
    from support import member_urls

    return member_urls.urlpatterns


@hooks.register(DASHBOARD_PANELS_HOOK)
def dashboard_panel(request, organisation):
    """The way to the proposals for the organisation's admin; nothing for the others."""
    if org_access.can_manage_organisation(request.user, organisation):
        return DashboardPanel(
            html=render_to_string("support/dashboard_panel.html", request=request)
        )
    return None
