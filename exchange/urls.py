"""/exchange/: needs and offers between members (ARCHITECTURE.md URL contract)."""

from django.urls import path

from exchange import views

app_name = "exchange"

urlpatterns = [
    path("", views.listing_list, name="list"),
    path("new/", views.listing_create, name="create"),
    path("settings/", views.digest_settings, name="settings"),
    path("threads/<int:pk>/", views.thread_detail, name="thread"),
    path("<int:pk>/", views.listing_detail, name="detail"),
    path("<int:pk>/edit/", views.listing_edit, name="edit"),
    path("<int:pk>/status/", views.listing_status, name="status"),
    path("<int:pk>/respond/", views.respond, name="respond"),
    path("<int:pk>/introduce/", views.introduce, name="introduce"),
]
