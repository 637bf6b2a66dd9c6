"""Worlds built once per test module instead of once per test.

A module whose tests all start from the same rows builds them in a
module-scoped fixture that requests ``module_db`` (tests/conftest.py): one
transaction around the module, rolled back at its end, with each test in a
savepoint of its own. The tests then request per-test copies of what it
built, so a test that changes an object (``org.status = ...``) never hands
the change to the next test, as Django's ``TestCase.setUpTestData`` does::

    @pytest.fixture(scope="module")
    def shared(module_db):
        org = OrganisationFactory()
        return {"org": org, "admin": MembershipFactory(organisation=org).user}

    org = per_test("shared", "org")
    admin = per_test("shared", "admin")

Only for modules without transactional tests (``transaction=True``).
"""

import copy
import inspect

from django.test import override_settings

import pytest


def per_test(shared, key=None):
    """A fixture giving each test its own copy of module fixture ``shared`` (or its ``[key]``).

    Copies made in one test share one memo, so ``admin.membership.organisation``
    is that test's ``org`` again.
    """

    def fixture(db, _world_copies, **shared_value):
        value = shared_value[shared]
        return copy.deepcopy(value if key is None else value[key], _world_copies)

    # ``shared`` is a parameter pytest sees, so the module fixture is set up
    # before the test's own transaction opens (a getfixturevalue() here would
    # build it inside that transaction, and the first test's rollback would
    # take the world away).
    parameters = [
        inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        for name in ("db", "_world_copies", shared)
    ]
    fixture.__signature__ = inspect.Signature(parameters)
    return pytest.fixture(fixture)


def per_test_fixtures(shared, names):
    """``per_test(shared, name)`` for each name, by name: for a module's ``globals().update``."""
    return {name: per_test(shared, name) for name in names}


def world_sign_in(shared="world"):
    """A ``sign_in(name)`` fixture: the test client signed in as ``shared[name]``, fresh
    from the database ("anonymous" signs out)."""

    def fixture(client, **shared_value):
        world = shared_value[shared]

        def as_(name):
            client.logout()
            if name != "anonymous":
                client.force_login(type(world[name]).objects.get(pk=world[name].pk))
            return client

        return as_

    parameters = [
        inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        for name in ("client", shared)
    ]
    fixture.__signature__ = inspect.Signature(parameters)
    return pytest.fixture(fixture)


def module_media(prefix):
    """``media`` and ``_media_root`` fixtures: one MEDIA_ROOT for the whole module.

    For a module world that writes files (an attachment, a document): the
    autouse ``_media_root`` of tests/conftest.py gives each test its own
    directory, where the world's files would be missing. Use with
    ``globals().update(module_media("name"))``.
    """

    @pytest.fixture(scope="module")
    def media(tmp_path_factory):
        path = tmp_path_factory.mktemp(prefix)
        with override_settings(MEDIA_ROOT=path):
            yield path

    @pytest.fixture(autouse=True)
    def _media_root(settings, media):
        settings.MEDIA_ROOT = media

    return {"media": media, "_media_root": _media_root}
