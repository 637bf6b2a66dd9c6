"""Throwaway services for the drills: a PostgreSQL cluster, a Redis server, the site.

Each runs on a free port of its own, in a temporary folder, and never touches
the machine's shared PostgreSQL (5432) or Redis (6379).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MANAGE = [PYTHON, str(BASE_DIR / "manage.py")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_process(process, timeout=30):
    """Terminate ``process`` (warm shutdown), killing it if it does not stop in time."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until(predicate, what, timeout=60.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise RuntimeError(f"not within {timeout:.0f} s: {what}")
        time.sleep(interval)


def _pg_bindir() -> Path:
    found = shutil.which("pg_ctl")
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for directory in candidates:
        if (directory / "initdb").exists():
            return directory
    if found:
        return Path(found).parent
    raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found")


class PostgresCluster:
    """Its own cluster (initdb) on its own port; trust auth on 127.0.0.1 only."""

    def __init__(self, root: Path):
        self.root = root
        self.data = root / "pgdata"
        self.port = free_port()
        self.bindir = _pg_bindir()
        # initdb and postgres refuse to run as root: run them as "postgres".
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args, check=True):
        return subprocess.run([*self.as_user, *args], check=check, capture_output=True, text=True)

    def init(self):
        self.root.mkdir(parents=True, exist_ok=True)
        if self.as_user:
            shutil.chown(self.root, "postgres")
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        return self

    def start(self):
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "postgres.log"),
            "-w",
            "start",
        )
        return self

    def stop(self, mode="fast"):
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def is_running(self):
        return self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "status", check=False)

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, database, sql):
        result = subprocess.run(
            ["psql", "-X", "-qAt", "-v", "ON_ERROR_STOP=1", "-d", self.url(database), "-c", sql],
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout.strip()

    def createdb(self, name):
        self.psql("postgres", f'CREATE DATABASE "{name}"')
        return self.url(name)


class RedisServer:
    """Its own redis-server on its own port, no persistence."""

    def __init__(self, root: Path):
        self.root = root
        self.port = free_port()
        self.process = None

    def start(self):
        self.root.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.root),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.ping, f"redis-server on port {self.port}", timeout=20)
        return self

    def ping(self):
        import redis

        try:
            return redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
        except redis.RedisError:
            return False

    def stop(self):
        if self.process is not None:
            stop_process(self.process)
            self.process = None

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"


@contextlib.contextmanager
def workspace(name):
    root = Path(tempfile.mkdtemp(prefix=f"tsunagari-{name}-"))
    os.chmod(root, 0o755)  # noqa: S103 - the postgres user reads its cluster folder below
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def site_env(**values):
    """The environment of a manage.py/celery/runserver process of the drill's site."""
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="ops.drill_settings",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONUNBUFFERED="1",
        LOG_LEVEL="WARNING",
    )
    env.update({key: str(value) for key, value in values.items()})
    return env


def manage(env, *args, timeout=900):
    result = subprocess.run(
        [*MANAGE, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"manage.py {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return result.stdout


class Site:
    """``manage.py runserver`` (no reloader) on its own port."""

    def __init__(self, env, log_path: Path):
        self.env = env
        self.port = free_port()
        self.log_path = log_path
        self.process = None

    def start(self):
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [*MANAGE, "runserver", "--noreload", "--nothreading", f"127.0.0.1:{self.port}"],
            cwd=BASE_DIR,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_until(lambda: self.get("/healthz")[0] in (200, 503), "the site answers", 90)
        return self

    def get(self, path, timeout=10, cookie=None):
        """(status, body) of GET ``path``, redirects followed; (0, error) when nothing answers."""
        headers = {"Accept-Language": "ja"}
        if cookie:
            headers["Cookie"] = cookie
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")
        except (urllib.error.URLError, OSError) as error:
            return 0, str(error)

    def stop(self):
        if self.process is not None:
            stop_process(self.process)
            self.process = None
            self.log.close()
