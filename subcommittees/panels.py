"""Subcommittees' panel: the 分科会 card of the home page's 会員団体とつながる
section (see cms.panels)."""

from cms import panels


def register():
    panels.register(
        "home_network",
        "subcommittees",
        template="subcommittees/panels/subcommittees_card.html",
        order=30,
    )
