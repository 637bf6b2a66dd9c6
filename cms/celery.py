"""The Celery app for our own background jobs.

Tasks live in each app's ``tasks.py``; callers enqueue them with
``delay_on_commit`` so nothing runs for a transaction that rolled back. With no
broker configured (the embedded default) ``CELERY_TASK_ALWAYS_EAGER`` runs them
in process.
"""

import logging
import os

from celery import Celery, bootsteps

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

app = Celery("cms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


BEAT_WATCH_EVERY = 5 * 60.0  # seconds


class BeatWatch(bootsteps.StartStopStep):
    """Every 5 minutes the worker checks the beat's heartbeat (cms/background.py).

    A job the beat schedules cannot notice that the beat is down; the worker
    runs this on its own timer and mails ADMINS (at most once an hour).
    """

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        self.tref = None

    def start(self, worker):
        self.tref = worker.timer.call_repeatedly(BEAT_WATCH_EVERY, check_beat, priority=10)

    def stop(self, worker):
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None


def check_beat():
    from django.db import close_old_connections

    from cms import background

    try:
        background.alert_late_beat()
    except Exception:
        logging.getLogger(__name__).exception("could not check the beat's heartbeat")
    finally:
        close_old_connections()


app.steps["worker"].add(BeatWatch)
