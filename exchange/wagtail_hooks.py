"""Wagtail admin: every need and offer for the secretariat (「ニーズ×シーズ」), and
the organisation's matches on its "My organisation" page (organisations' hook).

The secretariat sees all listings (drafts and hidden ones too), edits or
hides any, and marks public ones for the home page (``is_highlighted``).
"""

from django import forms
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.viewsets.model import ModelViewSet

from organisations.extensions import DASHBOARD_PANELS_HOOK, DashboardPanel

from . import access, matching
from .choices import Status
from .models import Listing


class ListingViewSet(ModelViewSet):
    model = Listing
    icon = "resubmit"
    menu_label = _("ニーズ×シーズ")
    menu_order = 306
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = ["title", "kind", "organisation", "status", "audience", "is_hidden"]
    list_filter = ["kind", "status", "audience", "resource_type", "is_hidden", "is_highlighted"]
    search_fields = ["title", "description", "area"]
    ordering = ["-updated_at"]
    list_per_page = 50
    panels = [
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("is_hidden"), FieldPanel("is_highlighted")],
            heading=_("事務局"),
        ),
        FieldPanel("organisation", read_only=True),
        FieldPanel("kind"),
        FieldPanel("resource_type"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("area"),
        FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
        FieldPanel("activity_types", widget=forms.CheckboxSelectMultiple),
        FieldPanel("starts_on"),
        FieldPanel("ends_on"),
        FieldPanel("how_to_respond"),
        FieldPanel("audience"),
        FieldPanel("met_by"),
    ]


@hooks.register("register_admin_viewset")
def register_exchange_viewset():
    return ListingViewSet("exchange_listings")


DASHBOARD_LISTINGS = 5


@hooks.register(DASHBOARD_PANELS_HOOK)
def dashboard_panel(request, organisation):
    """The organisation's open listings with their best suggestions (staff of an active member)."""
    if access.organisation_of(request.user) is None:
        return None
    listings = list(
        Listing.objects.filter(organisation=organisation, status=Status.OPEN).order_by(
            "-published_at"
        )[:DASHBOARD_LISTINGS]
    )
    rows = [(listing, matching.suggest(listing, limit=3)) for listing in listings]
    return DashboardPanel(
        html=render_to_string("exchange/dashboard_panel.html", {"rows": rows}, request=request)
    )
