"""One id per request, in every log line it causes, and in the Celery jobs it queues.

The id comes from the proxy's ``X-Request-ID`` header when it sends a sane one
(so a line in the proxy's log finds ours), else it is made here; it is sent
back in the response's ``X-Request-ID``. ``RequestIdLogFilter`` puts it on
every log record as ``request_id``. A task queued during the request carries
it in its message headers (``before_task_publish``) and the worker sets it
while the task runs (``task_prerun``), so the job's lines carry the request's
id too; a job a job queues carries it on.
"""

import contextvars
import logging
import re
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
TASK_HEADER = "request_id"
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

current = contextvars.ContextVar("request_id", default="")


def new_id():
    return uuid.uuid4().hex


def from_header(value):
    """The proxy's id if it is a plain token of 8 to 64 characters, else a new one."""
    value = (value or "").strip()
    return value if _VALID.match(value) else new_id()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = from_header(request.META.get(META_KEY))
        request.request_id = request_id
        token = current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    """Adds ``request_id`` ("-" outside a request or job) to every record."""

    def filter(self, record):
        record.request_id = current.get() or "-"
        return True


@before_task_publish.connect(dispatch_uid="cms.request_id.publish")
def add_request_id_header(headers=None, **kwargs):
    request_id = current.get()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


@task_prerun.connect(dispatch_uid="cms.request_id.prerun")
def take_request_id(task=None, **kwargs):
    if task is None:
        return
    request = task.request
    request_id = getattr(request, TASK_HEADER, None) or (request.headers or {}).get(TASK_HEADER)
    # An eager task (run in the request's process) keeps the request's id.
    request._request_id_token = current.set(request_id or current.get())


@task_postrun.connect(dispatch_uid="cms.request_id.postrun")
def drop_request_id(task=None, **kwargs):
    token = getattr(task.request, "_request_id_token", None) if task is not None else None
    if token is not None:
        current.reset(token)
