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
