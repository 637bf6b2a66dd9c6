"""Privacy follows translation (Wagtail #11015).

Copying a page for translation does not copy its view restrictions, so a
translation of a members-only page would be public. Two guards:

* mirroring: the view restrictions of a page in the default language (the
  Japanese original) are copied to each of its translations when the
  translation is created (``copy_for_translation_done``) and whenever the
  original's restrictions change later (save, delete, group changes), which
  also covers pages translated before the restriction was added. The
  Japanese page is the master: a translation's restrictions are replaced by
  copies of the original's. Listings, search and sitemaps filter with
  ``.public()`` and so see the translations as private too.
* at serve time (``on_serve_page`` hook in wagtail_hooks.py): a translation
  is served only if the reader also passes every restriction of its original
  (including inherited ones), whatever happened to the mirror.
"""

from django.conf import settings
from django.db import transaction

from wagtail.models import Locale, Page, PageViewRestriction


def default_locale():
    """The Japanese locale (kept per page-cache version: every page asks)."""
    from cms import page_cache

    return page_cache.memo(
        "default-locale",
        lambda: Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first(),
    )


def original_of(page):
    """The default-language page ``page`` translates, or None (it is the original)."""
    locale = default_locale()
    if locale is None or page.locale_id == locale.pk:
        return None
    return Page.objects.filter(translation_key=page.translation_key, locale=locale).first()


def _copy_restriction(restriction, page):
    copy = PageViewRestriction(
        page=page, restriction_type=restriction.restriction_type, password=restriction.password
    )
    copy.save()
    copy.groups.set(restriction.groups.all())
    return copy


@transaction.atomic
def mirror_restrictions(original):
    """Give every translation of ``original`` exactly the original's restrictions."""
    restrictions = list(PageViewRestriction.objects.filter(page=original))
    for translation in original.get_translations():
        PageViewRestriction.objects.filter(page=translation).delete()
        for restriction in restrictions:
            _copy_restriction(restriction, translation)


def sync_translation(page):
    """Mirror the original's restrictions onto ``page`` and its translated ancestors.

    Ancestors too: ``copy_for_translation(copy_parents=True)`` creates missing
    parents without sending the signal for them.
    """
    for node in page.get_ancestors(inclusive=True).filter(depth__gt=1):
        original = original_of(node)
        if original is None:
            continue
        PageViewRestriction.objects.filter(page=node).delete()
        for restriction in PageViewRestriction.objects.filter(page=original):
            _copy_restriction(restriction, node)
