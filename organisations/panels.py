"""Organisations' panels on the home page: the 会員団体とつながる section and its
cards for the directory and the write-ups (see cms.panels)."""

from cms import panels


def register():
    panels.register("home", "network", template="organisations/panels/network.html", order=40)
    panels.register(
        "home_network", "directory", template="organisations/panels/directory_card.html", order=10
    )
    panels.register(
        "home_network", "practices", template="organisations/panels/practices_card.html", order=20
    )
