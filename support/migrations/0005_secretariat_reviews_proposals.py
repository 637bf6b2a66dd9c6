"""The secretariat (事務局) reads member organisations' window proposals and marks them done."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = ["view_windowproposal", "change_windowproposal"]


def grant(apps, schema_editor, permissions=PERMISSIONS):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="事務局")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="support", codename__in=permissions)
    )


class Migration(migrations.Migration):
    dependencies = [("support", "0004_window_proposal")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
