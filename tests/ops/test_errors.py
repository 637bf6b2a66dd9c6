"""Errors someone sees: a request id in every log line and job, Sentry without personal data."""

import logging
import types

import pytest
from celery.signals import before_task_publish

from cms import request_id
from cms.celery import app as celery_app
from cms.error_reporting import REDACTED, scrub
from cms.tasks import ping


@pytest.mark.django_db
def test_a_sane_proxy_id_is_kept_and_sent_back(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-id-12345678")
    assert response["X-Request-ID"] == "proxy-id-12345678"


@pytest.mark.parametrize(
    "header", ["", "short", "has spaces in it!!", "x" * 65, "<script>1234</script>"]
)
def test_a_missing_or_odd_id_is_replaced(client, header):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=header)
    assert response["X-Request-ID"] != header
    assert len(response["X-Request-ID"]) == 32


def test_log_records_carry_the_id():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", (), None)
    request_id.RequestIdLogFilter().filter(record)
    assert record.request_id == "-"
    token = request_id.current.set("abcdef123456")
    try:
        request_id.RequestIdLogFilter().filter(record)
    finally:
        request_id.current.reset(token)
    assert record.request_id == "abcdef123456"


def test_a_job_queued_during_a_request_carries_its_id_to_the_worker():
    published = []

    def record(headers=None, **kwargs):
        published.append(dict(headers))

    before_task_publish.connect(record, weak=False)
    token = request_id.current.set("request-abc-123")
    try:
        with celery_app.connection_for_write("memory://") as connection:
            celery_app.conf.task_always_eager = False
            try:
                ping.apply_async(args=["x"], connection=connection)
            finally:
                celery_app.conf.task_always_eager = True
    finally:
        request_id.current.reset(token)
        before_task_publish.disconnect(record)
    assert published[-1][request_id.TASK_HEADER] == "request-abc-123"

    # On the worker: the header becomes the id while the task runs, then goes.
    task = types.SimpleNamespace(
        request=types.SimpleNamespace(request_id="request-abc-123", headers=None)
    )
    request_id.take_request_id(task=task)
    assert request_id.current.get() == "request-abc-123"
    request_id.drop_request_id(task=task)
    assert request_id.current.get() == ""


def test_scrub_drops_personal_data():
    event = {
        "request": {
            "url": "https://tsunagari.example.jp/join/",
            "method": "POST",
            "data": {"applicant_email": "hanako@example.org", "applicant_name": "山田 花子"},
            "cookies": {"sessionid": "secret"},
            "query_string": "email=hanako@example.org",
            "headers": {"Cookie": "sessionid=secret", "User-Agent": "x", "X-Request-ID": "abc"},
        },
        "user": {"id": 7, "email": "hanako@example.org", "username": "hanako"},
        "logentry": {"message": "mail to %s failed", "params": ["hanako@example.org"]},
        "exception": {
            "values": [
                {
                    "value": "SMTP refused hanako@example.org",
                    "stacktrace": {
                        "frames": [
                            {"vars": {"email": "hanako@example.org", "pk": 3, "name": "花子"}}
                        ]
                    },
                }
            ]
        },
        "breadcrumbs": {"values": [{"message": "to hanako@example.org", "data": {"x": 1}}]},
        "extra": {"anything": "hanako@example.org"},
    }
    scrubbed = scrub(event, {})
    text = repr(scrubbed)
    assert "hanako@example.org" not in text
    assert "花子" not in text and "secret" not in text
    assert "data" not in scrubbed["request"] and "cookies" not in scrubbed["request"]
    assert scrubbed["request"]["headers"] == {"X-Request-ID": "abc"}
    assert scrubbed["user"] == {"id": 7}
    frame_vars = scrubbed["exception"]["values"][0]["stacktrace"]["frames"][0]["vars"]
    assert frame_vars == {"email": REDACTED, "pk": 3, "name": REDACTED}


def test_production_sends_no_default_pii(monkeypatch):
    import sentry_sdk

    from cms.error_reporting import init_sentry

    captured = {}
    monkeypatch.setattr(sentry_sdk, "init", lambda **kwargs: captured.update(kwargs))
    init_sentry("https://key@o1.ingest.sentry.io/1")
    assert captured["send_default_pii"] is False
    assert captured["before_send"] is scrub
    assert captured["max_request_body_size"] == "never"
