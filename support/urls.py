"""/support/: the 相談窓口 finder and each window's page (ARCHITECTURE.md URL contract)."""

from django.urls import path

from support import views

app_name = "support"

urlpatterns = [
    path("", views.finder, name="finder"),
    path("guide/", views.guide, name="guide"),
    path("<slug:slug>/", views.window_detail, name="window"),
    path("<slug:slug>/correction/", views.report_correction, name="correction"),
]
