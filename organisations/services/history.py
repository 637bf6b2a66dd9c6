"""The dated history of an organisation's status and tier (models.StatusHistory).

``record`` is called on every save of an organisation (receivers.py), so the
secretariat's status changes (manage.set_status), accepted applications,
register imports and admin edits all leave a row when they change the status
or the tier, and none when they do not.
"""

from django.utils import timezone

from organisations.choices import OrganisationStatus
from organisations.models import StatusHistory

DEPARTED = {OrganisationStatus.WITHDRAWN, OrganisationStatus.EXPELLED}


def effective_date(organisation, *, created=False):
    """The day a change took effect: the joining or leaving date when the
    organisation carries one, else today (Asia/Tokyo)."""
    if created and organisation.joined_on and organisation.status == OrganisationStatus.ACTIVE:
        return organisation.joined_on
    if organisation.status in DEPARTED and organisation.left_on:
        return organisation.left_on
    return timezone.localdate()


def record(organisation, *, on=None, created=False):
    """Add a row when the status or tier differs from the latest recorded; return it or None."""
    latest = (
        StatusHistory.objects.filter(organisation=organisation)
        .order_by("-valid_from", "-pk")
        .values_list("status", "tier")
        .first()
    )
    if latest == (organisation.status, organisation.tier):
        return None
    return StatusHistory.objects.create(
        organisation=organisation,
        status=organisation.status,
        tier=organisation.tier,
        valid_from=on or effective_date(organisation, created=created),
    )
