"""No overbooking: 50 registrations at the same moment for 10 seats, on real connections.

Each registration runs in its own thread with its own database connection
(transactional test, committed rows), all released at once by a barrier. On
PostgreSQL they queue on the event row's lock; on SQLite (a file database,
since an in-memory one cannot be opened twice) on its write lock. Exactly
10 must be confirmed and 40 waiting, in the order they took the lock.
"""

import contextlib
import threading

from django.db import connection, connections

import pytest
from celery._state import _set_task_join_will_block

from events import services
from events.models import Registration, RegistrationStatus
from tests.events.factories import EventPageFactory
from tests.workers import shared_database

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SEATS = 10
PEOPLE = 50


@contextlib.contextmanager
def database_for_threads(tmp_path):
    """On SQLite, the test database as a file every thread opens; on PostgreSQL, as it is."""
    if connection.vendor == "sqlite":
        with shared_database(tmp_path):
            yield
    else:
        yield


def register_at_once(event, count, email=None):
    barrier = threading.Barrier(count)
    errors = []

    def register(n):
        try:
            barrier.wait(timeout=30)
            services.register(event, name=f"参加者 {n}", email=email or f"p{n}@example.jp")
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # Celery's eager tasks save and restore one process-wide flag
    # (celery._state._task_join_will_block) around each run; fifty threads
    # doing so at once can leave it set, and every later eager
    # ``.delay().get()`` in this process then raises "Never call result.get()
    # within a task!". Put it back as it is outside any task.
    _set_task_join_will_block(False)
    return errors


def test_fifty_at_once_for_ten_seats(event_index, tmp_path):
    event = EventPageFactory(parent=event_index, registration_open=True, capacity=SEATS)
    with database_for_threads(tmp_path):
        errors = register_at_once(event, PEOPLE)
        assert errors == []
        statuses = list(
            Registration.objects.filter(event=event)
            .order_by("created_at", "pk")
            .values_list("status", flat=True)
        )
        counts = {status: statuses.count(status) for status in set(statuses)}
        print(f"{connection.vendor}: {counts}")  # noqa: T201 - the report quotes it
        assert counts == {
            RegistrationStatus.CONFIRMED: SEATS,
            RegistrationStatus.WAITING: PEOPLE - SEATS,
        }
        assert services.seats_left(event, "venue") == 0
        # The waiting list is in the order people took the lock: nobody confirmed
        # registered after somebody waiting (ids follow the order of inserts).
        rows = list(Registration.objects.filter(event=event).order_by("pk"))
        assert [row.status for row in rows] == ["confirmed"] * SEATS + ["waiting"] * (
            PEOPLE - SEATS
        )


def test_the_same_form_sent_ten_times_at_once_registers_once(event_index, tmp_path):
    event = EventPageFactory(parent=event_index, registration_open=True, capacity=SEATS)
    with database_for_threads(tmp_path):
        assert register_at_once(event, 10, email="same@example.jp") == []
        assert Registration.objects.filter(event=event).count() == 1
