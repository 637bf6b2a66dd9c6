"""Production settings (SECURITY.md A1-A3) and the headers every public page sends.

Production settings are imported in a subprocess with a clean environment, so
nothing from the test settings or the developer's shell leaks in.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent

PRODUCTION_ENV = {
    "SECRET_KEY": "prod-shaped-" + "k3y-f0r-the-check-only-" * 3,
    "DATABASE_URL": "postgres://tsunagari:secret@127.0.0.1:5432/tsunagari",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/1",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.jp:587",
    "ALLOWED_HOSTS": "tsunagari.example.jp",
    "WAGTAILADMIN_BASE_URL": "https://tsunagari.example.jp",
}

EXPECTED_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.request_id.RequestIdMiddleware",
    "cms.middleware.CrossOriginResourcePolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cms.i18n.FirstVisitLanguageMiddleware",
    "cms.page_cache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cms.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cms.middleware.AdminAccessMiddleware",
    "cms.middleware.StaffTwoFactorMiddleware",
    "forum.middleware.ForumPermissionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]


def clean_env(**variables):
    """Only what a process needs to start, plus ``variables``."""
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(variables)
    return env


def run_python(code, **variables):
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=clean_env(**variables),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def dotenv_defines(name):
    dotenv = BASE_DIR / ".env"
    if not dotenv.exists():
        return False
    return any(line.strip().startswith(f"{name}=") for line in dotenv.read_text().splitlines())


# --- A1: refuse to start without the required variables ---------------------


TRY_IMPORTS = """
import importlib, json, os, sys, traceback
full = json.loads(sys.argv[1])
errors = {}
for missing in sorted(full):
    for name in list(sys.modules):
        if name.startswith("cms.settings"):
            del sys.modules[name]
    os.environ.update(full)
    del os.environ[missing]
    try:
        importlib.import_module("cms.settings.production")
    except Exception:
        errors[missing] = traceback.format_exc()
    else:
        errors[missing] = None
print(json.dumps(errors))
"""


@pytest.fixture(scope="module")
def import_errors():
    """For each required variable, the traceback of importing production
    settings without it (one interpreter, fresh imports each time)."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", TRY_IMPORTS, json.dumps(PRODUCTION_ENV)],
        cwd=BASE_DIR,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_to_import_without(import_errors, missing):
    if dotenv_defines(missing):
        pytest.skip(f".env defines {missing}; the real environment cannot unset it")
    error = import_errors[missing]
    assert error is not None, f"production settings imported without {missing}"
    assert "ImproperlyConfigured" in error
    assert missing in error


def test_production_imports_with_everything_set():
    result = run_python("import cms.settings.production", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr


def test_check_deploy_has_no_issues():
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        cwd=BASE_DIR,
        env=clean_env(DJANGO_SETTINGS_MODULE="cms.settings.production", **PRODUCTION_ENV),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


# --- A2/A3: invariants of the production settings ----------------------------

DUMP_SETTINGS = """
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.production"
import django
from django.conf import settings
names = [
    "DEBUG", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY", "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS", "WAGTAILDOCS_SERVE_METHOD", "WAGTAILDOCS_EXTENSIONS",
    "WAGTAILDOCS_MAX_UPLOAD_SIZE", "WAGTAILIMAGES_EXTENSIONS", "WAGTAILIMAGES_MAX_UPLOAD_SIZE",
    "WAGTAIL_PRIVACY_SHARED_PASSWORD", "WAGTAILDOCS_PRIVACY_SHARED_PASSWORD",
    "WAGTAILFORMS_HELP_TEXT_ALLOW_HTML", "CELERY_TASK_ALWAYS_EAGER", "CELERY_TASK_ACKS_LATE",
    "CELERY_TASK_REJECT_ON_WORKER_LOST", "CELERY_WORKER_PREFETCH_MULTIPLIER",
    "CELERY_TASK_TIME_LIMIT", "CELERY_TASK_SOFT_TIME_LIMIT", "CELERY_BROKER_TRANSPORT_OPTIONS",
    "CELERY_TASK_SERIALIZER", "CELERY_ACCEPT_CONTENT", "CELERY_BROKER_URL",
    "MIDDLEWARE", "INSTALLED_APPS", "CONTENT_SECURITY_POLICY", "SILENCED_SYSTEM_CHECKS",
    "EMAIL_BACKEND", "SESSION_ENGINE",
]
print(json.dumps({name: getattr(settings, name) for name in names} | {
    "DJANGO_VERSION": django.VERSION[:3],
    "DATABASE_ENGINE": settings.DATABASES["default"]["ENGINE"],
    "CACHE_BACKEND": settings.CACHES["default"]["BACKEND"],
    "CACHE_LOCATION": settings.CACHES["default"]["LOCATION"],
}))
"""


@pytest.fixture(scope="module")
def production():
    # An attempt to switch eager tasks or DEBUG back on from the environment.
    result = run_python(
        DUMP_SETTINGS, **PRODUCTION_ENV, CELERY_TASK_ALWAYS_EAGER="true", DEBUG="true"
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_debug_is_off(production):
    assert production["DEBUG"] is False


def test_cookies_and_transport(production):
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["LANGUAGE_COOKIE_SECURE"] is True
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_security_headers_configured(production):
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert production["SECURE_REFERRER_POLICY"] in (
        "no-referrer",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
    )
    assert production["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    directives = production["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    for name in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives[name]
        assert "data:" not in directives[name]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_uploads_and_documents(production):
    assert production["WAGTAILDOCS_SERVE_METHOD"] == "serve_view"
    assert "svg" not in production["WAGTAILIMAGES_EXTENSIONS"]
    assert not {"html", "htm", "svg", "js", "xml"} & set(production["WAGTAILDOCS_EXTENSIONS"])
    assert 0 < production["WAGTAILDOCS_MAX_UPLOAD_SIZE"] <= 50 * 1024 * 1024
    assert 0 < production["WAGTAILIMAGES_MAX_UPLOAD_SIZE"] <= 50 * 1024 * 1024
    assert production["WAGTAIL_PRIVACY_SHARED_PASSWORD"] is False
    assert production["WAGTAILDOCS_PRIVACY_SHARED_PASSWORD"] is False
    assert production["WAGTAILFORMS_HELP_TEXT_ALLOW_HTML"] is False


def test_celery_reliability(production):
    assert production["CELERY_TASK_ALWAYS_EAGER"] is False
    assert production["CELERY_TASK_ACKS_LATE"] is True
    assert production["CELERY_TASK_REJECT_ON_WORKER_LOST"] is True
    assert production["CELERY_WORKER_PREFETCH_MULTIPLIER"] == 1
    visibility = production["CELERY_BROKER_TRANSPORT_OPTIONS"]["visibility_timeout"]
    assert production["CELERY_TASK_SOFT_TIME_LIMIT"] < production["CELERY_TASK_TIME_LIMIT"]
    assert production["CELERY_TASK_TIME_LIMIT"] < visibility
    assert production["CELERY_TASK_SERIALIZER"] == "json"
    assert production["CELERY_ACCEPT_CONTENT"] == ["json"]
    assert production["CELERY_BROKER_URL"] == PRODUCTION_ENV["CELERY_BROKER_URL"]
    assert production["CELERY_BROKER_URL"] != production["CACHE_LOCATION"]


def test_backing_services(production):
    assert production["DATABASE_ENGINE"] == "django.db.backends.postgresql"
    assert production["CACHE_BACKEND"] == "django_redis.cache.RedisCache"
    assert production["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert production["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"


def test_nothing_silenced_and_django_patched(production):
    assert production["SILENCED_SYSTEM_CHECKS"] == []
    assert tuple(production["DJANGO_VERSION"]) >= (5, 2, 14)


def test_exact_middleware_order(production):
    assert production["MIDDLEWARE"] == EXPECTED_MIDDLEWARE
    assert production["MIDDLEWARE"][0] == "django.middleware.security.SecurityMiddleware"


def test_no_debug_tooling_in_production(production):
    for name in production["INSTALLED_APPS"] + production["MIDDLEWARE"]:
        assert "debug_toolbar" not in name


def test_test_settings_use_the_same_middleware(settings):
    assert settings.MIDDLEWARE == EXPECTED_MIDDLEWARE


# --- Headers on a public page (test client) ---------------------------------


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
def test_home_page_security_headers(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    csp = csp_directives(response["Content-Security-Policy"])
    for name in ("script-src", "style-src"):
        assert name in csp
        assert "'unsafe-inline'" not in csp[name]
        assert "data:" not in csp[name]
        assert "*" not in csp[name]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.django_db
def test_healthz_sends_the_headers_too(client):
    response = client.get("/healthz")
    assert "Content-Security-Policy" in response
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_production_on_sqlite_keeps_its_locking_and_write_ahead_log(tmp_path):
    """A small deployment (and bench/) runs the production settings on SQLite:
    the write lock taken at BEGIN, the 20 s wait and the write-ahead log hold
    there as on the embedded default, and the file really is in WAL mode."""
    code = """
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.production"
import django
django.setup()
from django.conf import settings
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    mode = cursor.fetchone()[0]
print(json.dumps({"options": settings.DATABASES["default"]["OPTIONS"], "mode": mode}))
"""
    env = PRODUCTION_ENV | {"DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}"}
    result = run_python(code, **env)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["options"]["transaction_mode"] == "IMMEDIATE"
    assert found["options"]["timeout"] == 20
    assert found["mode"] == "wal"
