"""Translations of an organisation's message and description (OrganisationTranslation).

A person's translation replaces a machine one and is taken as current (its
digest is the Japanese text's now); a machine translation is made by the
Celery task ``organisations.tasks.machine_translate_profile`` and marked so.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from cms import site_address
from cms.mail import queue_email, user_language
from cms.translation.services import translate_plain_texts
from cms.translation.translators import get_translator
from organisations.models import Organisation, OrganisationTranslation
from organisations.models.translations import source_digest


def translation_for(organisation, language):
    """The organisation's translation into ``language``, or None (one query)."""
    translation = OrganisationTranslation.objects.filter(
        organisation=organisation, language=language
    ).first()
    if translation is not None:
        translation.organisation = organisation  # is_outdated reads it: no second query
    return translation


def translations_by_language(organisation):
    """{language: translation} of the organisation (one query)."""
    translations = {}
    for translation in organisation.translations.all():
        translation.organisation = organisation
        translations[translation.language] = translation
    return translations


@transaction.atomic
def save_translation(organisation, language, *, message, description, by):
    """Store a person's translation (created or replaced); it is no longer a machine's."""
    translation, _created = OrganisationTranslation.objects.update_or_create(
        organisation=organisation,
        language=language,
        defaults={
            "message": message,
            "description": description,
            "machine_translated": False,
            "translator": "",
            "source_digest": source_digest(organisation),
            "updated_by": by,
        },
    )
    return translation


def can_machine_translate(language, translator=None):
    translator = translator or get_translator()
    return translator.supports(language)


def machine_translate(organisation_id, language, *, user_id=None, translator=None):
    """Machine-translate the current Japanese text into ``language``.

    Returns the translation, or None when there is nothing to translate. The
    translator is called outside the transaction; the Japanese read before is
    re-checked inside it, so an edit made meanwhile is never paired with a
    translation of the old text (the run is then a no-op, the next one will do).
    Raises TranslatorError with nothing changed if the translator fails.
    """
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not (organisation.message or organisation.description):
        return None
    translator = translator or get_translator()
    digest = source_digest(organisation)
    message, description = translate_plain_texts(
        [organisation.message, organisation.description], language, translator
    )
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
        if source_digest(organisation) != digest:
            return None
        translation, _created = OrganisationTranslation.objects.update_or_create(
            organisation=organisation,
            language=language,
            defaults={
                "message": message,
                "description": description,
                "machine_translated": True,
                "translator": translator.name,
                "source_digest": digest,
                "updated_by_id": user_id,
            },
        )
    return translation


def report_failure(organisation_id, language, error, user_id=None):
    """E-mail the person who started a machine translation that failed for good."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first() if user_id else None
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if user is None or not user.email or organisation is None:
        return
    language_name = dict(settings.LANGUAGES).get(language, language)
    with override(user_language(user)):
        subject = _("【機械翻訳】「%(name)s」の団体紹介を%(language)sに翻訳できませんでした") % {
            "name": organisation.name,
            "language": language_name,
        }
        body = _(
            "「%(name)s」のメッセージと団体の紹介の%(language)sへの機械翻訳に失敗しました。"
            "翻訳は前のままです。\n\n理由：%(error)s\n\n"
            "しばらくしてからもう一度お試しください。\n%(url)s\n"
        ) % {
            "name": organisation.name,
            "language": language_name,
            "error": str(error)[:300],
            "url": site_address.absolute_url(
                reverse("my_organisation:translations", args=[organisation.pk])
            ),
        }
    queue_email(user.email, subject, body)
