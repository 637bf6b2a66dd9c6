"""Settings of the site the drills run: the embedded defaults read from the
environment (DATABASE_URL, REDIS_URL, CELERY_BROKER_URL...), DEBUG off so that
errors show the real 500 page, and static files without a manifest (the drills
run no collectstatic)."""

from cms.settings.base import *  # noqa: F403
from cms.settings.base import env

SECRET_KEY = env("SECRET_KEY", default="drill-only-insecure-key")
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The restored site answers the health check without an Elasticsearch server.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}

# E-mail written to files (one per message) when the drill asks, through a
# backend that can be made slow so a drill can kill a worker in the middle.
if env("EMAIL_FILE_PATH", default=""):
    EMAIL_BACKEND = "ops.slow_mail.EmailBackend"
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
DRILL_MAIL_DELAY = env.float("DRILL_MAIL_DELAY", default=0.0)
