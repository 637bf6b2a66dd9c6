"""Organisations' panels on the home page: the 会員団体とつながる section and its
directory card (see cms.panels). The write-ups card is practices' own."""

from cms import panels


def register():
    panels.register("home", "network", template="organisations/panels/network.html", order=40)
    panels.register(
        "home_network", "directory", template="organisations/panels/directory_card.html", order=10
    )
