"""The secretariat (事務局) reads the outbox and failed jobs, and retries them."""

from django.db import migrations

from cms.group_permissions import grant, revoke

GROUP_NAME = "事務局"
PERMISSIONS = [
    ("cms", "view_outboundemail"),
    ("cms", "retry_outboundemail"),
    ("cms", "view_backgroundfailure"),
    ("cms", "retry_backgroundfailure"),
]


def forwards(apps, schema_editor):
    grant(apps, GROUP_NAME, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, GROUP_NAME, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("cms", "0004_background_failures_and_heartbeat")]

    operations = [migrations.RunPython(forwards, backwards)]
