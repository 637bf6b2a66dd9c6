"""Practices' panel on the home page: the write-ups card of the 会員団体とつながる
section (see cms.panels)."""

from cms import panels


def register():
    panels.register(
        "home_network", "practices", template="practices/panels/practices_card.html", order=20
    )
