"""kpi's panel: 「数字で見るつながりネット」 on the home page (see cms.panels).

Only the indicators the secretariat marked for publication, with this
fiscal year's value; a breakdown part smaller than ``SMALL_NUMBER`` is shown
as "n < 5" rather than its count, so no single organisation can be picked out.
"""

from cms import panels
from cms.dates import fiscal_year_label
from kpi import services

SMALL_NUMBER = 5


def published_figures(context):
    year, rows = services.published_figures()
    if not rows:
        return None
    figures = []
    for row in rows:
        figures.append(
            {
                "name": row["name"],
                "unit": row["unit"],
                "total": row["total"],
                "parts": [
                    {
                        "label": part["label"],
                        "total": part["total"],
                        "hidden": (part["total"] or 0) < SMALL_NUMBER,
                    }
                    for part in row["parts"]
                ],
            }
        )
    return {"figures": figures, "year_label": fiscal_year_label(year), "small": SMALL_NUMBER}


def register():
    panels.register(
        "home",
        "figures",
        template="kpi/panels/figures.html",
        context=published_figures,
        order=40,
        shared=True,
    )
