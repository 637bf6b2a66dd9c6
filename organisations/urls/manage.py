"""/my-organisation/: an organisation admin manages their organisation."""

from django.urls import path

from organisations.views import manage

app_name = "my_organisation"

urlpatterns = [
    path("", manage.dashboard, name="dashboard"),
    path("profile/", manage.edit_profile, name="edit_profile"),
    path("staff/", manage.staff, name="staff"),
    path("staff/invite/", manage.invite_staff, name="invite_staff"),
    path("staff/<int:membership_id>/remove/", manage.remove_staff, name="remove_staff"),
    path("staff/<int:membership_id>/make-admin/", manage.transfer_admin, name="transfer_admin"),
    path("withdraw/", manage.withdraw, name="withdraw"),
    path("invitation/<str:token>/", manage.accept_invitation, name="accept_invitation"),
]
