import re

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _


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

    Anyone who can open the admin (the secretariat, superusers) and has no
    TOTP authenticator yet is sent to set one up first. Signing in with a
    registered authenticator already asks for the code (django-allauth).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.STAFF_TWO_FACTOR_REQUIRED
            and request.path_info.startswith("/admin/")
            and request.user.is_authenticated
            and request.user.has_perm("wagtailadmin.access_admin")
            and not self._has_second_factor(request.user)
        ):
            messages.warning(request, _("管理画面を使うには、2段階認証の設定が必要です。"))
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return self.get_response(request)

    @staticmethod
    def _has_second_factor(user):
        from allauth.mfa.models import Authenticator

        return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
