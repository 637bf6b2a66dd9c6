"""The secretariat (事務局) reads report decisions in the audit log.

Decisions are logged against the report (reports/audit.py); Wagtail's Site
history shows an entry to whoever holds a permission on its object's type.
The review queue asks reports.registry's roles, not this permission.
"""

from django.db import migrations

from cms.group_permissions import grant, revoke

GROUP_NAME = "事務局"
PERMISSIONS = [("reports", "view_report")]


def forwards(apps, schema_editor):
    grant(apps, GROUP_NAME, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, GROUP_NAME, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_report_and_hidden_object"),
        ("organisations", "0003_secretariat_group"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
