"""The starting trouble vocabulary (困りごと) and the secretariat's permissions.

Troubles are written the way residents speak, each mapped to the target
groups and activity types of the shared taxonomy (by name; a name the
secretariat has since changed is skipped). The secretariat (事務局) group
keeps the windows and the vocabulary in the admin.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TROUBLES = [
    ("lonely", "ひとりでさびしい", ["単身世帯", "高齢者", "多世代"], ["居場所づくり", "交流の場の提供"]),
    ("caring", "家族の介護がつらい", ["高齢者", "支援者支援"], ["地域の包括的見守り体制の構築"]),
    ("money-work", "お金や仕事のこと", ["生活困窮状態の人", "中高年者"], ["働くことを通じたつながり"]),
    ("school", "こどもの不登校", ["不登校の児童生徒", "こども・若者", "子育て世帯"], ["居場所づくり"]),
    ("new-to-japan", "日本での生活がわからない", ["外国人"], ["ワンストップ相談窓口の設置"]),
    ("withdrawn", "家から出られない・ひきこもり", ["ひきこもりの状態にある人"], ["アウトリーチ型支援の推進"]),
    ("parenting", "子育てがしんどい", ["子育て世帯", "ひとり親世帯"], ["食を通じたつながり"]),
    ("want-to-die", "死にたいほどつらい", [], ["SNS等を活用した相談支援"]),
]

PERMISSIONS = [
    ("support", "window", "add_window"),
    ("support", "window", "change_window"),
    ("support", "window", "delete_window"),
    ("support", "window", "view_window"),
    ("support", "trouble", "add_trouble"),
    ("support", "trouble", "change_trouble"),
    ("support", "trouble", "view_trouble"),
]


def load(apps, schema_editor):
    Trouble = apps.get_model("support", "Trouble")
    TargetGroup = apps.get_model("organisations", "TargetGroup")
    ActivityType = apps.get_model("organisations", "ActivityType")
    for order, (slug, name, targets, activities) in enumerate(TROUBLES, start=1):
        trouble, created = Trouble.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )
        if created:
            trouble.target_groups.set(TargetGroup.objects.filter(name__in=targets))
            trouble.activity_types.set(ActivityType.objects.filter(name__in=activities))

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="事務局")
    for app_label, _model, codename in PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0001_initial"),
        ("organisations", "0003_secretariat_group"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
