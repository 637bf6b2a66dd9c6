"""Where apps above organisations add to its pages: Wagtail hooks, not imports.

organisations imports no app above it (ARCHITECTURE.md, "Layout"). Those apps
register functions under these hook names in their ``wagtail_hooks.py``, the
way Wagtail's own ``register_admin_urls`` works:

- ``register_my_organisation_urls``: ``fn()`` returns URL patterns, added under
  /my-organisation/ inside its ``my_organisation`` namespace;
- ``my_organisation_dashboard_panels``: ``fn(request, organisation)`` returns a
  ``DashboardPanel`` (or None) for the "My organisation" page;
- ``organisation_profile_panels``: ``fn(request, organisation)`` returns the
  HTML of a section of the organisation's profile (or "").

Panels come in the order their apps are installed.
"""

from dataclasses import dataclass

from wagtail import hooks

MY_ORGANISATION_URLS_HOOK = "register_my_organisation_urls"
DASHBOARD_PANELS_HOOK = "my_organisation_dashboard_panels"
PROFILE_PANELS_HOOK = "organisation_profile_panels"


@dataclass(frozen=True)
class DashboardPanel:
    """A section of the dashboard, and a sentence for the note staff who cannot manage read."""

    html: str = ""
    note: str = ""


def my_organisation_urls():
    return [pattern for fn in hooks.get_hooks(MY_ORGANISATION_URLS_HOOK) for pattern in fn()]


def dashboard_panels(request, organisation):
    panels = (fn(request, organisation) for fn in hooks.get_hooks(DASHBOARD_PANELS_HOOK))
    return [panel for panel in panels if panel is not None]


def profile_panels(request, organisation):
    sections = (fn(request, organisation) for fn in hooks.get_hooks(PROFILE_PANELS_HOOK))
    return [section for section in sections if section]
