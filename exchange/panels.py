"""ニーズ×シーズ's panel on the home page (cms.panels): public, open listings the
secretariat chose to highlight. Only public listings of active members, whoever looks."""

from cms import panels

LIMIT = 4


def highlights(context):
    from exchange.choices import Status
    from exchange.models import Listing

    listings = list(
        Listing.objects.public()
        .filter(status=Status.OPEN, is_highlighted=True)
        .select_related("organisation")
        .order_by("-published_at")[:LIMIT]
    )
    return {"listings": listings} if listings else None


def register():
    panels.register(
        "home",
        "exchange",
        template="exchange/highlights.html",
        context=highlights,
        order=25,
        shared=True,
    )
