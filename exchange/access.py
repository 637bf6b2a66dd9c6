"""Who may see and do what in ニーズ×シーズ: the one place these rules live.

- Anonymous visitors and signed-in non-members: published, public listings
  of active member organisations.
- Members (staff of an active member organisation) and the secretariat:
  every published listing, members-only ones too; their own organisation's
  drafts; the secretariat also what it hid.
- Posting and editing: staff of an active member organisation, for its own
  listings (the secretariat edits any in the admin).
- Threads: staff of the two organisations while both are active members,
  and the secretariat.
"""

from organisations import access as org_access

from .models import Listing


def organisation_of(user):
    """The user's organisation if it is an active member, else None."""
    membership = org_access.membership_of(user)
    if membership and org_access.is_member(user):
        return membership.organisation
    return None


def reads_members_only(user):
    return org_access.reads_members_only(user)


def is_secretariat(user):
    return org_access.is_secretariat(user)


def visible_listings(user):
    """The listings ``user`` may find, in lists, search, detail pages and e-mails."""
    shown = Listing.objects.shown() if reads_members_only(user) else Listing.objects.public()
    organisation = organisation_of(user)
    if organisation is not None:
        shown = shown | Listing.objects.filter(organisation=organisation).exclude(
            organisation__status__in=_inactive()
        )
    if is_secretariat(user):
        shown = Listing.objects.all()
    return shown.distinct()


def _inactive():
    from organisations.choices import OrganisationStatus

    return [status for status in OrganisationStatus.values if status != OrganisationStatus.ACTIVE]


def can_post(user):
    return organisation_of(user) is not None


def can_edit(user, listing):
    organisation = organisation_of(user)
    return bool(organisation and organisation.pk == listing.organisation_id)


def can_respond(user, listing):
    """Write to the listing's organisation: a member of another active organisation."""
    organisation = organisation_of(user)
    return bool(
        organisation
        and organisation.pk != listing.organisation_id
        and listing.status == "open"
        and not listing.is_hidden
        and listing.organisation.is_active
    )


def can_read_thread(user, thread):
    if is_secretariat(user):
        return True
    organisation = organisation_of(user)
    if organisation is None:
        return False
    sides = {thread.organisation_id, thread.listing.organisation_id}
    return (
        organisation.pk in sides
        and thread.organisation.is_active
        and thread.listing.organisation.is_active
        and not thread.listing.is_hidden
    )


def can_introduce(user):
    return is_secretariat(user)
