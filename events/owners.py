"""What events ask of an app whose objects own some events, without importing it.

A subcommittee's meetings are event pages (one Registration model for all:
seats, locks, reminders, the .ics and retention stay in this app), but who
may see them and register is the subcommittee's rule, and the subcommittees
app sits above this one. It registers an ``EventOwner`` from its
``AppConfig.ready()``, like ``forum.owners``::

    events.owners.register(SubcommitteeMeetings())

An owned event (``EventPage.owned``) is also restricted to the 会員 group, so
whatever happens here it never reaches the public; until an owner is
registered nobody but the secretariat may see or register for one.
"""


class EventOwner:
    """The questions events ask of the owning app."""

    def can_view(self, user, event) -> bool:
        """May ``user`` read the owned ``event``'s page?"""
        return False

    def can_register(self, user, event) -> bool:
        """May ``user`` register (RSVP) for the owned ``event``?"""
        return False

    def event_ids_for(self, user):
        """The owned events ``user``'s personal calendar holds (ids, or a values queryset)."""
        return []


_owner = EventOwner()


def register(owner: EventOwner) -> None:
    global _owner
    _owner = owner


def owner() -> EventOwner:
    return _owner
