from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


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
