"""``/healthz``: is each backing service reachable?

Answers 200 when everything is ``ok`` and 503 otherwise, so a load balancer
or compose healthcheck can act on the status alone. The beat's heartbeat is
reported too (``beat``: older than 5 minutes is an error) but leaves the
status at 200 ("degraded"): pages are still served without the periodic jobs,
and taking the site out of a load balancer would not start the beat. The
worker mails ADMINS about it (cms/celery.py). Error texts name the
exception class only: no connection strings or hostnames leak out.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils.crypto import get_random_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wagtail.search.backends import get_search_backend

from cms.celery import app as celery_app

OK = "ok"


def _error(exc):
    return f"error: {exc.__class__.__name__}"


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure is a health answer
        return _error(exc)
    return OK


def check_cache():
    key = f"healthz:{get_random_string(8)}"
    try:
        cache.set(key, "1", timeout=5)
        value = cache.get(key)
        cache.delete(key)
    except Exception as exc:  # noqa: BLE001
        return _error(exc)
    return OK if value == "1" else "error: cache did not keep a value"


def check_broker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return OK  # tasks run in process: there is no broker to reach
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001
        return _error(exc)
    return OK


def check_search():
    backend = get_search_backend()
    try:
        es = getattr(backend, "es", None)
        if es is not None:
            if not es.ping():
                return "error: Elasticsearch did not answer"
        else:
            from wagtail.models import Page

            list(backend.search("healthz", Page.objects.none()))
    except Exception as exc:  # noqa: BLE001
        return _error(exc)
    return OK


def check_beat():
    from cms.background import beat_problem

    try:
        problem = beat_problem()
    except Exception as exc:  # noqa: BLE001
        return _error(exc)
    return f"error: {problem}" if problem else OK


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "search": check_search,
}


@never_cache
@require_GET
def healthz(request):
    results = {name: check() for name, check in CHECKS.items()}
    healthy = all(value == OK for value in results.values())
    beat = check_beat()
    if not healthy:
        status = "error"
    elif beat != OK:
        status = "degraded"
    else:
        status = OK
    return JsonResponse({"status": status, **results, "beat": beat}, status=200 if healthy else 503)
