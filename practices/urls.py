"""/my-organisation/practices/: an organisation writes its write-ups (取組事例).

These patterns join /my-organisation/'s own (organisations.urls.manage) through
the ``register_my_organisation_urls`` hook (practices/wagtail_hooks.py), inside
its ``my_organisation`` namespace: the names are ``my_organisation:practice_list``
etc., and each is a pattern of that area like the others (not a nested include).
"""

from django.urls import path

from practices import views

urlpatterns = [
    path("practices/", views.practice_list, name="practice_list"),
    path("practices/new/", views.practice_new, name="practice_new"),
    path("practices/<int:page_id>/", views.practice_edit, name="practice_edit"),
    path("practices/<int:page_id>/withdraw/", views.practice_withdraw, name="practice_withdraw"),
    path("practices/<int:page_id>/preview/", views.practice_preview, name="practice_preview"),
]
