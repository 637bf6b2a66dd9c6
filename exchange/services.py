"""What happens when organisations respond, write, agree, and when the secretariat introduces.

E-mails go through the outbox (``cms.mail``), one per recipient in their own
language, with the thread's link and no one's address: the reader answers on
the site. Recipients are the active staff of the other side's organisation
(members only: a thread is members-only whatever the listing's audience).
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from cms import site_address
from cms.mail import queue_email, render_email_for
from organisations.choices import OrganisationStatus

from .choices import Kind, Stage, ThreadKind
from .models import Match, Message, Thread


def staff_of(organisation):
    if organisation is None or organisation.status != OrganisationStatus.ACTIVE:
        return []
    return list(
        get_user_model()
        .objects.filter(membership__organisation=organisation, is_active=True)
        .exclude(email="")
    )


def _notify(message, recipients_organisations):
    thread = message.thread
    for organisation in recipients_organisations:
        for user in staff_of(organisation):

            def context(user=user):
                return {
                    "user": user,
                    "thread": thread,
                    "listing": thread.listing,
                    "message": message,
                    "sender": message.author_organisation,
                    "url": site_address.absolute_url(
                        reverse("exchange:thread", kwargs={"pk": thread.pk})
                    ),
                }

            subject, body, html_body = render_email_for(user, "exchange/emails/message", context)
            queue_email(
                [user.email],
                subject,
                body,
                html_body=html_body,
                dedupe_key=f"exchange:message:{message.pk}:{user.pk}",
            )


def _match_for(listing, own_listing):
    """The need–offer pair of ``listing`` and the responder's own ``own_listing``, or None."""
    if own_listing is None or own_listing.kind == listing.kind:
        return None
    need, offer = (listing, own_listing) if listing.kind == Kind.NEED else (own_listing, listing)
    match, _created = Match.objects.get_or_create(need=need, offer=offer)
    if match.stage == Stage.SUGGESTED:
        match.stage = Stage.CONTACTED
        match.save(update_fields=["stage", "updated_at"])
    return match


@transaction.atomic
def respond(listing, user, organisation, kind, body, own_listing=None):
    """A member of ``organisation`` answers ``listing``: its thread and a message."""
    thread, created = Thread.objects.get_or_create(
        listing=listing,
        organisation=organisation,
        defaults={"kind": kind, "started_by": user},
    )
    match = _match_for(listing, own_listing)
    if match and thread.match_id is None:
        thread.match = match
        thread.save(update_fields=["match", "updated_at"])
    return post(thread, user, organisation, body)


@transaction.atomic
def introduce(listing, user, organisation, body):
    """The secretariat introduces ``organisation`` to the listing's organisation (紹介)."""
    thread, _created = Thread.objects.get_or_create(
        listing=listing,
        organisation=organisation,
        defaults={"kind": ThreadKind.INTRODUCTION, "started_by": user},
    )
    return post(thread, user, None, body)


def post(thread, user, organisation, body):
    """A message in ``thread`` by ``user`` for ``organisation`` (None: the secretariat)."""
    message = Message.objects.create(
        thread=thread, author=user, author_organisation=organisation, body=body
    )
    thread.save(update_fields=["updated_at"])
    sides = [thread.listing.organisation, thread.organisation]
    _notify(message, [side for side in sides if organisation is None or side.pk != organisation.pk])
    return message


def set_stage(match, stage):
    match.stage = stage
    match.save(update_fields=["stage", "updated_at"])
