"""/organisations/: the member directory and each organisation's profile (団体概要).

The directory is the same for everyone and shows no contact details at all.
A profile shows the contact fields ``access.visible_contact`` allows for the
viewer, and is found only while the organisation is an active member (the
secretariat also sees the others, with their status).
"""

from itertools import groupby

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers

from organisations import access
from organisations.filters import CACHE_SECONDS, DirectoryFilter
from organisations.models import (
    Organisation,
    OrganisationActivity,
    OrganisationTarget,
)

PER_PAGE = 20


def organisation_list(request):
    directory = DirectoryFilter(request.GET)
    listed = Organisation.objects.listed()
    results = (
        directory.filter(listed)
        .order_by("name_kana", "pk")
        .select_related("prefecture", "logo")
        .prefetch_related(
            "logo__renditions",
            Prefetch(
                "activities",
                queryset=OrganisationActivity.objects.filter(is_main=True)
                .select_related("activity_type")
                .order_by("activity_type__group__sort_order", "activity_type__sort_order"),
                to_attr="main_activities",
            ),
            Prefetch(
                "targets",
                queryset=OrganisationTarget.objects.filter(is_main=True)
                .select_related("target_group")
                .order_by("target_group__sort_order"),
                to_attr="main_targets",
            ),
        )
    )
    page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    list_url = reverse("organisations:list")
    return render(
        request,
        "organisations/directory/organisation_list.html",
        {
            "organisations": page,
            "directory": directory,
            # directory.facets is computed in the template, only when the
            # cached fragment has expired.
            "facets_cache_seconds": CACHE_SECONDS,
            "active_filters": directory.active_filters(list_url),
            "list_url": list_url,
        },
    )


def organisation_detail(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.select_related("prefecture", "logo"), slug=slug
    )
    if not access.can_view_organisation(request.user, organisation):
        raise Http404
    activities = list(
        organisation.activities.select_related("activity_type__group").order_by(
            "activity_type__group__sort_order",
            "activity_type__group__pk",
            "activity_type__sort_order",
            "activity_type__pk",
        )
    )
    photos = organisation.photos.select_related("image").prefetch_related(
        Prefetch("image__renditions")
    )
    response = render(
        request,
        "organisations/directory/organisation_detail.html",
        {
            "organisation": organisation,
            "activity_groups": [
                (group, list(links))
                for group, links in groupby(activities, key=lambda link: link.activity_type.group)
            ],
            "targets": organisation.targets.select_related("target_group").order_by(
                "target_group__sort_order", "target_group__pk"
            ),
            "areas_prefectures": organisation.areas_prefectures.order_by("code"),
            "photos": photos,
            "contact": access.visible_contact(request.user, organisation),
            "is_listed": organisation.is_active,
            "can_manage": access.can_manage_organisation(request.user, organisation),
            "show_login_hint": not request.user.is_authenticated,
            "list_url": reverse("organisations:list"),
        },
    )
    # What a profile shows depends on who asks: never let a shared cache keep
    # a member's copy (SECURITY.md C4).
    patch_vary_headers(response, ["Cookie"])
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_store=True)
    return response
