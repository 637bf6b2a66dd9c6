from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import resolve_url
from django.utils import translation

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter

from cms.i18n import default_language, url_in_language
from cms.mail import user_language


def in_reader_language(url):
    """A configured URL (Japanese, unprefixed: "/") under the language being read.

    Resolved under Japanese, where the unprefixed path exists, then reversed
    under the reader's language: "/" becomes "/en/" for an English reader.
    """
    language = translation.get_language()
    with translation.override(default_language()):
        return url_in_language(resolve_url(url), language)


class AccountAdapter(DefaultAccountAdapter):
    """Accounts come from accepted applications and staff invitations only."""

    def is_open_for_signup(self, request):
        return False

    # After signing in or out under /en/ the reader stays in English (a ?next=
    # URL, which already has its prefix, still wins over these).

    def get_login_redirect_url(self, request):
        return in_reader_language(settings.LOGIN_REDIRECT_URL)

    def get_logout_redirect_url(self, request):
        return in_reader_language(app_settings.LOGOUT_REDIRECT_URL)

    def send_mail(self, template_prefix, email, context):
        """allauth's own e-mails (confirm an address, reset a password ...) in
        the language the account chose on /accounts/language/; without a
        choice, or without an account, the language the person is using."""
        user = context.get("user")
        if user is None and email:
            user = get_user_model().objects.filter(email__iexact=email).first()
        with translation.override(user_language(user, default=translation.get_language())):
            super().send_mail(template_prefix, email, context)
