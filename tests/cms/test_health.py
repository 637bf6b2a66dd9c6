"""/healthz: one JSON answer per backing service, 503 when any is down."""

from django.db import OperationalError

import pytest

from cms import health
from cms.celery import app as celery_app

pytestmark = pytest.mark.django_db

SECRET_DSN = "postgres://tsunagari:S3cr3t-pa55@db.internal.example:5432/tsunagari"


def test_all_services_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
        "search": "ok",
        "beat": "ok",  # eager: no beat to wait for (tests/ops/test_background.py)
    }
    assert "no-cache" in response["Cache-Control"]


def test_only_get(client):
    assert client.post("/healthz").status_code == 405


class BrokenConnection:
    """Stands in for django.db.connection when the database is unreachable."""

    def cursor(self):
        raise OperationalError(f'connection to server at "{SECRET_DSN}" failed: password')


def test_database_down_is_503_without_leaking_the_dsn(client, monkeypatch):
    monkeypatch.setattr(health, "connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "error: OperationalError"
    assert body["cache"] == body["broker"] == body["search"] == "ok"
    text = response.content.decode()
    for secret in ("S3cr3t", "db.internal", "postgres://", "5432", "password"):
        assert secret not in text


def test_a_check_that_raises_is_an_error_not_a_500(client, monkeypatch):
    class BrokenCache:
        def set(self, *args, **kwargs):
            raise ConnectionError("redis://:hunter2@cache.internal:6379/0 refused")

    monkeypatch.setattr(health, "cache", BrokenCache())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "error: ConnectionError"
    assert "hunter2" not in response.content.decode()


def test_unreachable_broker(client, settings, monkeypatch):
    """With a real broker configured, an unreachable one is reported (quickly)."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://:hunter2@127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error: ")
    assert "hunter2" not in response.content.decode()
    assert "127.0.0.1" not in response.content.decode()


def test_checks_are_the_ones_the_url_contract_names():
    assert set(health.CHECKS) == {"database", "cache", "broker", "search"}
