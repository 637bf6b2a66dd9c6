"""Wagtail admin for the register, one module per area (Wagtail imports this package)."""

from . import applications, organisations, register, taxonomy  # noqa: F401
