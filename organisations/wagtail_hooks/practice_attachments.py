"""Write-up attachments stay private until the write-up is published.

Documents go through Wagtail's serve view (WAGTAILDOCS_SERVE_METHOD =
"serve_view"), which runs this hook first. Only documents of the attachments
collection that members upload are concerned; the rule is in
organisations.access.can_download_practice_attachment.
"""

from django.http import Http404

from wagtail import hooks

from organisations import access
from organisations.services.practice_submissions import is_practice_attachment


@hooks.register("before_serve_document")
def keep_unpublished_attachments_private(document, request):
    if is_practice_attachment(document) and not access.can_download_practice_attachment(
        request.user, document
    ):
        raise Http404
