"""The security audit log: Wagtail's own (ModelLogEntry rows), read in Site history.

Every app records its events with ``record()`` (or ``wagtail.log_actions.log``
directly) against the object the action was done to, and registers its
action names and Japanese labels with the ``register_log_actions`` hook in its
``wagtail_hooks.py``. The secretariat reads them at
``/admin/reports/site-history/``, filtered by action, user, type and date.
Wagtail shows an entry only to whoever holds a permission on its object's type:
each app's migration gives the secretariat (事務局) a "view" permission on the
types it logs against, and nobody else gets one.

What is stored: who acted (``user``), the object (type, id and its name at the
time), the action, and in ``data`` the client's IP address as seen through
our trusted proxies (``TRUSTED_PROXY_COUNT``, the same address allauth's
sign-in throttling uses) and the event's details. Never a password, a code or
a token; for a failed sign-in, not even the identifier that was typed (see
``receivers.py``).

Account events (sign-ins, second-factor changes, refused admin access) are
logged against ``cms.models.Account``, a proxy of the user model. Services,
which get no request, are called inside ``request_context(request)`` by their
views so that their entries carry the client's address too.
"""

import contextvars
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from cms.models import Account

SIGNED_IN = "cms.signed_in"
SIGN_IN_FAILED = "cms.sign_in_failed"
AUTHENTICATOR_ADDED = "cms.authenticator_added"
AUTHENTICATOR_REMOVED = "cms.authenticator_removed"
AUTHENTICATOR_RESET = "cms.authenticator_reset"
ADMIN_ACCESS_REFUSED = "cms.admin_access_refused"

# The client address of the request being served, for entries that services
# record without a request (set by request_context, per request and thread).
_request_ip = contextvars.ContextVar("audit_request_ip", default=None)

# The object of a failed sign-in whose identifier matches no account: the
# typed text is not kept, so the entry names no account (ids start at 1).
UNKNOWN_ACCOUNT_ID = 0


def client_ip(request):
    """The visitor's address through the trusted proxies (allauth's reading), or None."""
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        # No address, or an X-Forwarded-For shorter than the proxies we trust.
        return None


@contextmanager
def request_context(request):
    """Entries recorded inside (by services, which get no request) carry its client IP."""
    token = _request_ip.set(client_ip(request))
    try:
        yield
    finally:
        _request_ip.reset(token)


def account_of(user):
    """The Account (audit log object) of ``user``, without a query."""
    return Account(pk=user.pk, **{get_user_model().USERNAME_FIELD: user.get_username()})


def unknown_account():
    with translation.override(settings.LANGUAGE_CODE):
        label = _("（登録のないアカウント）")
    return Account(pk=UNKNOWN_ACCOUNT_ID), label


def _signed_in_user(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def record(action, instance=None, *, request=None, user=None, data=None, title=None):
    """Write one audit log entry and return it.

    ``instance``: the object the action was done to; a user stands for their
    Account, and none means the request's signed-in account. ``user``: who
    acted; by default the request's signed-in user. ``data``: JSON-ready
    details (never secrets); the client's IP is added from ``request``, or
    from the enclosing ``request_context``.
    """
    if user is None and request is not None:
        user = _signed_in_user(request)
    if user is not None and not user.is_authenticated:
        user = None
    user = getattr(user, "_wrapped", user)  # request.user is a lazy object
    if instance is None:
        instance = user
    if instance is None:
        raise ValueError("An audit entry needs an object or a signed-in user.")
    if isinstance(instance, get_user_model()) and not isinstance(instance, Account):
        instance = account_of(instance)
    payload = dict(data or {})
    if request is not None:
        payload.setdefault("ip", client_ip(request))
    elif _request_ip.get() is not None:
        payload.setdefault("ip", _request_ip.get())
    return log(instance, action, user=user, data=payload, title=title)


def record_admin_refusal(request):
    """A signed-in account was refused the Wagtail admin (called where the refusal is made)."""
    return record(ADMIN_ACCESS_REFUSED, request=request, data={"path": request.path[:200]})


def with_ip(message, log_entry):
    """A log formatter's message, followed by the client's address when it was recorded."""
    ip = (log_entry.data or {}).get("ip")
    if not ip:
        return message
    return _("%(message)s（IPアドレス：%(ip)s）") % {"message": message, "ip": ip}
