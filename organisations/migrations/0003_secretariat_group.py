"""The secretariat (事務局) group: vets applications and keeps the register.

Permissions are created after migrations run, so this migration creates the
ones it needs first (the documented pattern for data migrations on groups).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "事務局"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("organisations", "organisation", "add_organisation"),
    ("organisations", "organisation", "change_organisation"),
    ("organisations", "organisation", "view_organisation"),
    ("organisations", "application", "change_application"),
    ("organisations", "application", "view_application"),
    ("organisations", "profilechange", "view_profilechange"),
    ("organisations", "membership", "view_membership"),
    ("organisations", "activitygroup", "add_activitygroup"),
    ("organisations", "activitygroup", "change_activitygroup"),
    ("organisations", "activitytype", "add_activitytype"),
    ("organisations", "activitytype", "change_activitytype"),
    ("organisations", "targetgroup", "add_targetgroup"),
    ("organisations", "targetgroup", "change_targetgroup"),
    ("organisations", "prefecture", "change_prefecture"),
]


def create_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    for app_label, model, codename in PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0002_taxonomies"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
