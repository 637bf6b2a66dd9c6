"""kpi in the Wagtail admin: 「事業の数字」 for the secretariat (views.py)."""

from django.urls import path, re_path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from kpi import views
from organisations import access
from organisations.wagtail_hooks.register import RegisterMenuItem


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("kpi/", views.DashboardView.as_view(), name="kpi_dashboard"),
        path("kpi/new/", views.NewIndicatorView.as_view(), name="kpi_new_indicator"),
        path("kpi/indicator/<slug:key>/", views.IndicatorView.as_view(), name="kpi_indicator"),
        path("kpi/reported/", views.ReportedView.as_view(), name="kpi_reported"),
        re_path(
            r"^kpi/export\.(?P<file_format>xlsx|csv)$",
            views.ExportView.as_view(),
            name="kpi_export",
        ),
        path("kpi/print/", views.PrintView.as_view(), name="kpi_print"),
    ]


@hooks.register("register_admin_menu_item")
def register_kpi_menu():
    return RegisterMenuItem(
        _("事業の数字"),
        reverse_lazy("kpi_dashboard"),
        name="kpi",
        icon_name="table",
        order=320,
        rule=access.is_secretariat,
    )
