"""Personal data in kpi (privacy.registry): who entered a figure, who reported a year.

An indicator is the secretariat's definition of what it counts; its name is
a heading of the annual report. A hand entry keeps the account that typed it
and a reported year the account that marked it reported, so the secretariat
can ask them; both are emptied when the account goes (SET_NULL), and the
figures, which count no one, stay.
"""

from django.utils.translation import gettext_lazy as _

from kpi.models import HandEntry, Indicator, ReportedYear
from privacy import registry

registry.not_personal(Indicator, ["name"], reason="the name of an indicator in the annual report")
registry.register(HandEntry, ["entered_by"], purpose=_("手入力の数値を誰が入れたかの記録"))
registry.register(ReportedYear, ["reported_by"], purpose=_("年度の実績を報告済みにした人の記録"))
