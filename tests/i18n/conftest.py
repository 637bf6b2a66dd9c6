"""Fixtures for the language tests: locales, translated pages, a translation service."""

import json
import threading
import time
from collections import namedtuple
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from wagtail.models import Locale

import pytest

from tests.home.factories import NewsPageFactory


@pytest.fixture
def locale():
    """Locale by language code (rows come from migration home/0003)."""

    def get(code):
        return Locale.objects.get(language_code=code)

    return get


@pytest.fixture
def news_item(news_index):
    return NewsPageFactory(parent=news_index, title="相談窓口のお知らせ", slug="soudan")


@pytest.fixture
def translate(locale):
    """Copy a page (and its missing ancestors) into a locale and publish it."""

    def run(page, code, **fields):
        target = locale(code)
        copy = page.specific.copy_for_translation(target, copy_parents=True)
        for name, value in fields.items():
            setattr(copy, name, value)
        copy.save_revision().publish()
        copy.refresh_from_db()
        return copy.specific

    return run


ServiceRequest = namedtuple("ServiceRequest", "full_url headers payload")


class TranslationServiceHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        service = self.server
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        service.paths.append(self.path)
        service.requests.append(
            ServiceRequest(service.url(self.path), self.headers, json.loads(body))
        )
        time.sleep(service.delay)
        answer = json.dumps(service.answer).encode()
        try:
            self.send_response(service.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped waiting

    def log_message(self, *args):
        pass


class TranslationService(ThreadingHTTPServer):
    """Records every request (``requests``, ``paths``); answers ``answer`` as JSON
    with HTTP ``status`` after ``delay`` seconds."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), TranslationServiceHandler)
        self.requests, self.paths = [], []
        self.answer, self.status, self.delay = {}, 200, 0

    def url(self, path):
        return f"http://127.0.0.1:{self.server_port}{path}"


@pytest.fixture
def translation_service():
    """A machine-translation service on 127.0.0.1: real HTTP, no internet."""
    service = TranslationService()
    thread = threading.Thread(target=service.serve_forever, daemon=True)
    thread.start()
    yield service
    service.shutdown()
    service.server_close()
