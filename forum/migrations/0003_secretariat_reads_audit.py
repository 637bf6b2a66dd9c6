"""The secretariat (事務局) reads the forum moderation entries of the audit log.

Moderation actions are logged against machina's topics and posts
(forum/moderation.py); Wagtail's Site history shows an entry to whoever
holds a permission on its object's type. machina ignores Django's model
permissions (it has its own, per forum), so these give nothing else.
"""

from django.db import migrations

from cms.group_permissions import grant, revoke

GROUP_NAME = "事務局"
PERMISSIONS = [
    ("forum_conversation", "view_topic"),
    ("forum_conversation", "view_post"),
]


def forwards(apps, schema_editor):
    grant(apps, GROUP_NAME, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, GROUP_NAME, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("tsunagari_forum", "0002_search_proxies"),
        ("forum_conversation", "0013_auto_20201220_1745"),
        ("organisations", "0003_secretariat_group"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
