"""The import contract (pyproject.toml, ``[tool.importlinter]``) holds, and bites.

``lint-imports`` (run by ``make lint``) must pass on the code, and fail once a
lower layer imports a higher one. The failing case runs a copy of the real
contract over a throw-away tree of empty packages with the same names in
``tmp_path``, one of which makes a forbidden import: the source tree is never
written to.
"""

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def contract():
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["tool"]["importlinter"]


def run_lint_imports(cwd: Path, *args):
    return subprocess.run(  # noqa: S603 - our own lint-imports, fixed arguments
        [str(LINT_IMPORTS), "--no-logo", "--no-cache", *args],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def copy_of_the_contract(tmp_path: Path, imports: dict[str, str]) -> Path:
    """Empty root packages named as in the contract, ``imports`` {module: imported}
    written as modules, and the contract (without its ignored imports) beside them."""
    config = contract()
    for package in config["root_packages"]:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    for module, imported in imports.items():
        path = tmp_path / (module.replace(".", "/") + ".py")
        path.write_text(f"import {imported}\n")
    lines = ["[importlinter]", "root_packages ="]
    lines += [f"    {package}" for package in config["root_packages"]]
    for spec in config["contracts"]:
        lines += ["", f"[importlinter:contract:{spec['id']}]"]
        lines += [f"name = {spec['name']}", f"type = {spec['type']}", "layers ="]
        lines += [f"    {layer}" for layer in spec["layers"]]
    (tmp_path / ".importlinter").write_text("\n".join(lines) + "\n")
    return tmp_path


def test_the_code_keeps_the_contract():
    result = run_lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_copy_of_the_contract_allows_importing_downwards(tmp_path):
    tree = copy_of_the_contract(
        tmp_path,
        {
            "search.views": "cms",
            "organisations.search_kinds": "search",
            "subcommittees.services": "forum",
            "forum.permissions": "organisations",
        },
    )
    result = run_lint_imports(tree)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "imported"),
    [
        ("cms.urls", "organisations"),  # the core imports a domain app
        ("search.services", "forum"),  # the search knows a domain model
        ("forum.notifications", "subcommittees"),  # a cycle between domain apps
        ("organisations.filters", "subcommittees"),
    ],
)
def test_a_forbidden_import_breaks_the_contract(tmp_path, module, imported):
    result = run_lint_imports(copy_of_the_contract(tmp_path, {module: imported}))
    assert result.returncode == 1
    assert f"{module.split('.')[0]} is not allowed to import {imported}" in result.stdout
