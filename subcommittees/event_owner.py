"""The subcommittees as the owners of their meetings' event pages (``events.owners``).

A scheduled meeting is an event page (``MeetingRecord.event``, ``EventPage.owned``):
its subcommittee's members (and the secretariat) see it and register (RSVP);
the page is also restricted to the 会員 group, so nobody else ever reaches it.
"""

from events.owners import EventOwner
from organisations import access as org_access

from . import access
from .models import MeetingRecord, SubcommitteeMembership


def _subcommittee_of(event):
    meeting = MeetingRecord.objects.select_related("subcommittee").filter(event=event).first()
    return meeting.subcommittee if meeting else None


class SubcommitteeMeetings(EventOwner):
    def can_view(self, user, event):
        if org_access.is_secretariat(user):
            return True
        subcommittee = _subcommittee_of(event)
        return bool(
            subcommittee
            and subcommittee.is_active
            and access.is_subcommittee_member(user, subcommittee)
        )

    def can_register(self, user, event):
        return self.can_view(user, event)

    def event_ids_for(self, user):
        if not user.is_authenticated or not org_access.is_member(user):
            return []
        subcommittees = SubcommitteeMembership.objects.filter(
            user=user, subcommittee__is_active=True
        ).values("subcommittee_id")
        return MeetingRecord.objects.filter(
            subcommittee__in=subcommittees, event__isnull=False
        ).values("event_id")
