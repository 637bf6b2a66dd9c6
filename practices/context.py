"""What /practices/ and /practices/<slug>/ show (the pages' get_context calls these).

Every list here answers in a constant number of queries, however many
write-ups, photos or links there are: children are fetched for the whole page
of results at once and attached to each write-up.
"""

from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce, Length, Substr
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from wagtail.models import PageViewRestriction

from cms.pagination import paginate
from organisations import access
from practices.filters import PracticeFilter
from practices.models import PracticeActivity, PracticePage, PracticePhoto, PracticeTarget

RELATED_COUNT = 3


def _photos_prefetch():
    return Prefetch(
        "photos",
        queryset=PracticePhoto.objects.select_related("image")
        .prefetch_related("image__renditions")
        .order_by("sort_order", "pk"),
    )


def _card_queryset(queryset):
    """Write-ups with what a card shows: organisation, ★ links, photos (with renditions)."""
    return queryset.select_related("organisation").prefetch_related(
        Prefetch(
            "activities",
            queryset=PracticeActivity.objects.filter(is_main=True)
            .select_related("activity_type")
            .order_by("activity_type__group__sort_order", "activity_type__sort_order", "pk"),
            to_attr="main_activities",
        ),
        Prefetch(
            "targets",
            queryset=PracticeTarget.objects.filter(is_main=True)
            .select_related("target_group")
            .order_by("target_group__sort_order", "pk"),
            to_attr="main_targets",
        ),
        _photos_prefetch(),
    )


def attach_areas(practices):
    """Set ``area_prefectures`` (list of Prefecture) on each write-up: one query."""
    practices = list(practices)
    through = PracticePage.areas_prefectures.through
    rows = (
        through.objects.filter(practicepage_id__in=[p.pk for p in practices])
        .select_related("prefecture")
        .order_by("prefecture__code")
    )
    by_page = defaultdict(list)
    for row in rows:
        by_page[row.practicepage_id].append(row.prefecture)
    for practice in practices:
        practice.area_prefectures = by_page[practice.pk]
    return practices


def _japanese_index(index_page):
    """The Japanese index: every write-up is written (and listed) there first."""
    from cms.translation.privacy import original_of

    return original_of(index_page) or index_page


def in_reader_language(practices, request):
    """Each write-up replaced by its listed translation in the reader's language, if any.

    The others stay Japanese, marked ``is_fallback`` and linked under the
    reader's prefix (served there in Japanese with the notice). One query for
    the translations, whatever their number.
    """
    from cms.i18n import active_locale, url_in_language

    practices = list(practices)
    for practice in practices:  # found by the template without a dir() (cms.i18n)
        practice.is_fallback, practice.reader_url = False, ""
    locale = active_locale()
    if locale is None or locale.language_code == settings.LANGUAGE_CODE or not practices:
        return practices
    translations = {
        page.translation_key: page
        for page in _card_queryset(
            PracticePage.objects.listed().filter(
                locale=locale, translation_key__in=[p.translation_key for p in practices]
            )
        )
    }
    attach_areas(translations.values())
    shown = []
    for practice in practices:
        translated = translations.get(practice.translation_key)
        if translated is not None:
            translated.is_fallback, translated.reader_url = False, ""
        else:
            practice.is_fallback = True
            with translation.override(settings.LANGUAGE_CODE):  # resolve the Japanese URL
                practice.reader_url = url_in_language(
                    practice.get_url(request), locale.language_code
                )
            translated = practice
        shown.append(translated)
    return shown


def index_context(index_page, request):
    practice_filter = PracticeFilter(request.GET)
    listed = PracticePage.objects.listed().child_of(_japanese_index(index_page))
    results = _card_queryset(practice_filter.filter(listed).order_by("-first_published_at", "-pk"))
    page = paginate(request, results, index_page.per_page)
    # The cards and the facets are read only when they are rendered: for the
    # unfiltered list they are kept fragments of the template.
    one_page = page.object_list
    page.object_list = SimpleLazyObject(lambda: in_reader_language(attach_areas(one_page), request))
    list_url = index_page.url
    return {
        "practices": page,
        "practice_filter": practice_filter,
        "facets": SimpleLazyObject(lambda: practice_filter.facets(listed)),
        "active_filters": practice_filter.active_filters(list_url),
        "list_url": list_url,
    }


def _ranked(links, key):
    return sorted(links, key=lambda link: (not link.is_main, *key(link)))


def detail_context(practice, request):
    """What a write-up's page shows.

    The lists are read only when they are rendered: the write-up's body and
    its related write-ups are kept fragments of the template (the same for
    every reader), while the organisation's contact details depend on the reader.
    """
    activities = SimpleLazyObject(
        lambda: _ranked(
            practice.activities.select_related("activity_type__group").all(),
            lambda link: (
                link.activity_type.group.sort_order,
                link.activity_type.sort_order,
                link.activity_type_id,
            ),
        )
    )
    targets = SimpleLazyObject(
        lambda: _ranked(
            practice.targets.select_related("target_group").all(),
            lambda link: (link.target_group.sort_order, link.target_group_id),
        )
    )
    organisation = practice.organisation
    return {
        "activities": activities,
        "targets": targets,
        "area_prefectures": SimpleLazyObject(
            lambda: sorted(practice.areas_prefectures.all(), key=lambda p: p.code)
        ),
        "partners": SimpleLazyObject(lambda: _partners(practice, request)),
        "organisation_print_url": request.build_absolute_uri(organisation.get_absolute_url()),
        "results": SimpleLazyObject(lambda: list(practice.results.all())),
        "photos": SimpleLazyObject(
            lambda: list(
                practice.photos.select_related("image").prefetch_related("image__renditions").all()
            )
        ),
        "attachments": SimpleLazyObject(
            lambda: list(practice.attachments.select_related("document").all())
        ),
        "organisation": organisation,
        "contact": access.visible_contact(request.user, organisation),
        "related_practices": SimpleLazyObject(
            lambda: in_reader_language(related_practices(practice, activities, targets), request)
        ),
    }


def _partners(practice, request):
    partners = list(practice.partners.select_related("organisation").all())
    for partner in partners:
        # Printed after the link (print.css part of site.css): a full address on paper.
        if partner.organisation_id:
            partner.print_url = request.build_absolute_uri(partner.organisation.get_absolute_url())
    return partners


def related_practices(practice, activities=None, targets=None):
    """Up to three other listed write-ups sharing activity types or targets, most shared first."""
    activity_ids = {link.activity_type_id for link in activities or practice.activities.all()}
    target_ids = {link.target_group_id for link in targets or practice.targets.all()}
    if not (activity_ids or target_ids):
        return []

    def shared(model, column, ids):
        rows = (
            model.objects.filter(page=OuterRef("pk"), **{f"{column}__in": ids})
            .order_by()
            .values("page")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

    related = (
        PracticePage.objects.listed()
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .exclude(translation_key=practice.translation_key)
        .annotate(
            overlap=shared(PracticeActivity, "activity_type_id", activity_ids)
            + shared(PracticeTarget, "target_group_id", target_ids)
        )
        .filter(overlap__gt=0)
        .order_by("-overlap", "-first_published_at", "-pk")
        .select_related("organisation")
        .prefetch_related(_photos_prefetch())[:RELATED_COUNT]
    )
    return list(related)


def organisation_practices(organisation, request=None):
    """The organisation's published write-ups, newest year first (for its profile).

    Each once, in the reader's language where translated (translations share
    the organisation, so only the Japanese pages are looked up).
    """
    # Like .public(), but as a subquery: one query for the whole list.
    # (a restriction on the write-up or any ancestor: its path is a prefix of ours)
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    practices = (
        PracticePage.objects.live()
        .filter(organisation=organisation, locale__language_code=settings.LANGUAGE_CODE)
        .exclude(Exists(restricted))
        .order_by("-year", "-first_published_at", "-pk")
        .only(
            "title",
            "slug",
            "url_path",
            "year",
            "summary",
            "first_published_at",
            "translation_key",
            "locale",
        )
    )
    return in_reader_language(practices, request)
