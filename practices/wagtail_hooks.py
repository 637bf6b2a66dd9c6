"""How write-ups plug into Wagtail and into the organisations app's pages.

- Attachments stay private until the write-up is published. Documents go
  through Wagtail's serve view (WAGTAILDOCS_SERVE_METHOD = "serve_view"),
  which runs ``before_serve_document`` first. Only documents of the attachments
  collection that members upload are concerned; the rule is in
  practices.access.can_download_practice_attachment.
- /my-organisation/practices/ (practices/urls.py), the dashboard's write-up
  panel and the profile's list of write-ups, through the hooks organisations
  offers (organisations/extensions.py): organisations never imports practices.
"""

from django.http import Http404
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from wagtail import hooks

from organisations import access as org_access
from organisations.extensions import (
    DASHBOARD_PANELS_HOOK,
    MY_ORGANISATION_URLS_HOOK,
    PROFILE_PANELS_HOOK,
    DashboardPanel,
)
from practices import access
from practices.context import organisation_practices
from practices.services import is_practice_attachment


@hooks.register("before_serve_document")
def keep_unpublished_attachments_private(document, request):
    if is_practice_attachment(document) and not access.can_download_practice_attachment(
        request.user, document
    ):
        raise Http404


@hooks.register(MY_ORGANISATION_URLS_HOOK)
def register_my_organisation_urls():
    from practices import urls

    return urls.urlpatterns


@hooks.register(DASHBOARD_PANELS_HOOK)
def dashboard_panel(request, organisation):
    """The way to the write-ups for those who may write them; a word for the others."""
    if org_access.can_edit_practices(request.user, organisation):
        return DashboardPanel(
            html=render_to_string("practices/dashboard_panel.html", request=request)
        )
    return DashboardPanel(note=_("取組事例を書くには、団体管理者の許可が必要です。"))


@hooks.register(PROFILE_PANELS_HOOK)
def profile_panel(request, organisation):
    """The organisation's published write-ups, in the reader's language.

    Read only when rendered: the list is a kept fragment of the template.
    """
    return render_to_string(
        "practices/profile_panel.html",
        {
            "organisation_pk": organisation.pk,
            "practices": SimpleLazyObject(lambda: organisation_practices(organisation, request)),
        },
        request=request,
    )
