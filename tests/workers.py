"""A real Celery worker on the real Redis broker, for integration tests.

The rest of the suite runs tasks eagerly in process; a test that uses
``real_worker`` proves the production path instead: the code under test
enqueues with ``.delay()``/``delay_on_commit()`` onto Redis, and a separate
``celery worker`` process, on the same test database, runs the tasks::

    pytestmark = [pytest.mark.services,
                  pytest.mark.django_db(transaction=True, serialized_rollback=True)]

    def test_something(tmp_path):
        with real_worker(tmp_path) as worker:
            ...                      # tasks go to Redis (the worker may not run yet)
            worker.start()
            worker.wait_for(lambda: Thing.objects.filter(done=True).exists(), "done")

Why it is built this way:

- The worker is another process, so it must see the test's rows: the test
  must be transactional (committed data). On PostgreSQL the worker connects
  to the same ``test_<name>`` database. On SQLite the test database is in
  memory (pytest-django's default), which no other process can open, so for
  the duration of the block it is copied into a file that both processes then
  use; afterwards the test goes back to the in-memory database (whose flush
  after the test clears it as usual).
- Each block has its own queue (``tsunagari-test-<hex>``): the test process
  publishes every task there, and the worker makes it its default queue, so
  the tasks a task enqueues (the outbox's ``deliver_email``, a relay's
  ``process_post_event``) also go through Redis to this worker, never to a
  developer's or another test's worker. Its Redis keys are deleted at the end.
- The worker runs ``cms.settings.test`` with Celery not eager and e-mail
  written to files (``worker.sent_emails()``): it cannot share Django's
  locmem outbox with the test. ``settings=`` overrides further settings in
  the worker only (e.g. a translator that fails).
- This module is also the worker's Celery app (``celery -A tests.workers``):
  it is ``cms.celery.app``, configured from ``TSUNAGARI_TEST_WORKER`` when the
  worker imports it.
"""

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import time
import uuid
import warnings
from email import message_from_bytes, policy
from pathlib import Path
from urllib.parse import quote

from cms.celery import app

BASE_DIR = Path(__file__).resolve().parent.parent
CELERY = Path(sys.executable).with_name("celery")
WORKER_ENV = "TSUNAGARI_TEST_WORKER"
QUEUE_PREFIX = "tsunagari-test-"
CLOSED_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
WAIT_TIMEOUT = 45  # seconds; a cold worker (Django set-up) takes a few


# --- In the worker process ----------------------------------------------------------


def _configure_worker(config):
    """Run by the worker at import: its queue, not eager, the test's settings."""
    from django.conf import settings

    for name, value in config["settings"].items():
        setattr(settings, name, value)
    app.conf.update(task_always_eager=False, task_default_queue=config["queue"])


if WORKER_ENV in os.environ:
    _configure_worker(json.loads(os.environ[WORKER_ENV]))


# --- In the test process -------------------------------------------------------------


def _reset_broker_connections():
    """Close the pooled broker connections, so the next publish uses the new URL."""
    from kombu import pools

    pools.reset()  # kombu's pools are global, keyed by URL: close and forget them all
    app._after_fork()  # what Celery does in a forked child: forget the app's pools too


@contextlib.contextmanager
def publishing_to(broker_url, queue):
    """Make ``.delay()`` in this process publish to ``broker_url``/``queue``, not run eagerly."""
    names = ("broker_url", "task_always_eager", "task_default_queue")
    saved = {name: app.conf[name] for name in names}
    _reset_broker_connections()
    app.conf.update(broker_url=broker_url, task_always_eager=False, task_default_queue=queue)
    try:
        yield
    finally:
        _reset_broker_connections()
        app.conf.update(saved)


@contextlib.contextmanager
def shared_database(tmp_path):
    """The test database's URL for another process; on SQLite, copied to a file first."""
    from django.db import connection

    assert not connection.in_atomic_block, "the worker sees committed rows only: transaction=True"
    connection.ensure_connection()
    params = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = quote(params["USER"] or "", safe="")
        if params["PASSWORD"]:
            auth += ":" + quote(params["PASSWORD"], safe="")
        host = quote(params["HOST"] or "localhost", safe="")  # may be a socket directory
        port = f":{params['PORT']}" if params["PORT"] else ""
        yield f"postgres://{auth}@{host}{port}/{params['NAME']}"
        return
    assert connection.vendor == "sqlite", f"no shared test database for {connection.vendor}"
    path = tmp_path / "shared-test-db.sqlite3"
    memory, name = connection.connection, params["NAME"]
    with contextlib.closing(sqlite3.connect(path)) as target:
        memory.backup(target)
    # Django never closes an in-memory database (that would destroy it); we
    # keep the open connection aside and give it back afterwards.
    connection.connection = None
    params["NAME"] = str(path)
    # The file is opened by many threads at once: as the embedded default
    # does (cms/settings/base.py), each transaction takes the write lock
    # when it begins and waits for it (the test settings leave that off
    # for the in-memory database).
    options = params["OPTIONS"]
    params["OPTIONS"] = {**options, "transaction_mode": "IMMEDIATE", "timeout": 20}
    try:
        yield f"sqlite:///{path}"
    finally:
        connection.close()
        params["NAME"] = name
        params["OPTIONS"] = options
        connection.connection = memory


class Worker:
    """One ``celery worker`` subprocess on a unique queue; see the module docstring."""

    def __init__(self, broker_url, database_url, mail_dir, settings):
        self.token = uuid.uuid4().hex
        self.queue = f"{QUEUE_PREFIX}{self.token}"
        self.broker_url = broker_url
        self.database_url = database_url
        self.mail_dir = mail_dir
        self.settings = {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
            **settings,
        }
        self.process = None
        self.output = ""

    def start(self):
        """Start the worker (tasks sent before wait in Redis until it consumes them)."""
        assert self.process is None, "the worker is running already"
        env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
        env.update(
            DJANGO_SETTINGS_MODULE="cms.settings.test",
            DATABASE_URL=self.database_url,
            PYTHONDONTWRITEBYTECODE="1",
            **{WORKER_ENV: json.dumps({"queue": self.queue, "settings": self.settings})},
        )
        self.process = subprocess.Popen(  # noqa: S603 - our venv's celery, fixed arguments
            [
                str(CELERY),
                "-A",
                "tests.workers",
                "--broker",
                self.broker_url,
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--loglevel=warning",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--hostname=test-{self.token}@%h",
                f"--queues={self.queue}",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        return self

    def stop(self):
        """Stop the worker (warm shutdown: the task it runs finishes first)."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            output, _ = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            output, _ = self.process.communicate()
        self.output += output or ""
        self.process = None

    def send(self, name, *args):
        """Put task ``name`` on the queue as a caller elsewhere would (not eagerly)."""
        from celery.exceptions import AlwaysEagerIgnored

        with app.connection_for_write(self.broker_url) as connection, warnings.catch_warnings():
            warnings.simplefilter("ignore", AlwaysEagerIgnored)
            return app.send_task(name, args=list(args), queue=self.queue, connection=connection)

    def queued(self):
        """The names of the tasks waiting in Redis for this worker, oldest first."""
        messages = reversed(self._redis().lrange(self.queue, 0, -1))  # LPUSH, BRPOP
        return [json.loads(message)["headers"]["task"] for message in messages]

    def wait_for(self, predicate, what, timeout=WAIT_TIMEOUT):
        """Poll ``predicate`` until true; fail with the worker's output if it never is.

        Then this process's caches are cleared: they are per process in the
        tests (locmem), so what the worker invalidated (e.g. Wagtail's site
        root paths after it created a translated home page) would otherwise
        stay stale here; in production every process shares Redis.
        """
        from django.core.cache import caches

        deadline = time.monotonic() + timeout
        while True:
            result = predicate()
            if result:
                for cache in caches.all():
                    cache.clear()
                return result
            if self.process is not None and self.process.poll() is not None:
                self.stop()
                raise AssertionError(f"worker exited before {what}:\n{self.output}")
            if time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"not in {timeout} s: {what}\nworker output:\n{self.output}")
            time.sleep(0.2)

    def sent_emails(self):
        """The messages the worker handed to its e-mail backend (parsed)."""
        messages = []
        for path in sorted(self.mail_dir.glob("*.log")):
            # The file backend separates messages with a line of 79 dashes.
            for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if raw.strip():
                    messages.append(message_from_bytes(raw.lstrip(), policy=policy.default))
        return messages

    def _redis(self):
        import redis

        return redis.Redis.from_url(self.broker_url)

    def clean_redis(self):
        delete_redis_keys(self._redis(), self.token)


def delete_redis_keys(client, token):
    """Delete the queue, bindings and results named with ``token``; nothing shared."""
    keys = list(client.scan_iter(f"*{token}*"))
    if keys:
        client.delete(*keys)
    for member in client.zrange("_kombu.binding_deadlines", 0, -1):
        if token.encode() in member:
            client.zrem("_kombu.binding_deadlines", member)


def redis_url_or_skip():
    """The test Redis (settings.TEST_REDIS_URL), or skip: ``.ci/run`` starts it."""
    from django.conf import settings

    import pytest
    import redis

    url = settings.TEST_REDIS_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis not reachable at {url} ({exc.__class__.__name__}); .ci/run starts it")
    return url


@contextlib.contextmanager
def real_worker(tmp_path, *, settings=None, start=False, allow_tracebacks=False):
    """A ``Worker`` on this test's database; tasks enqueued inside go to its queue.

    The worker is started by ``worker.start()`` (or at once with ``start=True``),
    stopped and its Redis keys removed at the end. A traceback in its output
    fails the test unless ``allow_tracebacks``. Check the database inside the
    block: on SQLite what was written in it is gone afterwards.
    """
    broker_url = redis_url_or_skip()
    mail_dir = tmp_path / "worker-mail"
    mail_dir.mkdir()
    with shared_database(tmp_path) as database_url:
        worker = Worker(broker_url, database_url, mail_dir, settings or {})
        try:
            with publishing_to(broker_url, worker.queue):
                if start:
                    worker.start()
                yield worker
        finally:
            worker.stop()
            worker.clean_redis()
    if not allow_tracebacks:
        assert "Traceback" not in worker.output, worker.output


@contextlib.contextmanager
def broker_down(worker):
    """Within the block, this process publishes to a closed port: the broker is down."""
    with publishing_to(CLOSED_BROKER_URL, worker.queue):
        yield
