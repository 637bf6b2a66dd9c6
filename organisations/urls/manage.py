"""/my-organisation/: an organisation admin manages their organisation.

Apps above organisations add their pages through the
``register_my_organisation_urls`` hook (organisations/extensions.py).
"""

from django.urls import path

from organisations.extensions import my_organisation_urls
from organisations.views import manage, translations

app_name = "my_organisation"

urlpatterns = [
    path("", manage.dashboard, name="dashboard"),
    path("profile/", manage.edit_profile, name="edit_profile"),
    path("staff/", manage.staff, name="staff"),
    path("staff/invite/", manage.invite_staff, name="invite_staff"),
    path("staff/<int:membership_id>/remove/", manage.remove_staff, name="remove_staff"),
    path("staff/<int:membership_id>/make-admin/", manage.transfer_admin, name="transfer_admin"),
    path(
        "staff/<int:membership_id>/practices/",
        manage.set_practice_writer,
        name="set_practice_writer",
    ),
    path("withdraw/", manage.withdraw, name="withdraw"),
    path(
        "translations/<int:organisation_id>/",
        translations.translation_list,
        name="translations",
    ),
    path(
        "translations/<int:organisation_id>/<str:language>/",
        translations.translation_edit,
        name="translation_edit",
    ),
    path(
        "translations/<int:organisation_id>/<str:language>/machine/",
        translations.translation_machine,
        name="translation_machine",
    ),
    path("invitation/<str:token>/", manage.accept_invitation, name="accept_invitation"),
    # Apps above organisations (write-ups: practices/urls.py) add theirs here.
    *my_organisation_urls(),
]
