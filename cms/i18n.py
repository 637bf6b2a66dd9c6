"""Languages of the site: first-visit redirect, the fallback to Japanese, links.

URL contract (ARCHITECTURE.md): Japanese at "/" with no prefix, every other
language under its code ("/vi/", "/ja-x-easy/" ...). Django's LocaleMiddleware
takes the language from the path; this module adds what it does not do:

* the browser's Accept-Language is honoured once, on the first visit to an
  unprefixed page (a redirect to the same page under the reader's language);
  after that the language cookie is set and "/" stays Japanese for whoever
  chose 日本語 in the language switcher. The cookie is set only by those two
  redirects, never by a page view, so a public page sets no cookie and a
  shared cache may keep it;
* a Wagtail page that has no translation in the reader's language is served in
  Japanese under the reader's prefix (never a 404), and the templates say so
  (``page_language`` / the ``translation_notice`` tag);
* the URL of the same page in another language, for the switcher and hreflang;
* the pages the site's chrome links to (menu, footer, breadcrumbs) as the
  reader should reach them: their translation, or the Japanese page under the
  reader's prefix (``pages_in_language``), so no link silently switches the
  reader back to Japanese.
"""

import copy

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import get_language_from_path

from wagtail import hooks
from wagtail.models import Locale, Page, Site
from wagtail.views import serve_chain
from wagtail.wagtail_hooks import check_view_restrictions

from cms import privacy

EASY_JAPANESE = "ja-x-easy"
FURIGANA_COOKIE = "furigana"
# The language switcher's links carry ?language=<code>: the choice is stored
# in the language cookie by a redirect to the same URL without it.
LANGUAGE_CHOICE_PARAMETER = "language"


def default_language():
    return settings.LANGUAGE_CODE


def language_names():
    """{code: name in its own script}, in the order of settings.LANGUAGES."""
    return dict(settings.LANGUAGES)


def url_in_language(path, language):
    """The same URL under ``language``'s prefix; ``path`` itself if it has none."""
    return translate_url(path, language)


def url_in_languages(path, languages):
    """{language: ``url_in_language(path, language)``}, resolving ``path`` once
    (Django's translate_url resolves it again for every language)."""
    from urllib.parse import unquote, urlsplit, urlunsplit

    from django.urls import NoReverseMatch, Resolver404, resolve, reverse

    parsed = urlsplit(path)
    try:
        match = resolve(unquote(parsed.path))
    except Resolver404:
        return dict.fromkeys(languages, path)
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    urls = {}
    for language in languages:
        with translation.override(language):
            try:
                url = reverse(name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                urls[language] = path
                continue
        urls[language] = urlunsplit(
            (parsed.scheme, parsed.netloc, url, parsed.query, parsed.fragment)
        )
    return urls


def set_language_cookie(response, language):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class FirstVisitLanguageMiddleware:
    """Honour Accept-Language once, and the reader's choice in the switcher.

    Runs after LocaleMiddleware. On a first visit (no language cookie) to an
    unprefixed page, a browser that prefers another of our languages is
    redirected to the same page under that language's prefix, and the
    cookie remembers it. A link of the language switcher (``?language=vi``)
    stores the choice in the cookie and redirects to the same URL without
    the parameter. Both redirects are never cached; page views set no cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect = (
            language_choice_redirect(request)
            or furigana_toggle_redirect(request)
            or self.first_visit_redirect(request)
        )
        if redirect is not None:
            return redirect
        return self.get_response(request)

    def first_visit_redirect(self, request):
        if request.method not in ("GET", "HEAD"):
            return None
        if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
            return None
        if get_language_from_path(request.path_info):
            return None
        preferred = translation.get_language_from_request(request, check_path=False)
        if preferred == default_language():
            return None
        full_path = request.get_full_path()
        target = url_in_language(full_path, preferred)
        if target == full_path:  # not a page with translations (admin, feeds ...)
            return None
        response = HttpResponseRedirect(target)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        add_never_cache_headers(response)
        set_language_cookie(response, preferred)
        return response


def _without_parameter(request, name):
    """The request's own URL without ``name`` in its query: a local path, always.

    A path that begins "//" (or "/\\", which browsers read the same) would be
    another host's address in the Location header, an open redirect: its
    leading slashes become one.
    """
    query = request.GET.copy()
    del query[name]
    path = "/" + request.path.lstrip("/\\")
    return path + (f"?{query.urlencode()}" if query else "")


def switcher_url(url, language):
    """``url`` as the language switcher links to it: the choice goes along."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{LANGUAGE_CHOICE_PARAMETER}={language}"


def language_choice_redirect(request):
    """``?language=<code>`` stores the reader's choice and comes back to the clean URL."""
    if request.method != "GET" or LANGUAGE_CHOICE_PARAMETER not in request.GET:
        return None
    response = HttpResponseRedirect(_without_parameter(request, LANGUAGE_CHOICE_PARAMETER))
    add_never_cache_headers(response)
    choice = request.GET.get(LANGUAGE_CHOICE_PARAMETER)
    if choice in language_names():
        set_language_cookie(response, choice)
    return response


# --- furigana toggle (Easy Japanese) ---------------------------------------------


def furigana_on(request):
    """Furigana are on unless the reader turned them off (a cookie, no JS)."""
    return request is None or request.COOKIES.get(FURIGANA_COOKIE) != "off"


def furigana_toggle_redirect(request):
    """``?furigana=on|off`` stores the choice and comes back to the clean URL."""
    choice = request.GET.get("furigana")
    if request.method != "GET" or choice not in ("on", "off"):
        return None
    response = HttpResponseRedirect(_without_parameter(request, "furigana"))
    add_never_cache_headers(response)
    response.set_cookie(
        FURIGANA_COOKIE,
        choice,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
    )
    return response


# --- Wagtail pages -------------------------------------------------------------


def _route(root, request, path):
    components = [component for component in path.split("/") if component]
    try:
        return root.specific.route(request, components)
    except Http404:
        return None


def _route_from_kept_root(request, path):
    """Route as ``Page.route_for_request`` does, from the site's home page in
    the active language kept per page-cache version (Wagtail reads the locale
    and the home page's specific row on every request). A copy each time."""
    from cms import page_cache

    if hasattr(request, "_wagtail_route_for_request") or not page_cache.fragments_enabled():
        return
    site = Site.find_for_request(request)
    if site is None:
        return
    language = translation.get_language()
    root = page_cache.memo(("root", site.pk, language), lambda: site.root_page.localized.specific)
    components = [component for component in path.split("/") if component]
    if components and type(root).route is Page.route:
        # Page.route's first step, from kept children: the child by its slug
        # (live or not: the child's own route decides), then its route.
        children = page_cache.memo(
            ("root-children", site.pk, language),
            lambda: {child.slug: child.specific for child in root.get_children()},
        )
        child = children.get(components[0])
        try:
            if child is None:
                raise Http404
            child = copy.copy(child)
            child._cached_parent_obj = root  # as Page.route leaves it
            route = child.route(request, components[1:])
        except Http404:
            route = None
        request._wagtail_route_for_request = route
        return
    request._wagtail_route_for_request = _route(copy.copy(root), request, path)


def serve(request, path):
    """Wagtail's page view, with the Japanese page as the fallback.

    Under another language's prefix Wagtail routes through that language's
    home page, so a page whose translation is missing would be a 404. Here the
    Japanese tree is tried next: if the Japanese page has a live translation in
    the reader's language (under another slug) the reader is sent there,
    otherwise the Japanese page is served and its template shows the notice.
    Everything else (privacy hooks, serve hooks) is Wagtail's ``serve``.
    """
    _route_from_kept_root(request, path)
    route = Page.route_for_request(request, path)
    if route is None and translation.get_language() != default_language():
        site = Site.find_for_request(request)
        if site is not None:
            route = _route(site.root_page, request, path)
        if route is not None:
            translated = translation_in_active_language(route[0])
            if translated is not None and not route[1] and not route[2]:
                return HttpResponseRedirect(translated.get_url(request))
    if route is None:
        raise Http404
    page, args, kwargs = route

    on_serve_chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        if fn is check_view_restrictions and not privacy.may_be_restricted(page):
            continue  # no restriction on it or above it: Wagtail's check has nothing to do
        on_serve_chain = fn(on_serve_chain)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return on_serve_chain(page, request, args, kwargs)


def active_locale():
    """The Locale of the active language (None if it has none), read once per
    page-cache version; a copy each time."""
    from cms import page_cache

    locales = page_cache.memo(
        "locales", lambda: {locale.language_code: locale for locale in Locale.objects.all()}
    )
    locale = locales.get(translation.get_language())
    if locale is None:
        try:
            return Locale.get_active()  # Wagtail's fallback (a language variant's base)
        except Locale.DoesNotExist:
            return None
    return copy.copy(locale)


def translation_in_active_language(page):
    """The live translation of ``page`` in the active language, or None."""
    locale = active_locale()
    if locale is None or page.locale_id == locale.pk:
        return None
    return page.get_translations().live().filter(locale=locale).first()


def translations_by_language(page):
    """{language code: live page} for ``page`` and each of its translations.

    One query per page object: the switcher, hreflang and the notice share it.
    """
    if page is None or not getattr(page, "translation_key", None):
        return {}
    if not hasattr(page, "_i18n_translations"):
        pages = page.get_translations(inclusive=True).live().select_related("locale")
        page._i18n_translations = {p.locale.language_code: p for p in pages}
    return page._i18n_translations


def content_language_of(page):
    """The language ``page``'s content is written in.

    Its locale's, except for an alias page (wagtail-localize's synced copies),
    which shows the content of the page it is an alias of.
    """
    if getattr(page, "alias_of_id", None):
        source = Page.objects.filter(pk=page.alias_of_id).select_related("locale").first()
        if source is not None:
            return source.locale.language_code
    code = locale_codes().get(page.locale_id)
    return code if code is not None else page.locale.language_code


def locale_codes():
    """{locale id: language code}, read once per page-cache version."""
    from cms import page_cache

    return page_cache.memo(
        "locale-codes", lambda: dict(Locale.objects.values_list("pk", "language_code"))
    )


def pages_in_language(pages, language=None):
    """Each of ``pages`` (Japanese pages) as a reader of ``language`` reaches it.

    Its live translation in that language when there is one; otherwise a copy
    of the page marked ``i18n_fallback`` whose URLs stay under the reader's
    prefix, where ``serve`` shows it in Japanese with the notice. Specific
    pages stay specific (``{% routablepageurl %}`` needs them). One query for
    the whole list; none in Japanese.
    """
    language = language or translation.get_language()
    pages = list(pages)
    for page in pages:
        # Set on every page, so templates asking for it find an attribute:
        # a failed lookup makes Django's template engine call dir() on the
        # page, a millisecond each (Page has hundreds of attributes).
        page.__dict__.setdefault("i18n_fallback", False)
    if language == default_language() or not pages:
        return pages
    keys = {page.translation_key for page in pages}
    # A list of one specific type (news items, events) gets its translations
    # as that type, fields loaded: no query per item for the deferred ones.
    model = type(pages[0])
    if model is Page or any(type(page) is not model for page in pages):
        model = Page
    translated = {
        page.translation_key: page
        for page in model.objects.live()
        .filter(translation_key__in=keys, locale__language_code=language)
        .order_by()
    }
    result = []
    for page in pages:
        found = translated.get(page.translation_key)
        if found is None:
            result.append(_under_prefix(page, language))
            continue
        if type(page) is not Page and type(found) is not type(page):
            found = found.specific_deferred
        found.i18n_fallback = False
        result.append(found)
    return result


def paginated_in_language(page_obj):
    """A paginator's page of Japanese pages, its items through ``pages_in_language``."""
    page_obj.object_list = pages_in_language(page_obj.object_list)
    return page_obj


def original_page(page):
    """The Japanese page that ``page`` translates or is an alias of; ``page`` if none.

    Lists of pages (the home page's panels, the index pages) query the
    Japanese tree and show its pages through ``pages_in_language``: the tree
    under a translated or aliased page holds only what has been translated.
    """
    from cms.translation.privacy import default_locale

    locale = default_locale()
    if locale is not None and page.locale_id == locale.pk and not page.alias_of_id:
        return page  # Japanese already: no query
    original = translations_by_language(page).get(default_language())
    return page if original is None or original.pk == page.pk else original


def _under_prefix(page, language):
    """A copy of the Japanese ``page`` whose URLs are under ``language``'s prefix."""
    page = copy.copy(page)
    japanese_url_parts = page.get_url_parts

    def get_url_parts(request=None):
        parts = japanese_url_parts(request=request)
        if parts is None or parts[2] is None:
            return parts
        site_id, root_url, path = parts
        if get_language_from_path(path):  # not a Japanese page after all
            return parts
        with translation.override(default_language()):  # resolve the unprefixed path
            return site_id, root_url, translate_url(path, language)

    page.get_url_parts = get_url_parts
    page.i18n_fallback = True
    return page


def page_is_fallback(page):
    """True when ``page`` is shown in another language than the reader's."""
    if page is None or not getattr(page, "locale_id", None):
        return False
    return content_language_of(page) != translation.get_language()
