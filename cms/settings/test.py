"""Fast, isolated settings for the test suite."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "machina_attachments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
# The page cache is off: its own tests switch it on (tests/cms/test_page_cache.py).
PAGE_CACHE_ENABLED = False
# Kept fragments and facts (cms/page_cache.py) are on in production, where
# Redis is: CI's PostgreSQL run switches them on (TEST_FRAGMENT_CACHE=true),
# so the whole suite runs once as production serves, once as a laptop does.
# Each test starts with an empty cache (tests/conftest.py).
FRAGMENT_CACHE_ENABLED = env.bool("TEST_FRAGMENT_CACHE", default=False)
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = True
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
# The browser tests serve the site on a loopback port.
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
TEST_REDIS_URL = env("TEST_REDIS_URL", default="redis://127.0.0.1:6379/15")
# Admin tests sign in with force_login; the second-factor gate has its own
# tests (tests/cms/test_two_factor.py), which switch it on.
STAFF_TWO_FACTOR_REQUIRED = False
# Rate limits of our own forms (cms/ratelimit.py); their tests switch them on.
RATELIMIT_ENABLE = False
# The suite's SQLite database lives in memory with a shared cache: the browser
# tests' live-server threads share it, and there a lock that is taken fails at
# once instead of waiting. An IMMEDIATE write lock at every BEGIN (base.py, for
# the embedded default's concurrent requests) made browser tests fail with
# "table is locked". tests/workers.py's file copy, which the concurrency tests
# open from many threads, switches it back on.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["OPTIONS"].pop("transaction_mode", None)  # noqa: F405
