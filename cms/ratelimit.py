"""Rate limits for the site's own forms, on django-allauth's counters.

The same mechanism as the sign-in throttling: the limits are written in
``ACCOUNT_RATE_LIMITS`` under the form's action name (``"join"``: "10/h/ip,
3/h/key"), counted in the default cache, and "ip" is the visitor's address
as allauth finds it behind TRUSTED_PROXY_COUNT proxies. ``RATELIMIT_ENABLE``
switches our limits off (the test settings do; allauth's own stay on).
"""

from http import HTTPStatus

from django.conf import settings
from django.shortcuts import render

from allauth.core import ratelimit


def allow(request, action, *, key=None):
    """Count one ``action`` by this visitor (and ``key``); False once over a limit."""
    if not settings.RATELIMIT_ENABLE:
        return True
    if key is not None:
        key = key.strip().lower()
    return ratelimit.consume(request, action=action, key=key)


def too_many_requests(request, template="429.html", context=None):
    """The 429 page in the reader's language (``template`` may keep a form on it)."""
    return render(request, template, context or {}, status=HTTPStatus.TOO_MANY_REQUESTS)
