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
        from cms.privacy import restricted_translation_keys

        if page.translation_key not in restricted_translation_keys():
            return callback(page, request, args, kwargs)  # its original is public
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
