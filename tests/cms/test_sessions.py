"""Sessions read from Redis when it is there (cms/settings/base.py, session_engine).

A signed-in member's every request read its session row from the database.
With Redis as the cache, the session comes from it; the database stays the
record, so a cache that is down only sends the reads back there, and a
sign-out or an erased account leaves nothing behind in either.

These tests talk to the real Redis (settings.TEST_REDIS_URL), under a key
prefix of their own.
"""

import uuid

from django.conf import settings as django_settings
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from cms.settings.base import REDIS_CACHE_OPTIONS, session_engine
from privacy.services import scrub_account
from tests.organisations.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNED_IN_ONLY = "/accounts/name/"


def redis_cache(location):
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": location,
        "OPTIONS": REDIS_CACHE_OPTIONS,
        "KEY_PREFIX": f"test-sessions-{uuid.uuid4().hex}",
    }


@pytest.fixture
def redis_sessions(settings):
    settings.CACHES = {**settings.CACHES, "default": redis_cache(settings.TEST_REDIS_URL)}
    settings.SESSION_ENGINE = session_engine(settings.TEST_REDIS_URL)
    yield
    cache.clear()


@pytest.fixture
def member(client, redis_sessions):
    user = UserFactory(username="session-member")
    client.force_login(user)
    return user


def session_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, [q["sql"] for q in queries if "django_session" in q["sql"]]


def test_the_engine_follows_the_cache():
    assert session_engine("redis://127.0.0.1:6379/0").endswith(".cached_db")
    assert session_engine("").endswith(".db")
    assert django_settings.SESSION_ENGINE.endswith(".db")  # the suite: local memory


def test_a_members_request_reads_no_session_row(client, member):
    client.get(SIGNED_IN_ONLY)
    response, reads = session_queries(client, SIGNED_IN_ONLY)
    assert response.status_code == 200
    assert reads == []
    # The database still holds the session: it is the record.
    assert Session.objects.filter(pk=client.session.session_key).exists()


def test_cache_down_the_member_stays_signed_in(client, member, settings):
    client.get(SIGNED_IN_ONLY)
    # Nothing listens on port 1: as if Redis had stopped.
    settings.CACHES = {**settings.CACHES, "default": redis_cache("redis://127.0.0.1:1/0")}
    response, reads = session_queries(client, SIGNED_IN_ONLY)
    assert response.status_code == 200
    assert len(reads) == 1


def test_a_sign_out_ends_the_session_in_the_cache_too(client, member):
    key = client.session.session_key
    client.get(SIGNED_IN_ONLY)
    assert cache.get(KEY_PREFIX + key) is not None
    client.post("/accounts/logout/")
    assert cache.get(KEY_PREFIX + key) is None
    client.cookies["sessionid"] = key  # the old cookie, kept by a thief
    assert client.get(SIGNED_IN_ONLY).status_code == 302


def test_an_erased_account_leaves_no_session_in_the_cache(client, member):
    key = client.session.session_key
    client.get(SIGNED_IN_ONLY)
    assert cache.get(KEY_PREFIX + key) is not None
    scrub_account(member)
    assert cache.get(KEY_PREFIX + key) is None
    assert not Session.objects.filter(pk=key).exists()
