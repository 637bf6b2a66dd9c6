"""Production settings: every secret comes from the environment.

A variable listed as required has no default, so a deploy that forgets one
fails at start-up with ImproperlyConfigured instead of running insecurely.
"""

from .base import *  # noqa: F403
from .base import env, with_sqlite_options

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
# Rotating the key (docs/operations.md): the old key goes here for a while, so
# sessions and password-reset links signed with it stay valid.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DATABASES = {"default": with_sqlite_options(env.db("DATABASE_URL"))}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
REDIS_URL = env("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": REDIS_CACHE_OPTIONS,  # noqa: F405 - errors are misses (base.py)
        "KEY_PREFIX": "tsunagari",
    }
}
CACHES["machina_attachments"] = {**CACHES["default"], "KEY_PREFIX": "tsunagari-attachments"}
# The broker gets its own Redis database (or server): clearing the cache must
# never drop queued jobs, and the broker's Redis must not evict keys.
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = False
EMAIL_CONFIG = env.email_url("EMAIL_URL")
vars().update(EMAIL_CONFIG)
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL")

SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 63072000  # two years
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# /healthz is probed over plain HTTP inside the compose network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Errors someone sees (docs/operations.md) ------------------------------
# Server errors and failed jobs go to Sentry when SENTRY_DSN is set (personal
# data scrubbed: cms/error_reporting.py); without it, to ADMINS by e-mail.
# ADMINS also get the alerts (e-mails stuck in the outbox, beat stopped).
ADMINS = [(address, address) for address in env.list("ADMINS", default=[])]
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from cms.error_reporting import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=""),
    )

# One JSON object per line, each with the request id (cms/request_id.py) that
# also follows the request into the Celery jobs it queued. The worker keeps
# these settings instead of Celery's own log format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cms.request_id.RequestIdLogFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "include_html": False,
        },
    },
    "root": {
        "handlers": ["console"] if SENTRY_DSN else ["console", "mail_admins"],
        "level": env("LOG_LEVEL", default="INFO"),
    },
    # django.request and django.security propagate to the root's handlers.
    "loggers": {
        "django": {"handlers": [], "propagate": True},
    },
}
