"""How a person is named in the forum and its e-mails: their name, never their account.

Accounts are named ``u-<uuid>`` and sign in with their e-mail address, so
neither may be shown. machina names a poster by calling the user method set in
``MACHINA_USER_DISPLAY_NAME_METHOD`` (in every template, feed and profile);
``install`` gives the user model that method. It reads only the user's own
row, so lists of posts cost no extra query.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext

from privacy.services import is_erased

METHOD_NAME = "get_forum_display_name"


def display_name(user):
    """Family name first, as the rest of the site writes it ("山田 花子").

    An account whose data was deleted (privacy) is 「退会したユーザー」, so its
    posts stay readable without naming anybody.
    """
    if is_erased(user):
        return gettext("退会したユーザー")
    name = " ".join(part for part in (user.last_name.strip(), user.first_name.strip()) if part)
    return name or gettext("名前未登録の会員")


def organisation_name(user):
    """The poster's organisation when it was loaded with the user (select_related), else ""."""
    if is_erased(user):
        return ""
    if not type(user).membership.is_cached(user):
        return ""
    try:
        membership = user.membership
    except ObjectDoesNotExist:
        return ""
    if not type(membership).organisation.is_cached(membership):
        return ""
    organisation = membership.organisation
    return organisation.name if organisation.is_active else ""


def install():
    """Give the user model the method machina calls (forum.apps.ready)."""
    get_user_model().add_to_class(METHOD_NAME, display_name)
