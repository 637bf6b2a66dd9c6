"""The page cache: whole public pages kept for anonymous readers.

``PageCacheMiddleware`` (cms/settings/base.py MIDDLEWARE, right after the
language middleware, so the first-visit redirect and the language switcher's
redirects still happen) answers an anonymous GET or HEAD of a page without a
query string from the cache, and keeps the rendered answer when it may be
shared. The key holds the site's host, the language of the request, the
reader's furigana choice and the path, under one **version**: any save or
delete of a model that public pages show bumps the version, so a publish is
visible on the very next request and nothing has to know which pages showed
what.

What is never served from the cache: a request carrying a session or a
message cookie (signed in, or a message waiting), a query string (search,
filtered listings, pagination), a method other than GET/HEAD, the paths of
``settings.PAGE_CACHE_EXCLUDE`` (search) and NO_STORE_PATHS (accounts,
member area, admin).

What is never stored: anything but a 200; a response to a signed-in user; a
response that sets a cookie (a page with a form sets the CSRF cookie) or
whose session changed; a ``private``/``no-store``/``no-cache`` response; a
streamed one. Restricted pages never answer a session-less anonymous reader
with a 200 (members-only and private pages redirect to sign in, a password
page sets the CSRF cookie), so they are never stored either.

Pages whose content changes with the clock (upcoming events and their seats,
"open now" in the support finder) call ``changes_with_time(request)`` or
answer with a ``max-age``: they are kept ``PAGE_CACHE_TIME_VARYING_TIMEOUT``
seconds (a minute) at most.

Every storable answer tells shared caches (a CDN) the same with
``Cache-Control: public, max-age=0, s-maxage=N``: browsers ask again, a CDN
keeps it N seconds (``PAGE_CACHE_CDN_MAX_AGE``, never more than the time
varying limit for those pages). Page publishes are also purged from the CDN
when ``wagtail.contrib.frontend_cache`` is configured (README, "CDN").

Which models count: ``settings.PAGE_CACHE_MODELS`` ("app_label" for every
model of an app, "app_label.ModelName" for one model and its subclasses); an
app added later appends to that list or calls ``register(Model)`` from its
``AppConfig.ready()``.
"""

import contextvars
import copy
import hashlib
import re
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

VERSION_KEY = "pagecache:version"
HIT_HEADER = "X-Page-Cache"
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage

_registered: list = []  # model classes added with register()
_models: tuple | None = None  # resolved from settings and register(), on first use


def cache():
    return caches[settings.PAGE_CACHE_ALIAS]


# --- what changes a public page ----------------------------------------------------------


def register(*models):
    """Count saves and deletes of ``models`` (classes) as changes of public pages."""
    global _models
    _registered.extend(models)
    _models = None


def watched_models():
    global _models
    if _models is None:
        found = list(_registered)
        for label in settings.PAGE_CACHE_MODELS:
            if "." in label:
                found.append(apps.get_model(label))
            else:
                found.extend(apps.get_app_config(label).get_models())
        _models = tuple(found)
    return _models


def bump_version():
    """Every page kept so far is out of date (the next request renders afresh)."""
    cache().set(VERSION_KEY, uuid.uuid4().hex[:16], None)


def version_for(request):
    """The version, read once per request (the middleware already read it)."""
    version = getattr(request, "_page_cache_version", None)
    if version is None:
        version = request._page_cache_version = current_version()
    return version


def current_version():
    version = cache().get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex[:16]
        # add: two processes starting at once agree on one version.
        if not cache().add(VERSION_KEY, version, None):
            version = cache().get(VERSION_KEY) or version
    return version


def fragments_enabled():
    """Whether parts of pages may be kept under the version (a shared cache)."""
    return settings.FRAGMENT_CACHE_ENABLED


def fragment_key(request, name, *parts):
    """The cache key of fragment ``name`` as ``request`` shows it, under the version.

    The site's host and the active language are always part of it; ``parts``
    add whatever else the fragment shows.
    """
    from django.utils import translation

    raw = "|".join(
        str(part) for part in (name, request.get_host(), translation.get_language(), *parts)
    )
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"pagecache:fragment:{version_for(request)}:{digest}"


def kept_each(request, ids, build, *parts) -> dict:
    """id → ``build(missing ids)``'s value for each of ``ids``, kept one entry per id.

    For what an object shows the same to every reader who may see it (a
    search result's card, a forum post's body): kept under the version, keyed
    on the site, the language, ``parts`` and the id, read with one
    ``get_many``; only the missing ids are built, and stored together.
    Without a shared cache, or in a preview, every id is built.
    """
    ids = list(ids)
    if not fragments_enabled() or getattr(request, "is_preview", False):
        return build(ids)
    keys = {pk: fragment_key(request, *parts, pk) for pk in ids}
    kept = cache().get_many(list(keys.values()))
    found = {pk: kept[key] for pk, key in keys.items() if key in kept}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        built = build(missing)
        cache().set_many(
            {keys[pk]: value for pk, value in built.items()}, settings.PAGE_CACHE_TIMEOUT
        )
        found.update(built)
    return found


# {(name, version): value} kept by memo(), in this process.
_memos: dict = {}
# The request being answered (set by the middleware): memo() reads the version
# once per request through it, not once per call.
_request = contextvars.ContextVar("page_cache_request", default=None)


def memo(name, build):
    """``build()``'s value, kept in this process until the version moves.

    For small facts every page asks for (the default locale, the restricted
    sections) built from watched models only. Without a shared cache
    (``fragments_enabled``), kept for the request being answered only.
    """
    request = _request.get()
    if not fragments_enabled():
        # No shared cache to tell this process of a change elsewhere: kept for
        # the request being answered only (none: built every time).
        if request is None:
            return build()
        kept = request.__dict__.setdefault("_page_cache_memos", {})
        if name not in kept:
            kept[name] = build()
        return kept[name]
    key = (name, current_version() if request is None else version_for(request))
    if key not in _memos:
        if len(_memos) > 4096:  # old versions, or many readers
            _memos.clear()
        _memos[key] = build()
    return _memos[key]


def _site_root_paths():
    from wagtail.models import Site

    return tuple(Site.get_site_root_paths())


def known_site(request):
    """Wagtail's Site for ``request`` (as ``Site.find_for_request`` finds it),
    looked up once per host and version in this process; a copy, with its own
    copy of the root page, so that no request sees another's changes to them."""
    from django.http.request import split_domain_port

    from wagtail.models import Site

    hostname = split_domain_port(request._get_raw_host())[0]
    site = memo(("site", hostname, request.get_port()), lambda: Site._find_for_request(request))
    if site is None:
        return None
    site = copy.copy(site)
    site.root_page = copy.copy(site.root_page)
    return site


def content_changed():
    """What public pages show changed in this transaction (for writes that send
    no signal: bulk_create, bulk_update, QuerySet.update)."""
    bump_version()
    # A request rendering between this save and its commit may have stored the
    # old content under the new version: bump once more after the commit.
    transaction.on_commit(bump_version)


def _changed(instance, update_fields=None):
    if not isinstance(instance, watched_models()):
        return
    if update_fields and set(update_fields) <= {"last_login"}:
        return  # a sign-in, shown nowhere
    content_changed()


def on_save(sender, instance, update_fields=None, **kwargs):
    _changed(instance, update_fields)


def on_delete(sender, instance, **kwargs):
    _changed(instance)


def on_m2m_changed(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        _changed(instance)


def connect_signals():
    post_save.connect(on_save, dispatch_uid="cms.page_cache.save")
    post_delete.connect(on_delete, dispatch_uid="cms.page_cache.delete")
    m2m_changed.connect(on_m2m_changed, dispatch_uid="cms.page_cache.m2m")


# --- pages that change with time -------------------------------------------------------


def changes_with_time(request, seconds=None):
    """The answer to ``request`` changes with the clock: keep it a minute at most."""
    if request is None:
        return
    limit = settings.PAGE_CACHE_TIME_VARYING_TIMEOUT
    seconds = limit if seconds is None else min(seconds, limit)
    current = getattr(request, "_page_cache_timeout", None)
    request._page_cache_timeout = seconds if current is None else min(current, seconds)


def _timeout(request, response):
    timeout = settings.PAGE_CACHE_TIMEOUT
    if getattr(request, "_page_cache_timeout", None) is not None:
        timeout = min(timeout, request._page_cache_timeout)
    max_age = re.search(r"(?:^|,)\s*max-age=(\d+)", response.get("Cache-Control", ""))
    if max_age:
        timeout = min(timeout, int(max_age.group(1)))
    return timeout


# --- the middleware --------------------------------------------------------------------


def _excluded(path):
    from cms.middleware import NO_STORE_PATHS, _path_without_language

    bare = _path_without_language(path)
    if NO_STORE_PATHS.match(bare):
        return True
    return any(re.match(pattern, bare) for pattern in settings.PAGE_CACHE_EXCLUDE)


def may_serve_from_cache(request):
    """Whether ``request`` is one the page cache answers (or keeps the answer to)."""
    if not settings.PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
        return False
    if request.META.get("QUERY_STRING"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or MESSAGES_COOKIE in cookies:
        return False
    return not _excluded(request.path_info)


def cache_key(request, version):
    from cms.i18n import furigana_on

    path = hashlib.sha256(request.path.encode()).hexdigest()[:32]
    furigana = "f1" if furigana_on(request) else "f0"
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return f"pagecache:{version}:{request.scheme}:{request.get_host()}:{language}:{furigana}:{path}"


def storable(request, response):
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "")
    if re.search(r"\b(private|no-store|no-cache)\b", cache_control):
        return False
    return _timeout(request, response) > 0


class PageCacheMiddleware:
    """Anonymous public pages from the cache (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self._answer(request)
        finally:
            _request.reset(token)

    def _answer(self, request):
        if fragments_enabled() and not hasattr(request, "_wagtail_site"):
            try:
                site = known_site(request)
                root_paths = list(memo("site-root-paths", _site_root_paths))
            except DatabaseError:
                pass  # the database is down: the view answers (a 500 page, /healthz a 503)
            else:
                # Where Site.find_for_request looks first: one query less a
                # request; and where Page.get_url looks first (Wagtail reads
                # these from the cache and unpickles them on every request).
                request._wagtail_site = site
                request._wagtail_cached_site_root_paths = root_paths
        if not may_serve_from_cache(request):
            return self.get_response(request)
        store = cache()
        version = version_for(request)
        key = cache_key(request, version)
        entry = store.get(key)
        if entry is not None:
            content, headers = entry
            response = HttpResponse(content, headers=headers)
            response[HIT_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if request.method == "GET" and storable(request, response):
            timeout = _timeout(request, response)
            shared = min(timeout, settings.PAGE_CACHE_CDN_MAX_AGE)
            patch_cache_control(response, public=True, max_age=0, s_maxage=shared)
            patch_vary_headers(response, ["Cookie"])
            store.set(key, (response.content, dict(response.headers.items())), timeout)
            response[HIT_HEADER] = "miss"
        return response
