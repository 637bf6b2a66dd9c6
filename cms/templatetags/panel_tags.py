"""``{% panels "slot" %}``: the panels other apps registered for a slot (see cms.panels)."""

from django import template

from cms import panels as registry

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, slot):
    return registry.render_slot(slot, context)
