"""Report decisions in the audit log (cms.audit): hidden, dismissed, hidden automatically.

Logged against the report that was decided (the first, when several about
one object close together), with the kind and id of the reported object, so
the secretariat reads them in Site history beside the forum's own moderation.
"""

from django.dispatch import receiver

from cms import audit
from reports import services
from reports.models import Report

HIDDEN = "reports.hidden"
DISMISSED = "reports.dismissed"
AUTO_HIDDEN = "reports.auto_hidden"


def _data(report, **extra):
    return {"kind": report.kind, "object_id": report.object_id, **extra}


@receiver(services.report_resolved, sender=Report, dispatch_uid="reports.audit.resolved")
def on_resolved(sender, reports, action, by, **kwargs):
    if not reports:
        return
    first = reports[0]
    name = HIDDEN if action == services.HIDE else DISMISSED
    audit.record(name, first, user=by, data=_data(first, reports=len(reports)))


@receiver(services.report_filed, sender=Report, dispatch_uid="reports.audit.filed")
def on_filed(sender, report, auto_hidden, **kwargs):
    if auto_hidden:
        audit.record(AUTO_HIDDEN, report, user=None, data=_data(report))
