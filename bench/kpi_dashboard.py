"""KPI dashboard benchmark: five years of a large network (issue 20; not a test).

    .venv/bin/python bench/kpi_dashboard.py            # SQLite file in bench/results/
    .venv/bin/python bench/kpi_dashboard.py --reuse    # measure again, same database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tsunagari_kpi_bench \\
        .venv/bin/python bench/kpi_dashboard.py        # PostgreSQL (database created first)

Builds, with bulk inserts, five fiscal years (FY2021–FY2025) of a network of
1,000 organisations (status history with joins, tier changes, withdrawals
and suspensions), 5,000 forum topics with 50,000 posts, 500 events with
15,000 registrations, 3,000 applications, 400 meeting records and 1,800
days of searches. Then measures:

- the periodic job (``kpi.services.materialise``) over the five years, twice
  (the second run replaces what the first wrote: safe to run twice);
- the dashboard (``/admin/kpi/?year=2025``: every indicator, month by
  month and five years back, with its charts) as the superuser, warm: median
  of 10 renders and its SQL query count;
- the same figures counted live (every count function over one year), to
  show what materialising saves.

Results are printed and written to bench/results/kpi-dashboard-<db>.json.
"""

import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
RESULTS.mkdir(exist_ok=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{RESULTS / 'kpi-bench.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
# DEBUG on: static files without a manifest (no collectstatic needed); the
# figures are the Python and SQL time of the views, not of serving assets.
os.environ["DEBUG"] = "true"
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ["STAFF_TWO_FACTOR_REQUIRED"] = "false"  # the bench admin has no second factor
REUSE = "--reuse" in sys.argv  # keep the database a previous run built

ORGANISATIONS = 1000
TOPICS = 5000
POSTS = 50000
EVENTS = 500
YEARS = range(2021, 2026)


def fresh_database():
    url = os.environ["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)


def build(rng):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from wagtail.models import Page

    from machina.core.db.models import get_model

    from demo.synthetic import make_synthetic_organisations
    from events.models import EventIndexPage, EventPage, Registration, RegistrationStatus
    from kpi.models import SearchDay
    from organisations.choices import ApplicationStatus, OrganisationStatus, Tier
    from organisations.models import Application, Organisation, StatusHistory
    from subcommittees.models import MeetingRecord, Subcommittee

    tz = timezone.get_current_timezone()
    first, last = datetime.date(2021, 4, 1), datetime.date(2026, 3, 31)
    span = (last - first).days

    def day():
        return first + datetime.timedelta(days=rng.randrange(span))

    def moment():
        d = day()
        return datetime.datetime(d.year, d.month, d.day, rng.randrange(24), tzinfo=tz)

    make_synthetic_organisations(ORGANISATIONS, prefix="bench")
    history = []
    organisations = list(Organisation.objects.all())
    for org in organisations:
        joined = day()
        org.joined_on = joined
        history.append(
            StatusHistory(organisation=org, status="active", tier=org.tier, valid_from=joined)
        )
        roll = rng.random()
        later = None
        if roll < 0.1:
            later = (OrganisationStatus.WITHDRAWN, org.tier, 300)
        elif roll < 0.15:
            later = (OrganisationStatus.SUSPENDED, org.tier, 200)
        elif roll < 0.25:
            later = (OrganisationStatus.ACTIVE, Tier.STEERING, 100)
        if later:
            status, tier, days = later
            history.append(
                StatusHistory(
                    organisation=org,
                    status=status,
                    tier=tier,
                    valid_from=joined + datetime.timedelta(days),
                )
            )
    Organisation.objects.bulk_update(organisations, ["joined_on"], batch_size=500)
    StatusHistory.objects.all().delete()
    StatusHistory.objects.bulk_create(history, batch_size=1000)

    Application.objects.bulk_create(
        [
            Application(
                status=rng.choice([ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED]),
                name=f"申込{i}",
                name_kana="モウシコミ",
                legal_form="npo",
                representative="代表",
                postcode="790-0001",
                prefecture_id=Organisation.objects.values_list("prefecture_id", flat=True).first(),
                municipality="試験市",
                street_address="1",
                activity_summary="-",
                applicant_name="申込者",
                applicant_name_kana="モウシコミシャ",
                applicant_email=f"a{i}@example.org",
                recommender="-",
                email_confirmed_at=moment(),
                decided_at=moment(),
            )
            for i in range(3000)
        ],
        batch_size=500,
    )
    Application.objects.update(submitted_at=timezone.now())

    User = get_user_model()
    poster = User.objects.create_user("bench-poster", "poster@example.org")
    Forum = get_model("forum", "Forum")
    Topic = get_model("forum_conversation", "Topic")
    Post = get_model("forum_conversation", "Post")
    forum = Forum.objects.create(name="ベンチ", type=Forum.FORUM_POST)
    topics = Topic.objects.bulk_create(
        [
            Topic(
                forum=forum,
                poster=poster,
                subject=f"話題{i}",
                slug=f"t{i}",
                type=Topic.TOPIC_POST,
                status=Topic.TOPIC_UNLOCKED,
                approved=True,
            )
            for i in range(TOPICS)
        ],
        batch_size=1000,
    )
    Post.objects.bulk_create(
        [
            Post(
                topic=topics[i % TOPICS],
                poster=poster,
                subject="件名",
                content="本文",
                approved=rng.random() > 0.02,
            )
            for i in range(POSTS)
        ],
        batch_size=2000,
    )
    for model in (Topic, Post):
        pks = list(model.objects.values_list("pk", flat=True))
        objs = [model(pk=pk, created=moment()) for pk in pks]
        model.objects.bulk_update(objs, ["created"], batch_size=2000)

    subcommittees = [
        Subcommittee.objects.create(name=f"分科会{i}", slug=f"bench-sc-{i}", theme="居場所")
        for i in range(20)
    ]
    MeetingRecord.objects.bulk_create(
        [
            MeetingRecord(subcommittee=rng.choice(subcommittees), date=day(), title="定例会")
            for _ in range(400)
        ]
    )

    home = Page.objects.filter(depth=2).first()
    index = EventIndexPage(title="イベント", slug="bench-events")
    home.add_child(instance=index)
    events = []
    for i in range(EVENTS):
        start = moment()
        event = EventPage(
            title=f"フォーラム{i}",
            slug=f"bench-event-{i}",
            start=start,
            end=start + datetime.timedelta(hours=2),
            summary="-",
            venue_name="県民会館",
        )
        index.add_child(instance=event)
        events.append(event)
    Registration.objects.bulk_create(
        [
            Registration(
                event=events[i % EVENTS],
                name="参加者",
                email=f"r{i}@example.org",
                status=rng.choice(
                    [
                        RegistrationStatus.CONFIRMED,
                        RegistrationStatus.ATTENDED,
                        RegistrationStatus.NO_SHOW,
                        RegistrationStatus.CANCELLED,
                    ]
                ),
            )
            for i in range(EVENTS * 30)
        ],
        batch_size=2000,
    )
    SearchDay.objects.bulk_create(
        [
            SearchDay(day=first + datetime.timedelta(days=i), count=rng.randrange(50, 400))
            for i in range(span)
        ],
        batch_size=1000,
    )


def timed(fn, runs):
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main():
    import django

    if not REUSE:
        fresh_database()
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from kpi import registry, services
    from kpi.periods import fiscal_year_dates

    call_command("migrate", verbosity=0)
    rng = random.Random(2026)
    start = time.perf_counter()
    if not REUSE:
        build(rng)
    built = time.perf_counter() - start
    print(f"world built in {built:.0f} s")

    services.ensure_indicators()
    materialise_first, _ = timed(lambda: services.materialise(YEARS), 1)
    materialise_again, _ = timed(lambda: services.materialise(YEARS), 1)

    def live_year():
        for count in registry.all_counts().values():
            list(count.count(*fiscal_year_dates(2025)))

    live_ms, _ = timed(live_year, 3)

    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username="bench-admin").first()
    user = user or get_user_model().objects.create_superuser("bench-admin", "a@example.org", "x")
    client = Client()
    client.force_login(user)
    url = "/admin/kpi/?year=2025"
    warm = client.get(url)
    assert warm.status_code == 200, (warm.status_code, warm.get("Location"))
    dashboard_ms, _ = timed(lambda: client.get(url), 10)
    # The test client's request_started resets connection.queries: count
    # through an execute wrapper instead.
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    export_ms, _ = timed(lambda: client.get("/admin/kpi/export.xlsx?year=2025"), 3)

    result = {
        "database": connection.vendor,
        "world": {
            "organisations": ORGANISATIONS,
            "topics": TOPICS,
            "posts": POSTS,
            "events": EVENTS,
            "years": list(YEARS),
        },
        "build_seconds": round(built),
        "materialise_5_years_ms": round(materialise_first),
        "materialise_again_ms": round(materialise_again),
        "live_counts_one_year_ms": round(live_ms),
        "dashboard_ms_median_of_10": round(dashboard_ms),
        "dashboard_queries": len(queries),
        "export_xlsx_ms": round(export_ms),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    (RESULTS / f"kpi-dashboard-{connection.vendor}.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False)
    )


if __name__ == "__main__":
    main()
