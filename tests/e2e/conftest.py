"""Browser tests: Playwright drives Debian's Chromium against the live server.

`playwright install` cannot download browsers here, so we launch the system
Chromium at /usr/bin/chromium; tests skip with a reason when it is absent
(``.ci/run`` installs it). Screenshots land in ``test-artifacts/screenshots``.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}

# Playwright's sync API runs an event loop in this thread; the ORM calls made
# by the test itself (fixtures, assertions) are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker):
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    from django.db import connections

    from playwright.sync_api import sync_playwright

    # Playwright's sync API leaves its asyncio loop "running" in this thread,
    # so Django's thread-critical connection storage switches to a new,
    # context-local one: the test database's connection objects are created
    # afresh and lose the migration data serialized at set-up, which
    # serialized_rollback restores after each browser test's flush.
    with django_db_blocker.unblock():
        serialized = {
            alias: connections[alias]._test_serialized_contents
            for alias in connections
            if hasattr(connections[alias], "_test_serialized_contents")
        }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def read_only_world(build):
    """Fixtures for a module of journeys that only read: their world built once, no flush between.

    Use with ``globals().update(read_only_world(build))`` and no ``django_db``
    mark. A transactional test (``django_db(transaction=True,
    serialized_rollback=True)``) pays a flush at its end and a load of the
    migrations' data back at its start, and builds its world again: for the
    demo, about ten seconds a test on the CI machine, more than most of the
    tests themselves. Here ``build()`` runs once for the module and commits,
    and the database stays open to the tests and to the live server for the
    whole module. The module's end flushes it, as a transactional test's end
    does: the next transactional test (or such module) loads the migrations'
    data back.

    The tests must only read: a row one of them writes is seen by the next (a
    browser context's session or a search log is harmless). ``world_media``
    is the media folder ``build()`` wrote to; tests that show its files point
    ``settings.MEDIA_ROOT`` at it. pytest-django's ``_live_server_helper``
    would make each test that uses ``live_server`` transactional: the
    module's own version only switches the live server's settings on for the
    test.
    """

    @pytest.fixture(scope="module")
    def world_media(browser, live_server, django_db_blocker, tmp_path_factory):
        from django.core.management import call_command
        from django.db import DEFAULT_DB_ALIAS, connections
        from django.test import override_settings

        media = tmp_path_factory.mktemp("world-media")
        connection = connections[DEFAULT_DB_ALIAS]
        with django_db_blocker.unblock():
            # What migrations created is serialized at set-up when a test of
            # the run asks for serialized_rollback (always so in a whole run);
            # when none does, nothing has flushed it yet: serialize it now.
            if getattr(connection, "_test_serialized_contents", None) is None:
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()
            # The previous transactional test flushed everything, the
            # migrations' data too: load it back first.
            connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
            with override_settings(MEDIA_ROOT=media):
                build()
            try:
                yield media
            finally:
                call_command(
                    "flush",
                    verbosity=0,
                    interactive=False,
                    database=DEFAULT_DB_ALIAS,
                    reset_sequences=False,
                    inhibit_post_migrate=True,
                )

    @pytest.fixture(autouse=True)
    def _live_server_helper(request, world_media):
        if "live_server" not in request.fixturenames:
            yield
            return
        live_server = request.getfixturevalue("live_server")
        live_server._live_server_modified_settings.enable()
        yield
        live_server._live_server_modified_settings.disable()

    return {"world_media": world_media, "_live_server_helper": _live_server_helper}


def read_only_demo(extra=None):
    """``read_only_world`` of the demo site (``load_demo``), then ``extra()`` if given."""

    def build():
        from django.core.management import call_command

        call_command("load_demo", force=True, verbosity=0)
        if extra is not None:
            extra()

    return read_only_world(build)


class PageWatcher:
    """Collects console errors, page errors and requests that leave the site."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.errors = []
        self.foreign_requests = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("request", self._on_request)

    def _on_console(self, message):
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def _on_request(self, request):
        url = request.url
        if not url.startswith((self.base_url, "data:", "about:")):
            self.foreign_requests.append(url)

    def assert_clean(self):
        assert self.errors == [], self.errors
        assert self.foreign_requests == [], self.foreign_requests


@pytest.fixture
def open_page(browser, live_server):
    """Open a new page at a viewport; returns (page, watcher)."""
    contexts = []

    def _open(viewport="desktop", locale="ja-JP"):
        context = browser.new_context(viewport=VIEWPORTS[viewport], locale=locale)
        contexts.append(context)
        page = context.new_page()
        return page, PageWatcher(page, live_server.url)

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def _shot(page, name):
        from playwright.sync_api import Error

        path = ARTIFACTS / f"{name}.png"
        # Chromium now and then answers "Unable to capture screenshot" for a
        # full-page shot while a page is still compositing (seen in CI on a
        # loaded 2-CPU machine, not reproducible on a second try): wait for a
        # frame and try once more before letting the test fail.
        try:
            page.screenshot(path=str(path), full_page=True)
        except Error as error:
            if "Unable to capture screenshot" not in str(error):
                raise
            page.wait_for_timeout(500)
            page.screenshot(path=str(path), full_page=True)
        return path

    return _shot
