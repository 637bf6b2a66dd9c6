"""``{% fragment "name" part … %}…{% endfragment %}``: a part of a page, kept.

The rendered content is kept in the page cache's cache under its version
(cms/page_cache.py), keyed on the name, the site's host, the active language
and the given parts: any change of what public pages show bumps the version,
so a kept fragment is never out of date. Use it only for what does not depend
on the reader (no user, no form, no CSRF token) beyond the parts named. Off
(rendered every time) without a shared cache (``FRAGMENT_CACHE_ENABLED``).
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
        if request is None or not page_cache.fragments_enabled():
            return self.nodelist.render(context)
        parts = [part.resolve(context) for part in self.parts]
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
