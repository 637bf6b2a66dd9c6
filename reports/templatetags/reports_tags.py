from django import template

from reports import registry, services

register = template.Library()


@register.inclusion_tag("reports/includes/report_link.html", takes_context=True)
def report_link(context, kind_key, obj):
    """「通報する」 for members, on what they did not write (the form checks the rest)."""
    request = context.get("request")
    kind = registry.get(kind_key)
    user = getattr(request, "user", None)
    shown = bool(
        kind
        and obj is not None
        and user is not None
        and services.may_report_anything(user)
        and not kind.is_own(user, obj)
    )
    return {"shown": shown, "kind": kind_key, "pk": getattr(obj, "pk", None)}
