"""/my-organisation/: an organisation admin manages their organisation."""

from django.urls import path

from organisations.views import manage, practice_submissions, translations

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
    path("practices/", practice_submissions.practice_list, name="practice_list"),
    path("practices/new/", practice_submissions.practice_new, name="practice_new"),
    path("practices/<int:page_id>/", practice_submissions.practice_edit, name="practice_edit"),
    path(
        "practices/<int:page_id>/withdraw/",
        practice_submissions.practice_withdraw,
        name="practice_withdraw",
    ),
    path(
        "practices/<int:page_id>/preview/",
        practice_submissions.practice_preview,
        name="practice_preview",
    ),
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
]
