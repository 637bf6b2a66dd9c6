"""Organisations' panels on the home page: the 会員団体とつながる section and its
directory card (see cms.panels). The write-ups card is practices' own."""

from cms import panels
from organisations import access


def network_context(context):
    """The join invitation, for everyone who is not a member already."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"show_join": not (user is not None and access.is_member(user))}


def register():
    panels.register(
        "home",
        "network",
        template="organisations/panels/network.html",
        context=network_context,
        order=40,
    )
    panels.register(
        "home_network", "directory", template="organisations/panels/directory_card.html", order=10
    )
