"""``{% get_permission %}`` as machina's, without inspecting the handler each call.

machina's own tag (machina/templatetags/forum_permission_tags.py) lists the
permission handler's methods with ``inspect.getmembers`` on every call, to
allow only its public methods. A topic page calls it about thirty times: a
few milliseconds of each forum page went there. This library keeps the same
rule and the same errors, with the public method names read once per handler
class. Our forum templates (templates/machina/) load it as
``{% load forum_permissions %}``; the one machina template we do not
override, the attachments' list, keeps machina's.
"""

import inspect

from django import template

from forum.handler import permission_handler

register = template.Library()


# {handler class: the names the tag may call}, read from the first handler seen.
_public_methods: dict[type, frozenset[str]] = {}


def public_methods(handler) -> frozenset[str]:
    """The names the tag may call: the handler's public methods, as machina lists them."""
    names = _public_methods.get(type(handler))
    if names is None:
        names = _public_methods[type(handler)] = frozenset(
            name
            for name, _ in inspect.getmembers(handler, predicate=inspect.ismethod)
            if not name.startswith("_")
        )
    return names


@register.simple_tag(takes_context=True)
def get_permission(context, method, *args, **kwargs):
    """Whether the permission is granted, as the request's permission handler says.

    Usage: ``{% get_permission 'can_add_post' topic request.user as can_post %}``.
    """
    request = context.get("request", None)
    handler = request.forum_permission_handler if request else permission_handler()
    allowed = public_methods(handler)
    if method not in allowed:
        raise template.TemplateSyntaxError(
            f"Only the following methods are allowed through this templatetag: {sorted(allowed)}"
        )
    return getattr(handler, method)(*args, **kwargs)
