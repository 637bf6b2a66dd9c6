"""/join/: applying for membership (anyone), confirming the e-mail address."""

from django.urls import path

from organisations.views import join

app_name = "join"

urlpatterns = [
    path("", join.apply, name="apply"),
    path("sent/", join.sent, name="sent"),
    path("confirm/<str:token>/", join.confirm_email, name="confirm"),
    path("confirmed/", join.confirmed, name="confirmed"),
]
