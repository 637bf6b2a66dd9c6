"""Wagtail admin: taxonomy."""
