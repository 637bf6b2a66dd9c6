"""Errors someone sees: Sentry when ``SENTRY_DSN`` is set, else e-mail to ``ADMINS``.

Members' personal data never leaves the site: ``send_default_pii`` is off (no
IP addresses, cookies or user names), and ``scrub`` removes what could still
carry it from every event before it is sent: request bodies, cookies, query
strings and headers other than a few technical ones, the user apart from an
id, and any e-mail address left in messages, exception texts or local
variables.
"""

import re

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
REDACTED = "[redacted]"
KEPT_HEADERS = {"content-type", "content-length", "accept-language", "x-request-id", "host"}
PERSONAL_KEYS = re.compile(
    r"(e-?mail|name|kana|phone|address|postcode|password|token|secret|body|content|message)",
    re.IGNORECASE,
)


def _scrub_text(value):
    return EMAIL.sub(REDACTED, value) if isinstance(value, str) else value


def _scrub_mapping(values):
    if not isinstance(values, dict):
        return values
    return {
        key: REDACTED if PERSONAL_KEYS.search(str(key)) else _scrub_value(value)
        for key, value in values.items()
    }


def _scrub_value(value):
    if isinstance(value, dict):
        return _scrub_mapping(value)
    if isinstance(value, list | tuple):
        return [_scrub_value(item) for item in value]
    return _scrub_text(value)


def scrub(event, hint=None):
    """Sentry's ``before_send``: the event without personal data."""
    request = event.get("request")
    if request:
        request.pop("data", None)
        request.pop("cookies", None)
        request.pop("query_string", None)
        request.pop("env", None)
        headers = request.get("headers") or {}
        request["headers"] = {
            key: value for key, value in headers.items() if key.lower() in KEPT_HEADERS
        }
    user = event.get("user")
    if user:
        event["user"] = {"id": user["id"]} if user.get("id") else {}
    if "message" in event:
        event["message"] = _scrub_text(event["message"])
    logentry = event.get("logentry")
    if logentry:
        logentry["message"] = _scrub_text(logentry.get("message"))
        logentry["params"] = [_scrub_value(param) for param in logentry.get("params") or []]
    for exception in (event.get("exception") or {}).get("values") or []:
        exception["value"] = _scrub_text(exception.get("value"))
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            if "vars" in frame:
                frame["vars"] = _scrub_mapping(frame["vars"])
    for crumb in (event.get("breadcrumbs") or {}).get("values") or []:
        crumb["message"] = _scrub_text(crumb.get("message"))
        crumb.pop("data", None)
    event.pop("extra", None)
    return event


def init_sentry(dsn, *, environment="production", release=None):
    """Switch Sentry on (production settings, only when ``SENTRY_DSN`` is set)."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=True,
        before_send=scrub,
        traces_sample_rate=0.0,
    )
