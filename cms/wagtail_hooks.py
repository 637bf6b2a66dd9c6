"""The admin dashboard's 確認待ち panel (rows registered in cms/waiting.py)."""

from wagtail import hooks
from wagtail.admin.ui.components import Component

from cms import waiting


class WaitingPanel(Component):
    name = "waiting"
    order = 50
    template_name = "cms/admin/waiting_panel.html"

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context=None):
        return {"rows": self.rows}


@hooks.register("construct_homepage_panels")
def add_waiting_panel(request, panels):
    rows = waiting.rows_for(request.user)
    if rows:
        panels.insert(0, WaitingPanel(rows))
