"""Re-sync forum permissions when membership of a subcommittee stops counting.

subcommittees.services re-syncs after its own changes. A member's access also
ends when their organisation stops being an active member, when they leave
its staff, or when their account is deactivated: those changes happen in
organisations/ and accounts, so they are caught here (same transaction;
connected by ``SubcommitteesConfig.ready``).
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from forum.permissions import sync_forum_permissions
from subcommittees.models import Subcommittee


def resync_for_users(user_ids):
    subcommittees = Subcommittee.objects.filter(
        memberships__user_id__in=list(user_ids), forum__isnull=False
    ).distinct()
    for subcommittee in subcommittees:
        sync_forum_permissions(subcommittee)


@receiver(post_save, sender="organisations.Organisation", dispatch_uid="forum_resync_org")
def organisation_saved(sender, instance, created, **kwargs):
    if created:
        return
    resync_for_users(instance.memberships.values_list("user_id", flat=True))


@receiver(post_save, sender="organisations.Membership", dispatch_uid="forum_resync_staff_saved")
@receiver(post_delete, sender="organisations.Membership", dispatch_uid="forum_resync_staff_gone")
def staff_changed(sender, instance, **kwargs):
    if kwargs.get("created"):
        return
    resync_for_users([instance.user_id])


@receiver(post_save, sender=get_user_model(), dispatch_uid="forum_resync_user")
def user_saved(sender, instance, created, update_fields=None, **kwargs):
    if created or (update_fields and "is_active" not in update_fields):
        return
    resync_for_users([instance.pk])  # no subcommittee membership: one cheap query
