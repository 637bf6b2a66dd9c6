"""Signal receivers: privacy of translations, machine translation on publish."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import copy_for_translation_done

from . import privacy


@receiver(copy_for_translation_done)
def restrict_new_translation(sender, source_obj, target_obj, **kwargs):
    privacy.sync_translation(target_obj)


def _restriction_changed(restriction):
    page_id = restriction.page_id
    try:
        page = Page.objects.get(pk=page_id)
    except Page.DoesNotExist:  # the page itself is being deleted
        return
    if privacy.original_of(page) is None:  # a change on the original: mirror it
        privacy.mirror_restrictions(page)


@receiver(post_save, sender=PageViewRestriction)
def restriction_saved(sender, instance, **kwargs):
    _restriction_changed(instance)


@receiver(post_delete, sender=PageViewRestriction)
def restriction_deleted(sender, instance, **kwargs):
    _restriction_changed(instance)


@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
def restriction_groups_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(
        instance, PageViewRestriction
    ):
        _restriction_changed(instance)
