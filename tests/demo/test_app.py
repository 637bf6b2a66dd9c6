"""The demo app is installed everywhere but needs its own libraries only when load_demo runs."""

import io
import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

import demo

ROOT = Path(__file__).resolve().parent.parent.parent


def test_listing_and_loading_the_command_imports_no_demo_library():
    """Start-up and `manage.py help` stay free of reportlab and the data files."""
    code = (
        "import sys, django; django.setup();"
        "from django.core.management import load_command_class;"
        "load_command_class('demo', 'load_demo');"
        "print(sorted(m for m in ('reportlab', 'demo.loader', 'demo.content', 'demo.pdf')"
        " if m in sys.modules))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_without_the_demo_group_the_command_says_what_to_install(monkeypatch):
    monkeypatch.delattr(demo, "loader", raising=False)
    monkeypatch.setitem(sys.modules, "demo.loader", None)  # as if reportlab were missing
    with pytest.raises(CommandError, match="uv sync --group demo"):
        call_command("load_demo", force=True, stdout=io.StringIO())
