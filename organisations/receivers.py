"""Signal receivers of the organisations app (connected in OrganisationsConfig.ready).

The 会員 group follows membership (services/audience.py): every change that
can move an account in or out of the members' audience re-syncs the accounts
it concerns, in the same transaction.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from organisations.access import MEMBERS_GROUP
from organisations.models import Membership, Organisation
from organisations.services import audience, history

# Saving an account with only these fields can change whether it reads.
USER_FIELDS = {"is_active", "is_superuser"}


def membership_saving(sender, instance, raw=False, **kwargs):
    """Remember whose membership this was, in case it is moved to another account."""
    if raw or instance.pk is None:
        return
    instance._audience_previous_user_id = (
        Membership.objects.filter(pk=instance.pk).values_list("user_id", flat=True).first()
    )


def membership_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    previous = getattr(instance, "_audience_previous_user_id", None)
    audience.sync_users({instance.user_id, previous})


def _deleting_users(origin):
    """True when the deletion started from accounts (their group rows go with them)."""
    User = get_user_model()
    if isinstance(origin, QuerySet):
        return origin.model is User
    return isinstance(origin, User)


def membership_deleted(sender, instance, origin=None, **kwargs):
    if _deleting_users(origin):
        return  # syncing now could put a row back for an account being deleted
    audience.sync_users({instance.user_id})


def organisation_history(sender, instance, raw=False, created=False, update_fields=None, **kwargs):
    """A changed status or tier gets a dated row (services/history.py)."""
    if raw or (update_fields is not None and not {"status", "tier"} & set(update_fields)):
        return
    history.record(instance, created=created)


def organisation_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and "status" not in update_fields):
        return
    audience.sync_users(instance.memberships.values_list("user_id", flat=True))


def user_saved(sender, instance, raw=False, created=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not USER_FIELDS & set(update_fields)):
        return
    audience.sync_users({instance.pk})


def user_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """An account joined or left a group: the secretariat's or editors' rights may follow.

    Someone putting an account in the 会員 group by hand (or taking it out)
    is undone at once: the group follows the rule only. Our own sync
    changes ``group.user_set`` (reverse) and is not synced again.
    """
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # group.user_set changed
        if instance.name == MEMBERS_GROUP:
            return  # our own sync
        audience.sync_users(pk_set or ())
        return
    audience.sync_users({instance.pk})


def user_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    audience.sync_users({instance.pk})


def group_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A group gained or lost a permission: its users may now read, or no longer."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    groups = Group.objects.filter(pk__in=pk_set or ()) if reverse else [instance]
    users = set()
    for group in groups:
        users |= set(group.user_set.values_list("pk", flat=True))
    audience.sync_users(users)


def connect():
    User = get_user_model()
    uid = "organisations.audience"
    pre_save.connect(membership_saving, sender=Membership, dispatch_uid=f"{uid}.membership.pre")
    post_save.connect(membership_saved, sender=Membership, dispatch_uid=f"{uid}.membership")
    post_delete.connect(
        membership_deleted, sender=Membership, dispatch_uid=f"{uid}.membership.delete"
    )
    post_save.connect(organisation_saved, sender=Organisation, dispatch_uid=f"{uid}.organisation")
    post_save.connect(
        organisation_history, sender=Organisation, dispatch_uid="organisations.history"
    )
    post_save.connect(user_saved, sender=User, dispatch_uid=f"{uid}.user")
    m2m_changed.connect(
        user_groups_changed, sender=User.groups.through, dispatch_uid=f"{uid}.user.groups"
    )
    m2m_changed.connect(
        user_permissions_changed,
        sender=User.user_permissions.through,
        dispatch_uid=f"{uid}.user.permissions",
    )
    m2m_changed.connect(
        group_permissions_changed,
        sender=Group.permissions.through,
        dispatch_uid=f"{uid}.group.permissions",
    )
