"""Signal receivers: privacy of translations, machine translation on publish."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import copy_for_translation_done, page_published

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


@receiver(page_published)
def machine_translate_on_publish(sender, instance, revision=None, **kwargs):
    """Publishing a Japanese page starts the jobs the secretariat enabled.

    Publishing a translation by hand (a person, not the job) means someone
    took responsibility for it: its machine-translation flag is cleared.
    """
    from .models import MachineTranslation
    from .services import enabled_languages
    from .tasks import machine_translate_page

    user_id = getattr(revision, "user_id", None)
    if privacy.original_of(instance) is not None:
        if user_id is not None:
            MachineTranslation.objects.filter(page_id=instance.pk).delete()
        return
    for language, mode in enabled_languages(instance):
        machine_translate_page.delay_on_commit(instance.pk, language, mode, user_id)


@receiver(page_published)
def check_translation_progress(sender, instance, **kwargs):
    """A published translation with Japanese segments left says so (PartialTranslation).

    Counted at publication, so the row follows the live page: translating the
    last segment in the editor changes nothing for readers until it is
    published, and that publication removes the row.
    """
    from django.conf import settings

    from .progress import record_progress

    if instance.locale.language_code == settings.LANGUAGE_CODE:
        return
    record_progress(instance)
