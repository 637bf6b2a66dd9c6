"""Who may read a restricted page, and the documents such pages use.

Pages are made private with Wagtail's own view restrictions (members-only
pages are restricted to the 会員 group, kept in step with membership by the
organisations app). Two gaps in Wagtail are closed here:

* A signed-in reader refused by a group restriction would be sent to the
  sign-in page, which sends a signed-in visitor straight back: a loop. They
  get the site's 404 instead, as in a members-only forum (forum/guard.py).
  Signed-out readers are still sent to sign in (WAGTAIL_FRONTEND_LOGIN_URL).
* Wagtail protects documents by collection, not by the pages that link them,
  so a members-only report's PDF would download for anyone. A document is
  restricted when a restricted page uses it (Wagtail's reference index knows
  which) and no public live page does; it is then served only to those who
  may read one of those pages and to the people who work in the admin,
  whatever its collection.

A translation is read only by those who may read its original too
(cms/translation/privacy.py mirrors the restrictions; this checks both).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from wagtail.models import BaseViewRestriction, Page, PageViewRestriction, ReferenceIndex

from cms import page_cache
from cms.translation.privacy import original_of

ADMIN_PERMISSION = "wagtailadmin.access_admin"
# The privacy choices editors are offered on every page type: a shared
# password, or users in specific groups (会員 for members-only). "Signed-in
# users" is left out: it opens the page to every account, members or not.
PRIVATE_PAGE_OPTIONS = [BaseViewRestriction.PASSWORD, BaseViewRestriction.GROUPS]
SIGN_IN_RESTRICTIONS = (BaseViewRestriction.LOGIN, BaseViewRestriction.GROUPS)


def restricted_paths():
    """The tree paths of every restricted page, read once per page-cache version."""
    return page_cache.memo(
        "restricted-paths",
        lambda: tuple(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


def restricted_translation_keys():
    """The translation keys of Japanese pages on or below a view restriction,
    read once per page-cache version: only their translations need the
    original's restrictions checked (cms/translation/wagtail_hooks.py)."""
    from cms.translation.privacy import default_locale

    def build():
        under = _under_restrictions()
        locale = default_locale()
        if not under or locale is None:
            return frozenset()
        pages = Page.objects.filter(under, locale=locale)
        return frozenset(pages.values_list("translation_key", flat=True))

    return page_cache.memo("restricted-translation-keys", build)


def may_be_restricted(page):
    """Whether a view restriction may apply to ``page``: one on it or above it,
    or it is an alias (whose original's ancestors count). False means Wagtail's
    check (two queries a request) would find nothing."""
    if getattr(page, "alias_of_id", None):
        return True
    return any(page.path.startswith(path) for path in restricted_paths())


def public(pages):
    """``pages.public()`` (no page in or below a restricted section), with the
    restricted sections read once per page-cache version rather than once per
    list: the home page shows three such lists."""
    private = _under_restrictions()
    return pages.exclude(private) if private else pages


def _under_restrictions():
    """A Q for the pages on or below a restricted page (empty: none is)."""
    under = Q()
    for path in restricted_paths():
        under |= Q(path__startswith=path)
    return under


def view_restrictions(page):
    """The restrictions on ``page`` and its ancestors, and on its original's."""
    restrictions = list(page.get_view_restrictions())
    original = original_of(page)
    if original is not None:
        restrictions += list(original.get_view_restrictions())
    return restrictions


def refused(page, request):
    """The restrictions of ``page`` the request does not pass."""
    return [r for r in view_restrictions(page) if not r.accept_request(request)]


def refused_signed_in(page, request):
    """True when a signed-in reader may not read ``page`` and signing in cannot help."""
    if not request.user.is_authenticated:
        return False
    if not may_be_restricted(page) and page.translation_key not in restricted_translation_keys():
        return False  # nothing restricts it, its ancestors or its original: no query
    return any(r.restriction_type in SIGN_IN_RESTRICTIONS for r in refused(page, request))


def pages_using(document):
    """The pages whose content uses ``document`` (Wagtail's reference index)."""
    page_type = ContentType.objects.get_for_model(Page)
    ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    return Page.objects.filter(pk__in=[int(pk) for pk in ids])


def is_admin_user(user):
    return bool(user.is_authenticated and user.is_active and user.has_perm(ADMIN_PERMISSION))


def document_readers_pages(document):
    """The restricted live pages that make ``document`` private, or None if it is not.

    None when no restricted page uses it, or a public live page uses it too.
    """
    using = pages_using(document)
    if not using.exists() or using.live().public().exists():
        return None
    restricted = using.not_public()
    if not restricted.exists():
        return None
    return list(restricted.live().specific())


def may_download(document, request):
    """True unless ``document`` is private and the request may read none of its pages."""
    pages = document_readers_pages(document)
    if pages is None or is_admin_user(request.user):
        return True
    return any(not refused(page, request) for page in pages)
