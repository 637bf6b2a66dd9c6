"""Support's panels (see cms.panels): the finder's card on the home page, and
the crisis lines on the 404 page and below a search that found nothing."""

from cms import panels


def crisis_lines(context):
    from support.queries import crisis_windows

    windows = crisis_windows()
    return {"crisis_windows": windows} if windows else None


def register():
    panels.register("home", "support", template="support/panels/finder_card.html", order=5)
    for slot in ("not_found", "search_empty"):
        panels.register(
            slot,
            "support_crisis",
            template="support/panels/crisis_lines.html",
            context=crisis_lines,
            order=1,
            shared=True,
        )
