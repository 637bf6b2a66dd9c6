"""Wagtail admin: register."""
