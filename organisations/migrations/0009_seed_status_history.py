"""Seed the status history from what the register knows today.

An organisation with a joining date was a member (in its current tier) from
that day; one that is no longer active took its current status on its
leaving date (or, without one, on the day of this migration). Past tier
changes are not known: the current tier is assumed throughout.
"""

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    StatusHistory = apps.get_model("organisations", "StatusHistory")
    today = timezone.localdate()
    rows = []
    seeded = set(StatusHistory.objects.values_list("organisation_id", flat=True))
    for org in Organisation.objects.exclude(pk__in=seeded).iterator():
        start = org.joined_on or timezone.localdate(org.created_at)
        if org.status == "active":
            rows.append(StatusHistory(organisation_id=org.pk, status="active", tier=org.tier, valid_from=start))
            continue
        if org.joined_on:
            rows.append(StatusHistory(organisation_id=org.pk, status="active", tier=org.tier, valid_from=start))
        rows.append(
            StatusHistory(
                organisation_id=org.pk,
                status=org.status,
                tier=org.tier,
                valid_from=org.left_on or (today if org.joined_on else start),
            )
        )
    StatusHistory.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("organisations", "0008_status_history")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
