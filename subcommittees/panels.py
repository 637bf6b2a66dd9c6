"""Subcommittees' panel: the 分科会 card of the home page's 会員団体とつながる
section (see cms.panels). It links to the list once the list has something to
show the reader, and says 準備中 only while it has not."""

from cms import panels
from subcommittees import access


def card_context(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    return {"has_subcommittees": access.discoverable_subcommittees(user).exists()}


def register():
    panels.register(
        "home_network",
        "subcommittees",
        template="subcommittees/panels/subcommittees_card.html",
        context=card_context,
        order=30,
    )
