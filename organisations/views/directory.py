"""/organisations/: the member directory and each organisation's profile (団体概要).

The directory is the same for everyone and shows no contact details at all.
A profile shows the contact fields ``access.visible_contact`` allows for the
viewer, and is found only while the organisation is an active member (the
secretariat also sees the others, with their status).
"""

from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject

from cms.i18n import url_in_language
from organisations import access
from organisations.extensions import profile_panels
from organisations.filters import CACHE_SECONDS, DirectoryFilter
from organisations.models import (
    Organisation,
    OrganisationActivity,
    OrganisationTarget,
)
from organisations.services.translations import translation_for
from reports import services as report_services

PER_PAGE = 20


def organisation_list(request):
    directory = DirectoryFilter(request.GET)
    listed = Organisation.objects.listed()
    results = (
        directory.filter(listed)
        .order_by("name_kana", "pk")
        .select_related("prefecture", "logo")
        .annotate(hidden_after_reports=report_services.hidden_flag("organisation"))
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
    # Not iterated here: the results are a kept fragment of the template
    # (the unfiltered list), read only when it must be rendered.
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


@dataclass
class ProfileText:
    """The message and description as a profile shows them in the reader's language.

    ``*_lang`` is the language each text is written in (for its ``lang``
    attribute); ``notice`` is "" (the reader's own language), "fallback" (no
    translation yet: the Japanese is shown) or "machine"; ``outdated`` says the
    Japanese changed after the translation; ``original_url`` is the Japanese profile.
    """

    message: str
    message_lang: str
    description: str
    description_lang: str
    notice: str = ""
    outdated: bool = False
    original_url: str = ""


def profile_text(request, organisation):
    """The profile's free texts in the active language, Japanese where not translated."""
    japanese = settings.LANGUAGE_CODE
    language = translation.get_language()
    text = ProfileText(organisation.message, japanese, organisation.description, japanese)
    if language == japanese or not (organisation.message or organisation.description):
        return text
    text.original_url = url_in_language(request.path, japanese)
    translated = translation_for(organisation, language)
    if translated is None:
        text.notice = "fallback"
        return text
    if translated.message and organisation.message:
        text.message, text.message_lang = translated.message, language
    if translated.description and organisation.description:
        text.description, text.description_lang = translated.description, language
    text.notice = "machine" if translated.machine_translated else ""
    text.outdated = translated.is_outdated
    return text


def organisation_detail(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.select_related("prefecture", "logo").annotate(
            hidden_after_reports=report_services.hidden_flag("organisation")
        ),
        slug=slug,
    )
    if not access.can_view_organisation(request.user, organisation):
        raise Http404
    # Read only when rendered: the body is a kept fragment of the template.
    activities = organisation.activities.select_related("activity_type__group").order_by(
        "activity_type__group__sort_order",
        "activity_type__group__pk",
        "activity_type__sort_order",
        "activity_type__pk",
    )
    photos = organisation.photos.select_related("image").prefetch_related(
        Prefetch("image__renditions")
    )
    text = profile_text(request, organisation)
    # Hidden after reports (organisations/report_kinds.py): what the organisation
    # wrote stays out, except for its own admins and the secretariat.
    hidden = organisation.hidden_after_reports
    if hidden and not access.can_translate_profile(request.user, organisation):
        text = ProfileText("", text.message_lang, "", text.description_lang)
        photos = photos.none()
    contact = access.visible_contact(request.user, organisation)
    response = render(
        request,
        "organisations/directory/organisation_detail.html",
        {
            "organisation": organisation,
            # The profile's body is kept for readers of the same contact fields
            # (the sign-in hint: for visitors); never while hidden after reports.
            "kept_as": None
            if hidden
            else "{}:{}".format(request.user.is_authenticated, ",".join(contact)),
            "text": text,
            "hidden_after_reports": hidden,
            "can_translate": access.can_translate_profile(request.user, organisation),
            "activity_groups": SimpleLazyObject(
                lambda: [
                    (group, list(links))
                    for group, links in groupby(
                        activities, key=lambda link: link.activity_type.group
                    )
                ]
            ),
            "targets": organisation.targets.select_related("target_group").order_by(
                "target_group__sort_order", "target_group__pk"
            ),
            "areas_prefectures": organisation.areas_prefectures.order_by("code"),
            "photos": photos,
            "contact": contact,
            "is_listed": organisation.is_active,
            "can_manage": access.can_manage_organisation(request.user, organisation),
            "show_login_hint": not request.user.is_authenticated,
            "list_url": reverse("organisations:list"),
            "profile_panels": profile_panels(request, organisation),
        },
    )
    # What a profile shows depends on who asks: never let a shared cache keep
    # a member's copy (SECURITY.md C4).
    patch_vary_headers(response, ["Cookie"])
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_store=True)
    return response
