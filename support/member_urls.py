"""/my-organisation/support-windows/, joined through organisations' hook (wagtail_hooks)."""

from django.urls import path

from support import member_views

urlpatterns = [
    path("support-windows/", member_views.proposals, name="support_proposals"),
]
