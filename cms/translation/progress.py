"""Whether a published translation still shows untranslated (Japanese) segments.

wagtail-localize publishes a translation with ``fallback=True``: a segment
nobody translated yet is published in the source language. The reader must
be told (issue 6: never a mix of languages without warning), but counting
segments costs queries, so the count is taken once, when the translation is
published, and kept as a PartialTranslation row that the page's notice reads
in the same single query as the machine-translation flag.
"""

from django.db.models import Exists, OuterRef

from wagtail_localize.models import StringSegment, StringTranslation, Translation

from .models import PartialTranslation


def localize_translation_of(page):
    """The enabled wagtail-localize Translation that produces ``page``, or None.

    None for a page written by hand (copied for translation, or created in
    Easy Japanese without wagtail-localize) and for a translation an editor
    converted to manual editing: a person now answers for its content.
    """
    if not page.translation_key or not page.locale_id:
        return None
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key,
            target_locale_id=page.locale_id,
            enabled=True,
        )
        .exclude(source__locale_id=page.locale_id)
        .order_by("-source__last_updated_at")
        .first()
    )


# Segments readers do not see as text: an untranslated slug keeps the Japanese
# page's (usually romanised) address and is no mix of languages on the page.
NOT_SHOWN = ("slug",)


def segment_progress(translation):
    """(total, translated) segments of ``translation``, as Translation.get_progress
    counts them (an erroneous translation falls back too), without NOT_SHOWN."""
    segments = StringSegment.objects.filter(source_id=translation.source_id).exclude(
        context__path__in=NOT_SHOWN
    )
    translated = segments.filter(
        Exists(
            StringTranslation.objects.filter(
                translation_of_id=OuterRef("string_id"),
                context_id=OuterRef("context_id"),
                locale_id=translation.target_locale_id,
                has_error=False,
            )
        )
    )
    return segments.count(), translated.count()


def record_progress(page):
    """Store (or clear) the PartialTranslation row of a just-published ``page``.

    Returns (total, translated) segments, or None when ``page`` is not a
    wagtail-localize translation.
    """
    translation = localize_translation_of(page)
    progress = segment_progress(translation) if translation is not None else None
    if progress is None or progress[1] >= progress[0]:
        PartialTranslation.objects.filter(page_id=page.pk).delete()
        return progress
    total, translated = progress
    PartialTranslation.objects.update_or_create(
        page_id=page.pk,
        defaults={"total_segments": total, "translated_segments": translated},
    )
    return progress
