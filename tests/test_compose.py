"""docker-compose.yml describes the production-shaped stack the settings expect.

No Docker engine runs here, so the file is checked as data: the services, the
shared Django build and environment, healthchecks and start-up order, and that
every variable production settings insist on is given to the containers.
"""

import ast
import re
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DJANGO_SERVICES = ("web", "worker", "beat")
BACKING_SERVICES = ("db", "redis", "elasticsearch")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def web_env(services):
    return services["web"]["environment"]


def required_production_variables():
    """Names production.py reads through ``env`` with no default."""
    tree = ast.parse((ROOT / "cms/settings/production.py").read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        is_env = (isinstance(func, ast.Name) and func.id == "env") or (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "env"
        )
        first = node.args[0]
        has_default = len(node.args) > 1 or any(kw.arg == "default" for kw in node.keywords)
        if is_env and isinstance(first, ast.Constant) and not has_default:
            names.add(first.value)
    return names


def test_all_services_are_defined(services):
    assert set(DJANGO_SERVICES + BACKING_SERVICES) <= set(services)


def test_django_services_share_one_build_and_environment(services):
    web = services["web"]
    assert web["build"]["dockerfile"] == "docker/Dockerfile"
    for name in ("worker", "beat"):
        assert services[name]["build"] == web["build"]
        assert services[name]["image"] == web["image"]
        assert services[name]["environment"] == web["environment"]


def test_commands(services):
    assert services["web"]["command"][:2] == ["gunicorn", "cms.wsgi:application"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "cms", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "cms", "beat"]
    # Only web migrates: its entrypoint waits for the database first.
    entrypoint = services["web"]["entrypoint"][0]
    assert (ROOT / entrypoint.removeprefix("/app/")).is_file()
    assert "entrypoint" not in services["worker"]
    assert "entrypoint" not in services["beat"]


def test_django_environment(services):
    env = web_env(services)
    assert env["DJANGO_SETTINGS_MODULE"] == "cms.settings.production"
    for name in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "CELERY_BROKER_URL",
        "ELASTICSEARCH_URL",
        "EMAIL_URL",
        "WAGTAILADMIN_BASE_URL",
    ):
        assert env.get(name), name
    # The secret comes from .env, and compose refuses to start without it.
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert urlsplit(env["DATABASE_URL"]).hostname == "db"
    assert urlsplit(env["REDIS_URL"]).hostname == "redis"
    assert urlsplit(env["ELASTICSEARCH_URL"]).hostname == "elasticsearch"
    # The healthcheck calls http://localhost:8000/healthz.
    assert "localhost" in env["ALLOWED_HOSTS"].split(",")


def test_production_required_variables_are_set_for_web(services):
    required = required_production_variables()
    assert {"SECRET_KEY", "DATABASE_URL"} <= required  # the parser found them
    assert required <= set(web_env(services))


def test_broker_and_cache_use_different_redis_databases(services):
    env = web_env(services)
    cache, broker = urlsplit(env["REDIS_URL"]), urlsplit(env["CELERY_BROKER_URL"])
    assert cache.netloc == broker.netloc
    assert cache.path.strip("/") != broker.path.strip("/")


def test_redis_never_evicts_queued_jobs(services):
    command = services["redis"]["command"]
    assert command[command.index("--maxmemory-policy") + 1] == "noeviction"


def test_django_services_wait_for_healthy_backing_services(services):
    for name in DJANGO_SERVICES:
        depends_on = services[name]["depends_on"]
        for backing in BACKING_SERVICES:
            assert depends_on[backing]["condition"] == "service_healthy", (name, backing)


def test_every_backing_service_has_a_healthcheck(services):
    for name in (*BACKING_SERVICES, "web"):
        assert services[name]["healthcheck"]["test"], name
    for name, service in services.items():
        if name not in DJANGO_SERVICES:
            assert "healthcheck" in service, name
    assert any("pg_isready" in part for part in services["db"]["healthcheck"]["test"])
    es_check = services["elasticsearch"]["healthcheck"]["test"]
    assert any("_cluster/health" in part for part in es_check)
    assert any("/healthz" in part for part in services["web"]["healthcheck"]["test"])


def test_elasticsearch_is_single_node_without_security(services):
    es = services["elasticsearch"]
    assert es["build"] == "docker/elasticsearch"
    assert es["environment"]["discovery.type"] == "single-node"
    assert es["environment"]["xpack.security.enabled"] == "false"


def test_elasticsearch_image_has_the_japanese_analysers():
    dockerfile = (ROOT / "docker/elasticsearch/Dockerfile").read_text(encoding="utf-8")
    assert "FROM docker.elastic.co/elasticsearch/elasticsearch:8." in dockerfile
    install = [line for line in dockerfile.splitlines() if "elasticsearch-plugin install" in line]
    assert install
    assert "analysis-kuromoji" in install[0]
    assert "analysis-icu" in install[0]


def test_data_lives_in_named_volumes(compose, services):
    assert {"db-data", "es-data", "media"} <= set(compose["volumes"])
    assert "db-data:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert "es-data:/usr/share/elasticsearch/data" in services["elasticsearch"]["volumes"]
    for name in DJANGO_SERVICES:
        assert "media:/app/media" in services[name]["volumes"]


def test_django_image_installs_from_the_lock_file_without_dev_tools():
    dockerfile = (ROOT / "docker/Dockerfile").read_text(encoding="utf-8")
    assert "uv sync --frozen --no-dev" in dockerfile
    assert "collectstatic" in dockerfile
    assert "\nUSER " in dockerfile


def _names(requirements):
    return {re.split(r"[<>=!~\[; ]", item, maxsplit=1)[0].lower() for item in requirements}


def test_django_image_can_load_the_demo():
    """The stack runs `load_demo --force` in this image, so it installs the demo group,
    which holds the demo's libraries; the production dependencies do not."""
    dockerfile = (ROOT / "docker/Dockerfile").read_text(encoding="utf-8")
    assert "uv sync --frozen --no-dev --group demo" in dockerfile
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    groups = project["dependency-groups"]
    demo = _names(groups["demo"])
    assert {"reportlab", "pyyaml"} <= demo
    assert not demo & _names(project["project"]["dependencies"])
    assert {"include-group": "demo"} in groups["dev"]  # developers get it by default
