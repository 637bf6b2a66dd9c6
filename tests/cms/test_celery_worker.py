"""Celery: the app knows our tasks, eager tasks wait for commit, and one real
worker on the real Redis broker runs a task end to end."""

import contextlib
import datetime
import os
import subprocess
import sys
import time
import uuid
import warnings
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

import pytest
import redis
from celery.backends.redis import RedisBackend
from celery.exceptions import AlwaysEagerIgnored

from cms.celery import app as celery_app
from cms.tasks import ping
from home.models import NewsPage
from home.tasks import publish_scheduled_pages
from tests.home.factories import NewsPageFactory
from tests.workers import delete_redis_keys

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CELERY = Path(sys.executable).with_name("celery")
WORKER_TIMEOUT = 60  # seconds; a cold worker (Django setup) takes a few


def test_our_tasks_are_registered():
    celery_app.loader.import_default_modules()  # what a worker does at start
    for name in (
        "home.tasks.publish_scheduled_pages",
        "cms.tasks.ping",
        "cms.tasks.deliver_email",
        "cms.tasks.deliver_pending_emails",
    ):
        assert name in celery_app.tasks
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in celery_app.tasks


def test_ping_runs_eagerly():
    assert ping.delay("abc").get() == {"pong": "abc"}


@pytest.mark.django_db
def test_delay_on_commit_runs_after_commit(news_index, django_capture_on_commit_callbacks):
    page = NewsPageFactory(parent=news_index)
    page.save_revision().publish()
    NewsPage.objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish_scheduled_pages.delay_on_commit()
        page.refresh_from_db()
        assert page.live  # nothing ran inside the transaction
    assert len(callbacks) == 1

    callbacks[0]()  # the commit
    page.refresh_from_db()
    assert not page.live
    assert page.expired


@pytest.mark.django_db
def test_delay_on_commit_does_nothing_on_rollback(django_capture_on_commit_callbacks, monkeypatch):
    ran = []
    monkeypatch.setattr("home.tasks.call_command", lambda *args, **kwargs: ran.append(args))
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        publish_scheduled_pages.delay_on_commit()
        raise RuntimeError("the action failed")
    assert callbacks == []
    assert ran == []

    with django_capture_on_commit_callbacks(execute=True):
        publish_scheduled_pages.delay_on_commit()
    assert ran == [("publish_scheduled",)]  # the same call, committed, does run


# --- A real worker on the real broker ----------------------------------------


@pytest.fixture
def redis_url():
    url = settings.TEST_REDIS_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis not reachable at {url} ({exc.__class__.__name__}); .ci/run starts it")
    return url


def task_meta(backend, task_id):
    with warnings.catch_warnings():
        # Our settings are eager, so Celery warns about reading results; this
        # backend is the worker's real one.
        warnings.simplefilter("ignore", RuntimeWarning)
        return backend.get_task_meta(task_id)


@pytest.mark.services
def test_real_worker_runs_a_task_from_redis(redis_url):
    token = uuid.uuid4().hex
    queue = f"tsunagari-test-{token}"  # never shared with another worker on this DB
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.test", PYTHONDONTWRITEBYTECODE="1")
    worker = subprocess.Popen(  # noqa: S603 - our venv's celery, fixed arguments
        [
            str(CELERY),
            "-A",
            "cms",
            "--broker",
            redis_url,
            "--result-backend",
            redis_url,
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=warning",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--hostname=test-{token}@%h",
            f"--queues={queue}",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    backend = RedisBackend(app=celery_app, url=redis_url)
    client = redis.Redis.from_url(redis_url)
    task_id = None
    try:
        with celery_app.connection_for_write(redis_url) as connection, warnings.catch_warnings():
            # The test settings are eager; send_task always goes to the broker.
            warnings.simplefilter("ignore", AlwaysEagerIgnored)
            task_id = celery_app.send_task(
                "cms.tasks.ping", args=[token], queue=queue, connection=connection
            ).id

        deadline = time.monotonic() + WORKER_TIMEOUT
        meta = task_meta(backend, task_id)
        while meta["status"] != "SUCCESS" and time.monotonic() < deadline:
            assert worker.poll() is None, f"worker exited early:\n{worker.stdout.read()}"
            time.sleep(0.25)
            meta = task_meta(backend, task_id)

        assert meta["status"] == "SUCCESS", f"no result in {WORKER_TIMEOUT} s: {meta}"
        assert meta["result"] == {"pong": token}
        assert client.llen(queue) == 0  # consumed, and acknowledged
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
        if task_id:
            client.delete(f"celery-task-meta-{task_id}")
        delete_redis_keys(client, token)  # the queue and kombu's bindings for it
    assert "Traceback" not in (output or ""), output
