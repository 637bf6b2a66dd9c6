"""Wagtail admin: the organisations register (listing, status changes, audit trail)."""
