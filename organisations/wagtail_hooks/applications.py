"""Wagtail admin: applications."""
