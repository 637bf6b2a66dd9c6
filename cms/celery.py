"""The Celery app for our own background jobs.

Tasks live in each app's ``tasks.py``; callers enqueue them with
``delay_on_commit`` so nothing runs for a transaction that rolled back. With no
broker configured (the embedded default) ``CELERY_TASK_ALWAYS_EAGER`` runs them
in process.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

app = Celery("cms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
