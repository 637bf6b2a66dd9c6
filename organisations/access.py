"""Who may see and do what with organisations: the one place these rules live.

Roles (ARCHITECTURE.md): anonymous · member (staff of an active member
organisation) · organisation admin · secretariat · superuser. Views and
templates ask these functions; they never test groups or roles themselves.
"""

import copy

from cms import page_cache
from organisations.choices import MembershipRole, OrganisationStatus, Visibility

SECRETARIAT_PERMISSION = "organisations.change_organisation"
EDITOR_PERMISSION = "wagtailadmin.access_admin"
# The Wagtail group whose users read members-only pages and their documents
# (services/audience.py keeps it equal to ``reads_members_only``).
MEMBERS_GROUP = "会員"
VET_APPLICATIONS_PERMISSION = "organisations.change_application"


def membership_of(user):
    """The user's membership (with its organisation), or None.

    Asked on every page a member opens (the account menu), so the row is kept
    per user until the page cache's version moves (cms.page_cache.memo): any
    save or delete of a membership, an organisation or a user moves it. Each
    request gets its own copy, cached on the user object.
    """
    if not user.is_authenticated or not user.is_active:
        return None
    if not hasattr(user, "_membership_cache"):
        kept = page_cache.memo(("membership", user.pk), lambda: _membership_row(user))
        user._membership_cache = _copy(kept)
    return user._membership_cache


def _membership_row(user):
    from organisations.models import Membership

    return Membership.objects.select_related("organisation").filter(user=user).first()


def _copy(membership):
    """A copy no other request shares: what one request changes stays its own."""
    if membership is None:
        return None
    fresh = copy.copy(membership)
    fresh.organisation = copy.copy(membership.organisation)
    return fresh


def is_secretariat(user):
    return bool(user.is_authenticated and user.is_active and user.has_perm(SECRETARIAT_PERMISSION))


def can_vet_applications(user):
    """See membership applications and accept or decline them (the 事務局)."""
    return bool(
        user.is_authenticated and user.is_active and user.has_perm(VET_APPLICATIONS_PERMISSION)
    )


def is_member(user):
    """Staff of an organisation that is currently an active member."""
    membership = membership_of(user)
    return bool(membership and membership.organisation.status == OrganisationStatus.ACTIVE)


def can_read_members_only(user):
    return is_member(user) or is_secretariat(user)


def is_editor(user):
    """Someone who works in the Wagtail admin (editors, moderators, the secretariat)."""
    return bool(user.is_authenticated and user.is_active and user.has_perm(EDITOR_PERMISSION))


def reads_members_only(user):
    """Read members-only pages, their documents and search results (the 会員 audience).

    Staff of an active member organisation, while they are on its staff and
    their account is active; the secretariat and the site's editors. Pages
    are restricted to the ``MEMBERS_GROUP`` group, whose users
    services/audience.py keeps to exactly these accounts.
    """
    return can_read_members_only(user) or is_editor(user)


def is_organisation_admin(user, organisation):
    membership = membership_of(user)
    return bool(
        membership
        and membership.organisation_id == organisation.pk
        and membership.role == MembershipRole.ADMIN
        and organisation.status == OrganisationStatus.ACTIVE
    )


def can_manage_organisation(user, organisation):
    """Edit the profile, manage staff, file a withdrawal."""
    return is_organisation_admin(user, organisation)


def can_edit_practices(user, organisation):
    """Write, edit and submit the organisation's good-practice write-ups (取組事例).

    Its (active) admin, and the staff members the admin has allowed to
    (Membership.can_write_practices, granted on the staff page).
    """
    membership = membership_of(user)
    return bool(
        membership
        and membership.organisation_id == organisation.pk
        and organisation.status == OrganisationStatus.ACTIVE
        and (membership.role == MembershipRole.ADMIN or membership.can_write_practices)
    )


def can_translate_profile(user, organisation):
    """Write the translations of the profile's message and description.

    Its (active) admin, who wrote the Japanese, and the secretariat.
    """
    return is_organisation_admin(user, organisation) or is_secretariat(user)


def can_machine_translate_profile(user):
    """Start a machine translation of a profile: the secretariat only (it costs money)."""
    return is_secretariat(user)


def can_grant_practice_writing(user, organisation):
    """Allow or stop a staff member writing write-ups: the organisation's admin."""
    return can_manage_organisation(user, organisation)


def can_view_dashboard(user):
    """The "My organisation" page: anyone on an organisation's staff, whatever its status.

    Staff of a suspended or departed organisation see its status there (and why
    nothing else opens); everything they could change asks can_manage_organisation.
    """
    return membership_of(user) is not None


def can_change_status(user):
    """Suspend, expel or reinstate an organisation, or complete its withdrawal."""
    return is_secretariat(user)


def can_read_audit_trail(user):
    """An organisation's audit trail (変更届 and status changes)."""
    return is_secretariat(user)


IMPORT_REGISTER_PERMISSIONS = (
    "organisations.add_organisation",
    "organisations.change_organisation",
)


def can_import_register(user):
    """Import the register from CSV/Excel: it creates and changes organisations."""
    return bool(
        user.is_authenticated and user.is_active and user.has_perms(IMPORT_REGISTER_PERMISSIONS)
    )


def can_export_register(user):
    """The full register export: every contact detail, secretariat-only ones included."""
    return is_secretariat(user)


def can_view_organisation(user, organisation):
    """Active members are public; others only to the secretariat."""
    return organisation.status == OrganisationStatus.ACTIVE or is_secretariat(user)


def visibility_levels_for(user):
    """The contact-field visibility levels this user may read."""
    if is_secretariat(user):
        return {Visibility.PUBLIC, Visibility.MEMBERS, Visibility.SECRETARIAT}
    if is_member(user):
        return {Visibility.PUBLIC, Visibility.MEMBERS}
    return {Visibility.PUBLIC}


CONTACT_FIELDS = ("street_address", "contact_name", "phone", "email")


def visible_contact(user, organisation):
    """{field: value} of the contact fields this user may read on this profile."""
    levels = visibility_levels_for(user)
    if is_organisation_admin(user, organisation) or _is_staff_of(user, organisation):
        levels = {Visibility.PUBLIC, Visibility.MEMBERS, Visibility.SECRETARIAT}
    return {
        field: getattr(organisation, field)
        for field in CONTACT_FIELDS
        if getattr(organisation, field) and getattr(organisation, f"{field}_visibility") in levels
    }


def _is_staff_of(user, organisation):
    membership = membership_of(user)
    return bool(membership and membership.organisation_id == organisation.pk)
