"""Fixtures shared by every test: the site tree, the users, a tmp MEDIA_ROOT,
and ``module_db`` for worlds built once per module (see tests/worlds.py)."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from wagtail.models import Site

import pytest

from home.models import HomePage
from tests.events.factories import EventIndexPageFactory
from tests.home.factories import (
    NewsIndexPageFactory,
    ReportIndexPageFactory,
)

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _japanese():
    """Each test starts in Japanese: a request under /vi/ leaves Vietnamese
    active in the test's thread, and the next test's gettext would follow it."""
    translation.activate("ja")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Kept pages, fragments and facts (cms/page_cache.py) start empty: the
    database is rolled back after each test, the cache is not."""
    from django.conf import settings as django_settings
    from django.core.cache import caches

    from cms import page_cache

    if django_settings.PAGE_CACHE_ENABLED or django_settings.FRAGMENT_CACHE_ENABLED:
        caches[django_settings.PAGE_CACHE_ALIAS].clear()
    page_cache._memos.clear()


@pytest.fixture
def fragments_kept(settings):
    """Whole pages not cached (a member's or a first visitor's view) and parts of
    pages kept, as with Redis, whatever TEST_FRAGMENT_CACHE says; the cache
    starts and ends empty."""
    from django.core.cache import caches

    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = True
    caches[settings.PAGE_CACHE_ALIAS].clear()
    yield
    caches[settings.PAGE_CACHE_ALIAS].clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a throw-away directory, never to ./media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """One transaction around a whole test module, rolled back at its end.

    What module-scoped fixtures build after requesting it is built once and
    seen by every test of the module, as with Django's ``setUpTestData``; each
    test's own transaction (``db``) is a savepoint inside it, so a test that
    changes those rows leaves them as they were for the next one. Only for
    modules whose tests are not transactional (``transaction=True`` flushes
    the database); tests/worlds.py gives each test its own copies of the
    shared objects.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def _world_copies():
    """The deepcopy memo of one test: its copies of shared objects keep their links."""
    return {}


def point_default_site_at_home():
    """The HomePage that migration home/0002 created, made the default site's root."""
    home = HomePage.objects.get(depth=2)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.hostname = "testserver"
    site.port = 80
    site.site_name = "つながりネット"
    site.save()
    return home


@pytest.fixture
def home_page(db):
    """The HomePage that migration home/0002 created, as the default site's root.

    The default Site is re-pointed (and renamed to the test client's host),
    never duplicated: two default sites would make URL routing ambiguous.
    """
    return point_default_site_at_home()


@pytest.fixture
def site(home_page):
    return Site.objects.get(is_default_site=True)


def _make_user(django_user_model, username, *, group=None, superuser=False):
    make = (
        django_user_model.objects.create_superuser
        if superuser
        else (django_user_model.objects.create_user)
    )
    user = make(username=username, email=f"{username}@example.jp", password=PASSWORD)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def superuser(db, django_user_model):
    return _make_user(django_user_model, "jimukyoku-admin", superuser=True)


@pytest.fixture
def editor(db, django_user_model):
    """A secretariat editor: Wagtail's "Editors" group (add/edit, no publish)."""
    return _make_user(django_user_model, "editor", group="Editors")


@pytest.fixture
def moderator(db, django_user_model):
    """Wagtail's "Moderators" group: may publish and approve moderation."""
    return _make_user(django_user_model, "moderator", group="Moderators")


@pytest.fixture
def admin_client_su(client, superuser):
    """The test client logged in as the superuser."""
    client.force_login(superuser)
    return client


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


@pytest.fixture
def report_index(home_page):
    return ReportIndexPageFactory(parent=home_page)


@pytest.fixture
def event_index(home_page):
    return EventIndexPageFactory(parent=home_page)


@pytest.fixture
def add_page(client):
    """POST the Wagtail admin add form for ``model`` under ``parent``.

    Returns the response (not followed). The caller logs the client in.
    """

    def post(parent, model, data, action="action-publish"):
        url = reverse(
            "wagtailadmin_pages:add",
            args=[model._meta.app_label, model._meta.model_name, parent.pk],
        )
        return client.post(url, {**data, action: action})

    return post


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """A test on a module world is a database test, even without the django_db mark.

    pytest-django runs database tests first and transactional ones after them,
    and orders the rest last, as if they needed no database: a test that used
    a world (module_db) without the mark ran after the transactional tests,
    whose flush had removed the rows migrations create (the home page, the
    vocabularies). Marked here, before pytest-django sorts.
    """
    for item in items:
        if "module_db" in getattr(item, "fixturenames", ()) and not item.get_closest_marker(
            "django_db"
        ):
            item.add_marker(pytest.mark.django_db)
        if not uses_the_database(item):
            item.add_marker(pytest.mark.no_database)
        elif item.nodeid.split("::")[0] in ONCE_ON_POSTGRESQL:
            item.add_marker(pytest.mark.once_on_postgresql)
        elif item.nodeid.split("::")[0] in ONCE_ON_SQLITE:
            item.add_marker(pytest.mark.once_on_sqlite)


# Heavy modules whose outcome does not depend on the database engine: they
# request pages and compare statuses or visible text, through the ORM only (no
# raw SQL, no engine-specific query is what they are about). CI runs them once,
# in the PostgreSQL run (production's engine): the SQLite run deselects the
# ``once_on_postgresql`` marker set here (.ci/run). A plain ``pytest`` (make
# test) runs them, on whichever engine. Together they were 315 s of the SQLite
# run's 1,253 s (its durations on the CI machine). A test of theirs that needs
# no database is marked no_database instead, and so still runs on SQLite.
ONCE_ON_POSTGRESQL = {
    # every public page and member form in every language: no English text
    # (the PostgreSQL run keeps fragments on, as production: a fragment kept
    # in the wrong language would show here)
    "tests/i18n/test_public_pages_no_english.py",
    # the member area's, the directory's and the subcommittees' permission
    # matrices, and a members-only forum's 404 to outsiders on every page
    "tests/organisations/test_manage_access.py",
    "tests/organisations/test_permission_matrix.py",
    "tests/subcommittees/test_permission_matrix.py",
    "tests/forum/test_not_found.py",
    # A real Celery worker on Redis (tests/workers.py), which production runs
    # beside PostgreSQL; on SQLite it reads a file copy of the in-memory test
    # database, which no deployment does (the embedded default runs tasks in
    # process). tests/cms/test_celery_worker.py keeps that copy tested there.
    "tests/forum/test_worker.py",
    "tests/i18n/test_mt_worker.py",
}
# The same kind of modules, run once in the SQLite run instead, so that the
# two runs, side by side on two cores, end at about the same time (the
# PostgreSQL run is the longer without them).
ONCE_ON_SQLITE = {
    # every /admin/ URL × every role: who may open what (permissions, not SQL)
    "tests/cms/test_admin_matrix.py",
    # every admin screen an editor uses: no English text
    "tests/i18n/test_admin_japanese.py",
}


DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "django_db_setup",
    "live_server",
    "module_db",
}


def uses_the_database(item):
    """Whether a test may reach the database: marked, or a database fixture in its closure.

    (Not ``django_db_blocker``: pytest-django's autouse fixtures bring it to
    every test; a fixture unblocking with it also asks for ``django_db_setup``.)

    pytest-django refuses the database to every other test, so a test this
    says no to behaves the same on SQLite and PostgreSQL: CI runs it once, in
    the SQLite run (``-m "not no_database"`` in the PostgreSQL one).
    """
    from django.test import TransactionTestCase

    if item.get_closest_marker("django_db"):
        return True
    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return True
    return bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))
