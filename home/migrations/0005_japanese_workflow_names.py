"""The moderation workflow and its task get Japanese names (issue 14).

Wagtail's migration 0048 names both after the group that may publish:
"Moderators approval". Editors see that name on the submit button
(「Moderators approvalに提出する」), in the workflow status and in the
moderation e-mails, so it becomes 「事務局の承認」. Only rows still carrying
Wagtail's default name are renamed: a name the secretariat chose is kept.
"""

from django.db import migrations

RENAMES = {"Moderators approval": "事務局の承認"}


def rename(apps, names):
    for model in ("Workflow", "Task"):
        Model = apps.get_model("wagtailcore", model)
        for old, new in names.items():
            Model.objects.filter(name=old).update(name=new)


def to_japanese(apps, schema_editor):
    rename(apps, RENAMES)


def to_english(apps, schema_editor):
    rename(apps, {new: old for old, new in RENAMES.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_call_to_action_site_paths"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(to_japanese, to_english)]
