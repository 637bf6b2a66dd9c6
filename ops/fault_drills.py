"""``make fault-drills``: the faults the site must survive, on services of its own.

One PostgreSQL cluster (initdb, its own port), two redis-servers (the broker
and the cache, on their own ports), a Celery worker (prefork, as in
production) and the site (runserver) are started here; the shared 5432 and
6379 are never touched. Then:

A. broker down while members post: e-mails are queued through the outbox
   (cms.mail.queue_email, what a forum post's notification does) every half
   second while the broker's Redis is stopped for OUTAGE seconds (60 unless
   FAULT_OUTAGE_SECONDS says otherwise) and restarted empty; then the relay
   runs. Every e-mail must arrive exactly once.
B. the database restarts under the running site: requests get the 500 page
   while it is down and pages again afterwards, with no restart of the site.
C. a worker's process is killed in the middle of a job (sending an e-mail):
   with late acknowledgement the job runs again, and the e-mail goes once.
D. the cache's Redis is down: pages still render, and a signed-in member,
   whose session the cache held, stays signed in.
"""

import os
import signal
import subprocess
import sys
import time
from email import message_from_bytes
from pathlib import Path

from ops.services import (
    BASE_DIR,
    PostgresCluster,
    RedisServer,
    Site,
    manage,
    site_env,
    stop_process,
    wait_until,
    workspace,
)

CELERY = str(Path(sys.executable).with_name("celery"))
OUTAGE = int(os.environ.get("FAULT_OUTAGE_SECONDS", "60"))
ERROR_PAGE_TEXT = "ただいまページを表示できません"


class Worker:
    def __init__(self, env, log_path):
        self.env = env
        self.log_path = log_path
        self.process = None

    def start(self):
        self.log = open(self.log_path, "a")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                CELERY,
                "-A",
                "cms",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--loglevel=warning",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        return self

    def child_pids(self):
        result = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        )
        return [int(pid) for pid in result.stdout.split()]

    def stop(self):
        if self.process is not None:
            stop_process(self.process)
            self.process = None
            self.log.close()


def shell(env, code):
    return manage(env, "shell", "-c", code).strip().splitlines()[-1]


def sent_subjects(mail_dir):
    subjects = []
    for path in Path(mail_dir).glob("*.eml"):
        subjects.append(str(message_from_bytes(path.read_bytes())["Subject"]))
    return subjects


def outbox_figures(env, mail_dir, prefix, expected):
    subjects = [s for s in sent_subjects(mail_dir) if s.startswith(prefix)]
    unique = set(subjects)
    unsent = int(
        shell(
            env,
            "from cms.models import OutboundEmail; "
            f"print(OutboundEmail.objects.filter(subject__startswith={prefix!r}, "
            "sent_at__isnull=True).count())",
        )
    )
    return {
        "queued": expected,
        "sent": len(unique),
        "lost": expected - len(unique),
        "duplicated": len(subjects) - len(unique),
        "unsent rows": unsent,
    }


POSTER = """
import sys, time
from django.db import transaction
from cms.mail import queue_email
for i in range({count}):
    with transaction.atomic():
        queue_email(["member{{}}@example.org".format(i)], "{prefix} {{}}".format(i), "body",
                    dedupe_key="{prefix}:{{}}".format(i))
    print("posted", i, flush=True)
    time.sleep({pause})
"""

RELAY = """
from cms import mail
from cms.tasks import deliver_email
ids = mail.pending_ids(older_than_seconds=0)
for email_id in ids:
    deliver_email.delay(email_id)
print(len(ids))
"""


def drill_broker_down(env, broker, mail_dir):
    """A: the broker stops for OUTAGE seconds while e-mails are queued."""
    prefix = "drill-A"
    count = max(20, OUTAGE + 20)  # one every half second: before, during and after
    poster = subprocess.Popen(
        [*manage_cmd(), "shell", "-c", POSTER.format(count=count, prefix=prefix, pause=0.5)],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    # A few e-mails go through the broker first.
    for _ in range(5):
        poster.stdout.readline()
    broker.stop()
    down_at = time.monotonic()
    time.sleep(OUTAGE)
    broker.start()  # empty: what was queued in it is gone
    print(f"  A. broker down for {time.monotonic() - down_at:.0f} s, then back (empty)")
    poster.communicate(timeout=300)
    relayed = int(shell(env, RELAY))
    wait_until(
        lambda: len({s for s in sent_subjects(mail_dir) if s.startswith(prefix)}) >= count,
        "every e-mail of drill A sent",
        timeout=120,
        interval=1,
    )
    time.sleep(3)  # a duplicate would arrive now
    figures = outbox_figures(env, mail_dir, prefix, count)
    figures["relayed"] = relayed
    print("     " + ", ".join(f"{k} {v}" for k, v in figures.items()))
    return figures["lost"] == 0 and figures["duplicated"] == 0 and figures["unsent rows"] == 0


def drill_database_restart(site, cluster):
    """B: the database stops and starts again under the running site."""
    before, _ = site.get("/")
    cluster.stop()
    stopped_at = time.monotonic()
    status, body = site.get("/")
    clean = status == 500 and ERROR_PAGE_TEXT in body
    health, _ = site.get("/healthz")
    cluster.start()
    started_at = time.monotonic()
    wait_until(lambda: site.get("/")[0] == before, "the site serves again", timeout=60)
    recovered = time.monotonic() - started_at
    print(
        f"  B. database down {started_at - stopped_at:.1f} s: page {status} "
        f"({'our 500 page' if clean else 'NOT our 500 page'}), /healthz {health}; "
        f"back to {before} {recovered:.1f} s after the database, site not restarted"
    )
    return clean and health == 503


def drill_worker_killed(env, worker, mail_dir):
    """C: the worker's process dies in the middle of sending an e-mail."""
    prefix = "drill-C"
    shell(
        env,
        "from django.db import transaction; from cms.mail import queue_email\n"
        f"with transaction.atomic(): queue_email(['x@example.org'], '{prefix} 1', 'b')\n"
        "print('ok')",
    )
    # The job is in the slow e-mail backend (DRILL_MAIL_DELAY) when the child dies.
    wait_until(lambda: any(Path(mail_dir).glob("*.sending")), "the job in progress", timeout=90)
    killed = worker.child_pids()
    for pid in killed:
        os.kill(pid, signal.SIGKILL)
    wait_until(
        lambda: any(s.startswith(prefix) for s in sent_subjects(mail_dir)),
        "the killed job ran again",
        timeout=90,
        interval=1,
    )
    time.sleep(3)
    figures = outbox_figures(env, mail_dir, prefix, 1)
    attempts = shell(
        env,
        "from cms.models import OutboundEmail; "
        f"print(OutboundEmail.objects.get(subject='{prefix} 1').attempts)",
    )
    print(
        f"  C. worker process {killed} killed mid-job: the job ran again; sent "
        f"{figures['sent']}, duplicated {figures['duplicated']}, attempts recorded {attempts}"
    )
    return bool(killed) and figures["sent"] == 1 and figures["duplicated"] == 0


SIGN_IN_SESSION = """
from django.contrib.auth import get_user_model
from django.test import Client
user, _ = get_user_model().objects.get_or_create(username="drill-member")
client = Client()
client.force_login(user)
print(client.cookies["sessionid"].value)
"""


def drill_cache_down(env, site, cache):
    """D: the cache's Redis stops; pages still render, members stay signed in.

    Sessions are read from the cache (cached_db): with it down, they must
    come from the database.
    """
    paths = ["/", "/search/?q=test", "/accounts/login/"]
    cookie = f"sessionid={shell(env, SIGN_IN_SESSION)}"

    def member_page():  # the name form only a signed-in person gets
        status, body = site.get("/accounts/name/", cookie=cookie)
        return status if 'name="last_name"' in body else "signed out"

    before = [site.get(path)[0] for path in paths] + [member_page()]
    cache.stop()
    started = time.monotonic()
    during = [site.get(path)[0] for path in paths] + [member_page()]
    seconds = time.monotonic() - started
    health, body = site.get("/healthz")
    cache.start()
    paths.append("/accounts/name/ (signed in)")
    print(
        f"  D. cache down: {dict(zip(paths, during, strict=True))} (before {before}), "
        f"{seconds:.1f} s for {len(paths)} pages; /healthz {health}"
    )
    return during == before == [200] * len(paths) and health == 503


def manage_cmd():
    return [sys.executable, str(BASE_DIR / "manage.py")]


def main():
    started = time.monotonic()
    results = {}
    with workspace("fault-drills") as root:
        cluster = PostgresCluster(root / "pg").init().start()
        broker = RedisServer(root / "broker").start()
        cache = RedisServer(root / "cache").start()
        mail_dir = root / "mail"
        worker = site = None
        try:
            env = site_env(
                DATABASE_URL=cluster.createdb("tsunagari_faults"),
                REDIS_URL=cache.url(0),
                CELERY_BROKER_URL=broker.url(1),
                CELERY_TASK_ALWAYS_EAGER="false",
                EMAIL_FILE_PATH=mail_dir,
                MEDIA_ROOT=root / "media",
                CONN_MAX_AGE=60,
            )
            step = time.monotonic()
            manage(env, "migrate", "--no-input")
            print(f"  database migrated ({time.monotonic() - step:.0f} s)")
            worker = Worker({**env, "DRILL_MAIL_DELAY": "0"}, root / "worker.log").start()
            site = Site(env, root / "site.log").start()
            results["A broker down"] = drill_broker_down(env, broker, mail_dir)
            results["B database restart"] = drill_database_restart(site, cluster)
            worker.stop()
            worker = Worker({**env, "DRILL_MAIL_DELAY": "8"}, root / "worker.log").start()
            results["C worker killed"] = drill_worker_killed(env, worker, mail_dir)
            results["D cache down"] = drill_cache_down(env, site, cache)
        finally:
            if site is not None:
                site.stop()
            if worker is not None:
                worker.stop()
            broker.stop()
            cache.stop()
            cluster.stop()
            failed = [name for name, ok in results.items() if not ok]
            if failed or len(results) < 4:
                for log in ("worker.log", "site.log"):
                    path = root / log
                    if path.exists():
                        print(f"--- {log}\n{path.read_text()[-4000:]}")
    print(
        "fault drills: "
        + ", ".join(f"{name} {'ok' if ok else 'FAILED'}" for name, ok in results.items())
        + f"; {time.monotonic() - started:.0f} s"
    )
    if failed or len(results) < 4:
        sys.exit(1)


if __name__ == "__main__":
    main()
