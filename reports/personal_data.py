"""Personal data in reports (privacy.registry): who reported what, who dealt with it."""

from django.utils.translation import gettext_lazy as _

from privacy import registry
from reports.models import HiddenObject, Report

registry.register(
    Report, ["reporter", "resolved_by"], purpose=_("通報した人と対応した事務局・世話人")
)
registry.register(HiddenObject, ["hidden_by"], purpose=_("通報で非表示にした人"))


@registry.exporter(
    "reports",
    _("通報"),
    labels={
        "kind": _("種類"),
        "reason": _("理由"),
        "details": _("詳しい内容"),
        "status": _("状態"),
        "created_at": _("通報日時"),
    },
    order=60,
)
def export_reports(user):
    return [
        {
            "kind": report.kind,
            "reason": report.get_reason_display(),
            "details": report.details,
            "status": report.get_status_display(),
            "created_at": report.created_at,
        }
        for report in Report.objects.filter(reporter=user).order_by("created_at", "pk")
    ]


@registry.eraser(order=130)
def erase_report_data(user):
    """Their reports go (an open one leaves the queue); decisions they made stay, unnamed."""
    Report.objects.filter(reporter=user).delete()
    Report.objects.filter(resolved_by=user).update(resolved_by=None)
    HiddenObject.objects.filter(hidden_by=user).update(hidden_by=None)
