"""``manage.py run_scheduler``: the periodic jobs of the embedded default, in process.

With a broker, Celery beat sends CELERY_BEAT_SCHEDULE's jobs to the workers.
The embedded default has neither, so scheduled pages never went live under
``make up``. This command runs the same schedule itself: each job in this
process at its interval, the first time at start. ``make up`` starts it beside
the development server. With a broker configured it refuses: run beat then.
"""

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

TICK = 5.0  # seconds between looks at the clock


class Command(BaseCommand):
    help = "Run the periodic jobs (CELERY_BEAT_SCHEDULE) in this process, for the embedded default."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run every job once and stop (for a cron job)."
        )

    def handle(self, *args, once=False, **options):
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            raise CommandError(
                "A Celery broker is configured: run `celery -A cms beat` and a worker instead."
            )
        schedule = {
            name: (entry["task"], float(entry["schedule"]))
            for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
        }
        due = dict.fromkeys(schedule, 0.0)
        if not once:
            self.stdout.write(f"Running {len(schedule)} periodic jobs in process; Ctrl-C stops.")
        while True:
            now = time.monotonic()
            for name, (task_path, interval) in schedule.items():
                if now >= due[name]:
                    self._run(name, task_path)
                    due[name] = now + interval
            if once:
                return
            time.sleep(TICK)

    @staticmethod
    def _run(name, task_path):
        try:
            import_string(task_path).apply(throw=True)
        except Exception:  # one failing job must not stop the others
            logger.exception("Periodic job %s failed", name)
