"""The README's promises hold: its quick start names real Makefile targets, and
.env.example documents exactly the variables the settings read."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV_LINE = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)


def read(name):
    return (ROOT / name).read_text(encoding="utf-8")


def section(markdown, heading):
    match = re.search(rf"^{re.escape(heading)}\s*$(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    assert match, f"README has no {heading!r} section"
    return match.group(1)


def first_fenced_block(text):
    match = re.search(r"^```[^\n]*\n(.*?)^```", text, re.M | re.S)
    assert match, "no fenced code block"
    return [line.strip() for line in match.group(1).splitlines() if line.strip()]


def makefile_targets():
    return set(re.findall(r"^([A-Za-z0-9_.-]+)\s*:(?!=)", read("Makefile"), re.M))


def _env_name(node):
    """The variable name if ``node`` reads the environment, else None."""
    if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
        func = node.func
        if isinstance(func, ast.Name) and func.id == "env":  # env("X")
            return node.args[0].value
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            if func.value.id == "env" and func.attr != "read_env":  # env.bool("X")
                return node.args[0].value
            if func.value.id == "os" and func.attr == "getenv":  # os.getenv("X")
                return node.args[0].value
        if (  # os.environ.get("X")
            isinstance(func, ast.Attribute)
            and func.attr in {"get", "setdefault"}
            and ast.unparse(func.value) == "os.environ"
        ):
            return node.args[0].value
    if (  # os.environ["X"]
        isinstance(node, ast.Subscript)
        and ast.unparse(node.value) == "os.environ"
        and isinstance(node.slice, ast.Constant)
    ):
        return node.slice.value
    return None


def settings_variables():
    names = set()
    for path in sorted((ROOT / "cms/settings").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = _env_name(node)
            if name:
                names.add(name)
    return names


def env_example_variables():
    return set(ENV_LINE.findall(read(".env.example")))


def test_quick_start_is_two_make_targets():
    lines = first_fenced_block(section(read("README.md"), "## Quick start"))
    assert lines == ["make up", "make test"]
    targets = makefile_targets()
    for line in lines:
        command, target = line.split()
        assert command == "make"
        assert target in targets, f"Makefile has no {target!r} target"


def test_makefile_install_is_frozen():
    makefile = read("Makefile")
    assert "sync --frozen" in makefile
    assert not re.search(r"\buv (lock|add|remove)\b", makefile)


def test_settings_reader_finds_known_variables():
    names = settings_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"} <= names


def test_env_example_documents_every_settings_variable():
    missing = settings_variables() - env_example_variables()
    assert not missing, f".env.example lacks {sorted(missing)}"


def test_env_example_lists_only_variables_the_settings_read():
    unknown = env_example_variables() - settings_variables()
    assert not unknown, f".env.example has variables no setting reads: {sorted(unknown)}"


def test_readme_env_table_lists_every_settings_variable():
    table = section(read("README.md"), "## Environment variables")
    documented = set(re.findall(r"^\|\s*`([A-Z][A-Z0-9_]*)`", table, re.M))
    assert documented == settings_variables()
