from django.http import HttpResponse

from wagtail import hooks
from wagtail.wagtail_hooks import check_view_restrictions

from . import privacy


@hooks.register("on_serve_page")
def check_original_view_restrictions(callback):
    """A translation is served only to readers who may see its original.

    Wagtail's own check is run on the original page; it answers with the
    sign-in redirect / password form, or calls our marker callback if the
    reader passes.
    """

    def inner(page, request, args, kwargs):
        original = privacy.original_of(page)
        if original is not None:
            passed = HttpResponse()
            response = check_view_restrictions(lambda *_: passed)(
                original.specific, request, args, kwargs
            )
            if response is not passed:
                return response
        return callback(page, request, args, kwargs)

    return inner


@hooks.register("register_log_actions")
def register_machine_translation_actions(actions):
    from django.utils.translation import gettext_lazy as _

    from .services import FAILED_ACTION

    actions.register_action(
        FAILED_ACTION,
        _("機械翻訳の失敗"),
        _("機械翻訳に失敗しました。ページは翻訳前のままです"),
    )


def warn_about_long_sentences(request, page):
    """After an Easy Japanese page is saved: its sentences over the limit, as a warning."""
    from django.conf import settings
    from django.contrib import messages
    from django.utils.translation import gettext as _

    from .easy_japanese import MAX_SENTENCE_LENGTH, long_sentences_of_page

    easy = f"{settings.LANGUAGE_CODE}-x-easy"
    if page.locale.language_code != easy:
        return
    sentences = long_sentences_of_page(page)
    if not sentences:
        return
    messages.warning(
        request,
        _("やさしい日本語では1文を%(limit)s字までにすると読みやすくなります。長い文：%(sentences)s")
        % {"limit": MAX_SENTENCE_LENGTH, "sentences": " ／ ".join(sentences[:5])},
    )


hooks.register("after_create_page", warn_about_long_sentences)
hooks.register("after_edit_page", warn_about_long_sentences)
