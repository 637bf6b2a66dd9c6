"""Panels: what the apps above the core show in slots of pages they do not own.

The home page, the 404 page and an empty search result show panels from the
apps above them (latest news, upcoming events, the member organisations…).
The page does not import those apps: its template names a slot,

    {% load panel_tags %}{% panels "home" %}

and each app registers its panels for that slot in its ``AppConfig.ready()``,
the way Wagtail's hooks and Django's admin registration work::

    panels.register(
        "home", "events", template="events/panels/upcoming_events.html",
        context=upcoming_events, order=20,
    )

A panel is a template and its context: a dict of fixed values, or a function
from the page's template context to a dict (the panel template sees only that
and ``request``, like an inclusion tag's). A slot shows its panels by ``order``,
then name. A function that returns None has nothing to show: its panel is
left out. A panel whose function or template raises is logged and left out,
so one app's fault never takes the home page or the 404 page down.

Slots in use: "home" (the home page's sections), "home_network" (the cards
of its 会員団体とつながる section), "not_found" (the 404 page's links) and
"search_empty" (below a search that found nothing; no panel yet).
"""

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.utils.safestring import mark_safe

from cms import page_cache

logger = logging.getLogger(__name__)

PanelContext = Mapping | Callable[[Mapping], Mapping | None]


@dataclass(frozen=True)
class Panel:
    slot: str
    name: str
    template: str
    context: PanelContext | None = None
    order: int = 100
    shared: bool = False
    changes_with_time: bool = False

    def values(self, context):
        """This panel's template context from the page's, or None to leave it out."""
        if callable(self.context):
            return self.context(context)
        return self.context or {}


_registry: dict[str, dict[str, Panel]] = {}


def register(
    slot, name, *, template, context=None, order=100, shared=False, changes_with_time=False
):
    """Show ``template`` in ``slot``; registering a (slot, name) again replaces it."""
    panel = Panel(
        slot=slot,
        name=name,
        template=template,
        context=context,
        order=order,
        shared=shared,
        changes_with_time=changes_with_time,
    )
    _registry.setdefault(slot, {})[name] = panel
    return panel


def unregister(slot, name):
    _registry.get(slot, {}).pop(name, None)


def panels_for(slot):
    """The panels registered for ``slot``, in the order they are shown."""
    return sorted(_registry.get(slot, {}).values(), key=lambda panel: (panel.order, panel.name))


def render_panel(panel, context):
    """One panel's HTML in the page's template ``context``, or "" (nothing to show, or a fault)."""
    request = context.get("request")
    if panel.changes_with_time:
        page_cache.changes_with_time(request)
    try:
        if panel.shared and request is not None and page_cache.fragments_enabled():
            return _kept(panel, context, request)
        return _render(panel, context)
    except Exception:  # one app's broken panel must not break the page
        logger.exception("Panel %r of slot %r failed; left out", panel.name, panel.slot)
        return ""


def _kept(panel, context, request):
    """A shared panel's HTML from the cache, rendered and kept on a miss (a fault is not kept)."""
    page = context.get("page")
    key = page_cache.fragment_key(request, "panel", panel.slot, panel.name, getattr(page, "pk", ""))
    store = page_cache.cache()
    html = store.get(key)
    if html is None:
        html = str(_render(panel, context))
        timeout = settings.PAGE_CACHE_TIMEOUT
        if panel.changes_with_time:
            timeout = min(timeout, settings.PAGE_CACHE_TIME_VARYING_TIMEOUT)
        store.set(key, html, timeout)
    return mark_safe(html)  # noqa: S308 - a rendered template


def _render(panel, context):
    values = panel.values(context)
    if values is None:
        return ""
    new_context = context.new({"request": context.get("request"), **values})
    csrf_token = context.get("csrf_token")
    if csrf_token is not None:
        new_context["csrf_token"] = csrf_token
    return context.template.engine.get_template(panel.template).render(new_context)


def render_slot(slot, context):
    """The HTML of every panel of ``slot``, one after another."""
    rendered = (render_panel(panel, context).strip() for panel in panels_for(slot))
    return mark_safe("\n".join(html for html in rendered if html))  # noqa: S308 - rendered templates
