"""The secretariat (事務局) reads the audit log's account events in Site history.

Sign-ins, second-factor changes, refused admin access and register exports
are logged against cms.Account (cms/audit.py); Wagtail shows them to whoever
holds a permission on that type.
"""

from django.db import migrations

from cms.group_permissions import grant, revoke

GROUP_NAME = "事務局"
PERMISSIONS = [("cms", "view_account")]


def forwards(apps, schema_editor):
    grant(apps, GROUP_NAME, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, GROUP_NAME, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0005_members_group"),
        ("cms", "0002_account_audit_proxy"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
