"""{{ post.poster|poster_organisation }}: the organisation shown next to a poster's name."""

from django import template

from forum.names import organisation_name

register = template.Library()


@register.filter
def poster_organisation(user):
    """The organisation's name if the view loaded it with the poster; never a query."""
    return organisation_name(user) if user is not None else ""
