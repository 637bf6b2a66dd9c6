"""Data-migration helpers: give a group permissions, or take them back.

Permissions are created after migrations run, so ``grant`` creates the ones it
needs first (the documented pattern for data migrations on groups, as in
organisations/migrations/0003_secretariat_group.py). A group that does not
exist yet is created.
"""

from django.contrib.auth.management import create_permissions


def _permissions(apps, permissions):
    Permission = apps.get_model("auth", "Permission")
    for app_label, codename in permissions:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            yield permission


def grant(apps, group_name, permissions):
    """Give ``group_name`` each ``(app_label, codename)`` in ``permissions``."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    group, _created = apps.get_model("auth", "Group").objects.get_or_create(name=group_name)
    group.permissions.add(*_permissions(apps, permissions))


def revoke(apps, group_name, permissions):
    group = apps.get_model("auth", "Group").objects.filter(name=group_name).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps, permissions))
