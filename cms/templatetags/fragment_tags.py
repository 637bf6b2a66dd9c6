"""``{% fragment "name" part … %}…{% endfragment %}``: a part of a page, kept.

The rendered content is kept in the page cache's cache under its version
(cms/page_cache.py), keyed on the name, the site's host, the active language
and the given parts: any change of what public pages show bumps the version,
so a kept fragment is never out of date. Use it only for what does not depend
on the reader (no user, no form, no CSRF token) beyond the parts named. Off
(rendered every time) without a shared cache (``FRAGMENT_CACHE_ENABLED``).

Rendered every time, never kept: in a preview (an editor's unsaved draft);
a fragment with parts on an error page (Django's handlers give it
``request_path``), so that a crawler's made-up paths fill no cache; and when
a part is None, which is how ``request|page_path`` says that a request with a
query string (a search, a filtered list) is not worth keeping.
"""

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from cms import page_cache

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        request = context.get("request")
        if (
            request is None
            or not page_cache.fragments_enabled()
            or getattr(request, "is_preview", False)
            or (len(self.parts) > 1 and context.get("request_path") is not None)
        ):
            return self.nodelist.render(context)
        parts = [part.resolve(context) for part in self.parts]
        if any(part is None for part in parts):
            return self.nodelist.render(context)
        key = page_cache.fragment_key(request, *parts)
        cache = page_cache.cache()
        content = cache.get(key)
        if content is None:
            content = self.nodelist.render(context)
            cache.set(key, str(content), settings.PAGE_CACHE_TIMEOUT)
        return mark_safe(content)  # noqa: S308 - a rendered template


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("fragment: give it a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits])


@register.filter
def page_path(request):
    """The request's path as a fragment part, or None (not kept) with a query string."""
    if request is None or request.META.get("QUERY_STRING"):
        return None
    return request.path


@register.filter
def path_only(request):
    """The request's path as a fragment part, whatever its query string: for a
    fragment that shows the path but nothing of the query (the navigation's
    current section). The paths are the site's own: a made-up path answers
    with an error page, where fragments with parts are never kept."""
    if request is None:
        return None
    return request.path


@register.filter
def page_key(page):
    """A Wagtail page's id as a fragment part, or None (not kept) for anything else."""
    return getattr(page, "pk", None) if getattr(page, "path", None) else None
