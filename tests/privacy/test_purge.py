"""Retention: the daily job removes exactly the rows past their period, and nothing else."""

import datetime
import io
import uuid

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

import pytest

from cms.models import OutboundEmail
from organisations.choices import ApplicationStatus
from organisations.models import Application, StaffInvitation
from privacy.tasks import purge_expired_personal_data
from tests.organisations.factories import ApplicationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def invitation(organisation, *, expires_in_days, accepted=False):
    return StaffInvitation.objects.create(
        organisation=organisation,
        email=f"{uuid.uuid4().hex[:8]}@example.org",
        token_hash=uuid.uuid4().hex,
        expires_at=timezone.now() + datetime.timedelta(days=expires_in_days),
        accepted_at=timezone.now() if accepted else None,
    )


def session(expire_days):
    store = SessionStore()
    store["x"] = 1
    store.create()
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(days=expire_days)
    )
    return store.session_key


def email(subject, *, created_days_ago, sent_days_ago=None):
    row = OutboundEmail.objects.create(to=["a@example.org"], subject=subject, body="本文")
    OutboundEmail.objects.filter(pk=row.pk).update(
        created_at=days_ago(created_days_ago),
        sent_at=days_ago(sent_days_ago) if sent_days_ago is not None else None,
    )
    return row.pk


@pytest.fixture(scope="module")
def rows(module_db):
    organisation = OrganisationFactory()
    old_unconfirmed = ApplicationFactory(status=ApplicationStatus.UNCONFIRMED)
    new_unconfirmed = ApplicationFactory(status=ApplicationStatus.UNCONFIRMED)
    old_submitted = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    Application.objects.filter(pk__in=[old_unconfirmed.pk, old_submitted.pk]).update(
        submitted_at=days_ago(31)
    )
    return {
        "applications": (old_unconfirmed.pk, {new_unconfirmed.pk, old_submitted.pk}),
        "invitations": (
            invitation(organisation, expires_in_days=-1).pk,
            {
                invitation(organisation, expires_in_days=3).pk,
                invitation(organisation, expires_in_days=-30, accepted=True).pk,
            },
        ),
        "sessions": (session(-1), {session(1)}),
        "emails": (
            email("古い送信済み", created_days_ago=100, sent_days_ago=91),
            {
                email("最近の送信済み", created_days_ago=10, sent_days_ago=10),
                email("古い未送信", created_days_ago=100),
            },
        ),
    }


def remaining(rows):
    return {
        "applications": set(Application.objects.values_list("pk", flat=True)),
        "invitations": set(StaffInvitation.objects.values_list("pk", flat=True)),
        "sessions": set(Session.objects.values_list("pk", flat=True)),
        "emails": set(OutboundEmail.objects.values_list("pk", flat=True)),
    }


def test_the_daily_job_removes_exactly_the_expired_rows(rows):
    purge_expired_personal_data.delay()
    assert remaining(rows) == {key: kept for key, (_expired, kept) in rows.items()}


def test_the_command_counts_without_deleting_unless_told(rows):
    before = remaining(rows)
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    report = out.getvalue()
    for key in ("unconfirmed_applications", "staff_invitations", "sessions", "outbox"):
        assert f"{key}: 1 (" in report, report
    assert "--commit" in report
    assert remaining(rows) == before

    call_command("purge_personal_data", "--commit", stdout=io.StringIO())
    assert remaining(rows) == {key: kept for key, (_expired, kept) in rows.items()}


def test_the_job_is_scheduled_daily():
    schedule = settings.CELERY_BEAT_SCHEDULE
    entries = [e for e in schedule.values() if e["task"].startswith("privacy.")]
    assert entries == [
        {"task": "privacy.tasks.purge_expired_personal_data", "schedule": 24 * 60 * 60.0}
    ]
    # The applications' purge runs inside it, not twice a day.
    assert all(
        e["task"] != "organisations.tasks.purge_unconfirmed_applications" for e in schedule.values()
    )
