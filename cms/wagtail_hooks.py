"""Privacy of restricted pages and of the documents they use (cms/privacy.py)."""

from django.http import Http404
from django.utils.cache import add_never_cache_headers

from wagtail import hooks
from wagtail.wagtail_hooks import require_wagtail_login

from cms import privacy


@hooks.register("before_serve_page")
def signed_in_non_readers_get_not_found(page, request, serve_args, serve_kwargs):
    """A signed-in reader the page's groups exclude: 404, not a sign-in loop."""
    if privacy.refused_signed_in(page, request):
        raise Http404


@hooks.register("before_serve_document")
def documents_follow_their_pages(document, request):
    """A document only restricted pages use is served to their readers only.

    Signed-out visitors are sent to sign in, like the page's; signed-in ones
    who may not read any of the pages get the 404 the page gives them.
    """
    if privacy.may_download(document, request):
        return None
    if request.user.is_authenticated:
        raise Http404
    response = require_wagtail_login(next=request.get_full_path())
    add_never_cache_headers(response)
    return response
