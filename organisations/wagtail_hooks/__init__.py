"""Wagtail admin for the register, one module per area (Wagtail imports this package)."""

from . import applications, organisations, practice_attachments, register, taxonomy  # noqa: F401
