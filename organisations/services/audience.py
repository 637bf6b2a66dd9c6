"""The 会員 audience: the Wagtail group that members-only pages are restricted to.

Editors make a page members-only with Wagtail's own privacy setting, "users in
specific groups", ticking 会員 (``access.MEMBERS_GROUP``). Wagtail then keeps
the page out of search, menus, listings and sitemaps, mirrors the restriction
onto its translations (cms/translation/privacy.py) and sends signed-out
readers to sign in; the page's documents follow it (cms/documents.py).

Who is in the group follows ``access.reads_members_only``: staff of an active
member organisation whose account is active, the secretariat and the editors.
This module keeps it so. ``receivers.py`` calls ``sync_users`` whenever a
membership is created, moved or deleted, an organisation is saved (its status:
active ↔ suspended, expelled, withdrawn), an account is saved (activated or
deactivated) or its groups or permissions change. ``manage.py
sync_members_group`` compares the whole group with the rule and repairs it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from organisations.access import EDITOR_PERMISSION, MEMBERS_GROUP, SECRETARIAT_PERMISSION
from organisations.choices import OrganisationStatus

__all__ = ["Drift", "audience", "drift", "members_group", "sync_all", "sync_users"]


def members_group() -> Group:
    """The 会員 group (created by migration 0005; made again if someone deleted it)."""
    group, _ = Group.objects.get_or_create(name=MEMBERS_GROUP)
    return group


def _staff_permissions():
    wanted = Q()
    for name in (SECRETARIAT_PERMISSION, EDITOR_PERMISSION):
        app_label, codename = name.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(wanted)


def audience():
    """The accounts that read members-only content: ``access.reads_members_only`` in bulk.

    One query's worth of rows, for the group's sync; the per-request rule
    stays ``reads_members_only`` (tests check that the two agree).
    """
    permissions = _staff_permissions()
    member = Q(membership__organisation__status=OrganisationStatus.ACTIVE)
    staff = (
        Q(is_superuser=True)
        | Q(groups__permissions__in=permissions)
        | Q(user_permissions__in=permissions)
    )
    return get_user_model().objects.filter(is_active=True).filter(member | staff).distinct()


def sync_users(user_ids) -> tuple[set[int], set[int]]:
    """Put these accounts in the 会員 group or take them out, as the rule says.

    Returns the ids added and removed.
    """
    ids = {pk for pk in user_ids if pk is not None}
    if not ids:
        return set(), set()
    group = members_group()
    should = set(audience().filter(pk__in=ids).values_list("pk", flat=True))
    current = set(group.user_set.filter(pk__in=ids).values_list("pk", flat=True))
    added, removed = should - current, current - should
    if added:
        group.user_set.add(*added)
    if removed:
        group.user_set.remove(*removed)
    return added, removed


@dataclass
class Drift:
    """What the group lacks (``missing``) and holds in excess (``extra``): user ids."""

    missing: set[int]
    extra: set[int]

    def __bool__(self):
        return bool(self.missing or self.extra)


def drift() -> Drift:
    """How the 会員 group differs from the rule, for every account."""
    should = set(audience().values_list("pk", flat=True))
    current = set(members_group().user_set.values_list("pk", flat=True))
    return Drift(missing=should - current, extra=current - should)


def sync_all() -> Drift:
    """Repair the whole group; returns what was out of step (now fixed)."""
    found = drift()
    if found:
        sync_users(found.missing | found.extra)
    return found
