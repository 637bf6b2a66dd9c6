"""The 会員 group: members-only pages are restricted to it (services/audience.py).

Created with the accounts that read members-only content today: active staff
of active member organisations, the secretariat and the editors (accounts
with the secretariat's or the admin's permission, directly or through a
group), and superusers. From then on organisations/receivers.py keeps it in
step with membership.
"""

from django.db import migrations
from django.db.models import Q

GROUP_NAME = "会員"
STAFF_PERMISSIONS = [
    ("organisations", "change_organisation"),
    ("wagtailadmin", "access_admin"),
]


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    User = apps.get_model("auth", "User")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    wanted = Q(pk__in=[])
    for app_label, codename in STAFF_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    permissions = Permission.objects.filter(wanted)
    readers = User.objects.filter(is_active=True).filter(
        Q(membership__organisation__status="active")
        | Q(is_superuser=True)
        | Q(groups__permissions__in=permissions)
        | Q(user_permissions__in=permissions)
    )
    group.user_set.add(*readers.distinct().values_list("pk", flat=True))

    PageViewRestriction = apps.get_model("wagtailcore", "PageViewRestriction")
    login = PageViewRestriction.objects.filter(restriction_type="login")
    ids = list(login.values_list("pk", flat=True))
    Through = PageViewRestriction.groups.through
    Through.objects.bulk_create(
        [Through(pageviewrestriction_id=pk, group_id=group.pk) for pk in ids],
        ignore_conflicts=True,
    )
    PageViewRestriction.objects.filter(pk__in=ids).update(restriction_type="groups")

def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0004_search_proxies"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0092_alter_collectionviewrestriction_password_and_more"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
