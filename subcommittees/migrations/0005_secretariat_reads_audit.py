"""The secretariat (事務局) reads the subcommittees' audit log entries in Site history.

Role changes, join requests accepted or declined and members removed are
logged against the subcommittee (subcommittees/services.py); Wagtail shows an
entry to whoever holds a permission on its object's type. Editing stays
decided by subcommittees.wagtail_hooks.SecretariatPermissionPolicy.
"""

from django.db import migrations

from cms.group_permissions import grant, revoke

GROUP_NAME = "事務局"
PERMISSIONS = [("subcommittees", "view_subcommittee")]


def forwards(apps, schema_editor):
    grant(apps, GROUP_NAME, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, GROUP_NAME, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("subcommittees", "0004_search_proxies"),
        ("organisations", "0003_secretariat_group"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
