"""Our middleware: response headers, and the boundaries of the Wagtail admin.

Headers: ``CrossOriginResourcePolicyMiddleware`` (every response) and
``PrivateCacheMiddleware`` (responses to signed-in users; see their classes).

The admin (every URL under ``/admin/``) has two gates, in this order
(cms/settings/base.py MIDDLEWARE):

1. ``AdminAccessMiddleware``: a signed-in account without admin access (a
   member, an organisation's admin, a coordinator, an account of no
   organisation) gets a clear refusal page (403) instead of Wagtail's
   redirect to its sign-in form, which sent them back and forth between the
   admin and the sign-in page. Signed-out visitors still go to sign in.
2. ``StaffTwoFactorMiddleware``: staff (anyone with admin access) reach no
   admin URL without a second factor, neither without a registered
   authenticator nor with one the session never passed.
"""

import re

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

ADMIN_PREFIX = "/admin/"
ADMIN_ACCESS_PERMISSION = "wagtailadmin.access_admin"


def is_admin_path(path):
    return path.startswith(ADMIN_PREFIX)


def refuse_admin(request):
    """The answer to a signed-in account without admin access on any admin URL.

    The one place where such a refusal is made: a hook for recording it
    (an audit record, a counter) belongs here.

    Admin URLs carry no language prefix, so LocaleMiddleware leaves them in
    Japanese; the page speaks the reader's language instead (the language
    cookie the site keeps, else the browser's Accept-Language).
    """
    from cms import audit

    audit.record_admin_refusal(request)
    language = translation.get_language_from_request(request, check_path=False)
    with translation.override(language):
        response = TemplateResponse(
            request,
            "403_admin.html",
            {"next_path": request.get_full_path()},
            status=403,
        )
        response.render()
    response.headers.setdefault("Content-Language", language)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


class AdminAccessMiddleware:
    """Refuse every admin URL to signed-in accounts without admin access."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            is_admin_path(request.path_info)
            and request.user.is_authenticated
            and not request.user.has_perm(ADMIN_ACCESS_PERMISSION)
        ):
            return refuse_admin(request)
        return self.get_response(request)


class CrossOriginResourcePolicyMiddleware:
    """``Cross-Origin-Resource-Policy: same-origin`` on every response.

    No other site may embed our pages, images, documents or files (Django has
    a setting for the opener policy, none for this one). Placed right after
    SecurityMiddleware, so whitenoise's static files get it too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


# Areas whose pages are one person's own business: the account pages, the
# member area, writing in the forum (posting, editing, moderation, the
# member's own forum settings) and the admin. Paths without their language
# prefix.
NO_STORE_PATHS = re.compile(
    r"""^/(?:
        accounts/
      | my-organisation/
      | admin/
      | django-admin/
      | forum/(?:moderation|tracking|poll)/
      | forum/member/(?:profile/edit|subscriptions|topic)/
      | forum/.*/(?:create|update|delete)/$
    )""",
    re.VERBOSE,
)


def _path_without_language(path):
    language = get_language_from_path(path)
    if language and path.startswith(f"/{language}/"):
        return path[len(language) + 1 :]
    return path


class PrivateCacheMiddleware:
    """Nothing a signed-in user sees is kept by a shared cache.

    Every response to a signed-in user is ``Cache-Control: private`` with
    ``Vary: Cookie``; the areas in NO_STORE_PATHS are ``no-store`` too, for
    everyone (the sign-in page carries a CSRF token). Anonymous public pages
    are left as they are, cacheable. Runs after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        no_store = NO_STORE_PATHS.match(_path_without_language(request.path_info)) is not None
        if signed_in or no_store:
            # patch_cache_control drops a "public" a view may have set.
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
        if no_store:
            patch_cache_control(response, no_store=True)
        return response


class StaffTwoFactorMiddleware:
    """Keep the Wagtail admin closed to staff without a second factor.

    Anyone who can open the admin (the secretariat, editors, superusers) and
    has no TOTP authenticator yet is sent to set one up first. Signing in
    with a registered authenticator asks for the code (django-allauth), and
    allauth records each step in the session; a session that never passed
    the code (signed in some other way) is asked for it before any admin URL.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.STAFF_TWO_FACTOR_REQUIRED
            and is_admin_path(request.path_info)
            and request.user.is_authenticated
            and request.user.has_perm(ADMIN_ACCESS_PERMISSION)
        ):
            next_query = "?" + urlencode({"next": request.get_full_path()})
            if not has_second_factor(request.user):
                messages.warning(request, _("管理画面を使うには、2段階認証の設定が必要です。"))
                return redirect(reverse("mfa_activate_totp") + next_query)
            if not passed_second_factor(request):
                messages.info(request, _("管理画面を使うには、認証コードを入力してください。"))
                return redirect(reverse("mfa_reauthenticate") + next_query)
        return self.get_response(request)


def has_second_factor(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def passed_second_factor(request):
    """Whether this session entered a code of the user's authenticator.

    allauth keeps a record of every authentication step of the session
    (signing in, re-authenticating), tied to the signed-in user.
    """
    from allauth.account.authentication import get_authentication_records

    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


def record_second_factor_on_activation(sender, request, user, authenticator, **kwargs):
    """Setting up TOTP asks for a code of it: the session has passed the second factor.

    Without this, staff who just set up their authenticator would be asked
    for a code again on their way back to the admin.
    """
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator

    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
