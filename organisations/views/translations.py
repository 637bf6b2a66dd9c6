"""/my-organisation/translations/<id>/: translations of a profile's message and description.

The organisation's (active) admin and the secretariat write a translation per
language; the secretariat can also start a machine translation. The
organisation is named by its id in the URL (the secretariat reaches any
organisation from the register), so: anyone else on its staff gets the "admin
only" page (403), everyone else a 404, as if the id did not exist.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from organisations import access
from organisations.forms.translations import MachineTranslationForm, TranslationForm
from organisations.models import Organisation
from organisations.models.translations import translation_languages
from organisations.services import translations as services
from organisations.tasks import machine_translate_profile

TEMPLATE_DIR = "organisations/manage"


def translation_view(view):
    """Sign-in required; passes the organisation (checked) and, if any, the language."""

    @never_cache
    @login_required
    @wraps(view)
    def wrapped(request, organisation_id, *args, **kwargs):
        organisation = get_object_or_404(
            Organisation.objects.select_related("prefecture"), pk=organisation_id
        )
        if not access.can_translate_profile(request.user, organisation):
            membership = access.membership_of(request.user)
            if membership is not None and membership.organisation_id == organisation.pk:
                return render(
                    request,
                    f"{TEMPLATE_DIR}/forbidden.html",
                    {"organisation": organisation},
                    status=403,
                )
            raise Http404
        language = kwargs.pop("language", None)
        if language is not None:
            if language not in dict(translation_languages()):
                raise Http404(_("この言語への翻訳はできません。"))
            kwargs["language"] = language
        return view(request, organisation, *args, **kwargs)

    return wrapped


@require_http_methods(["GET", "HEAD"])
@translation_view
def translation_list(request, organisation):
    """Every language with the state of its translation (one query)."""
    existing = services.translations_by_language(organisation)
    rows = [
        {"code": code, "name": name, "translation": existing.get(code)}
        for code, name in translation_languages()
    ]
    return render(
        request,
        f"{TEMPLATE_DIR}/translations.html",
        {
            "organisation": organisation,
            "rows": rows,
            "has_source": bool(organisation.message or organisation.description),
            "can_manage": access.can_manage_organisation(request.user, organisation),
        },
    )


def _edit_context(request, organisation, language, translation, form, machine_form=None):
    can_machine = (
        access.can_machine_translate_profile(request.user)
        and services.can_machine_translate(language)
        and bool(organisation.message or organisation.description)
    )
    return {
        "organisation": organisation,
        "language": language,
        "language_name": dict(translation_languages())[language],
        "translation": translation,
        "form": form,
        "machine_form": (machine_form or MachineTranslationForm()) if can_machine else None,
    }


@require_http_methods(["GET", "HEAD", "POST"])
@translation_view
def translation_edit(request, organisation, language):
    translation = services.translation_for(organisation, language)
    if request.method == "POST":
        form = TranslationForm(request.POST, instance=translation, language=language)
        if form.is_valid():
            services.save_translation(
                organisation,
                language,
                message=form.cleaned_data["message"],
                description=form.cleaned_data["description"],
                by=request.user,
            )
            messages.success(request, _("翻訳を保存しました。"))
            return redirect("my_organisation:translation_edit", organisation.pk, language)
    else:
        form = TranslationForm(instance=translation, language=language)
    return render(
        request,
        f"{TEMPLATE_DIR}/translation_form.html",
        _edit_context(request, organisation, language, translation, form),
    )


@require_http_methods(["POST"])
@translation_view
def translation_machine(request, organisation, language):
    """The secretariat starts a machine translation (a Celery task)."""
    if not access.can_machine_translate_profile(request.user):
        raise Http404
    translation = services.translation_for(organisation, language)
    context = _edit_context(
        request,
        organisation,
        language,
        translation,
        TranslationForm(instance=translation, language=language),
        MachineTranslationForm(request.POST),
    )
    machine_form = context["machine_form"]
    if machine_form is None:
        messages.error(request, _("この言語には機械翻訳できません。"))
        return redirect("my_organisation:translation_edit", organisation.pk, language)
    if not machine_form.is_valid():
        return render(request, f"{TEMPLATE_DIR}/translation_form.html", context, status=400)
    machine_translate_profile.delay_on_commit(organisation.pk, language, request.user.pk)
    messages.success(
        request,
        _("機械翻訳を始めました。数分で反映されます。結果を確認してください。"),
    )
    return redirect("my_organisation:translation_edit", organisation.pk, language)
