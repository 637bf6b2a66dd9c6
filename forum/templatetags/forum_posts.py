"""{% post_bodies posts as shown %}: each post with its kept main and poster columns;
{% capture as name %}: a part rendered once and shown twice."""

from django import template
from django.utils.safestring import mark_safe

from forum import post_bodies as kept

register = template.Library()


@register.simple_tag(takes_context=True)
def post_bodies(context, posts):
    """(post, main column, poster column) per post; see forum/post_bodies.py."""
    return kept.bodies(context, posts)


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        context[self.name] = mark_safe(self.nodelist.render(context))  # noqa: S308
        return ""


@register.tag("capture")
def do_capture(parser, token):
    """``{% capture as name %}…{% endcapture %}``: render once, show ``{{ name }}`` twice.

    The topic's tools head and end its page; their permission checks run once.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("capture: use {% capture as name %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])
