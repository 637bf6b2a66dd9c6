"""The secretariat (事務局) sees, edits and hides every need and offer in the admin."""

from django.db import migrations

from cms.group_permissions import grant as grant_to

PERMISSIONS = [("exchange", "view_listing"), ("exchange", "change_listing")]


def grant(apps, schema_editor):
    grant_to(apps, "事務局", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_listings_matches_threads")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
