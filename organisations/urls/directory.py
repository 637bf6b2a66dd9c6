"""/organisations/: the member directory and profiles (anyone)."""

from django.urls import path

from organisations.views import directory

app_name = "organisations"

urlpatterns = [
    path("", directory.organisation_list, name="list"),
    path("<slug:slug>/", directory.organisation_detail, name="detail"),
]
