"""/moderation/: reporting content and reviewing the reports (not /reports/, the 活動報告)."""

from django.urls import path

from . import services, views

app_name = "reports"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("report/<slug:kind>/<int:pk>/", views.report_create, name="create"),
    path("report/<slug:kind>/<int:pk>/done/", views.report_done, name="done"),
    path("<int:pk>/hide/", views.resolve, {"action": services.HIDE}, name="hide"),
    path("<int:pk>/dismiss/", views.resolve, {"action": services.DISMISS}, name="dismiss"),
    path("hidden/<int:pk>/restore/", views.restore, name="restore"),
]
