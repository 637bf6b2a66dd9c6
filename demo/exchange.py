"""Demo needs and offers (ニーズ×シーズ) for ``load_demo``, from ``demo/data/exchange.yaml``.

``ensure_exchange(stdout)`` creates the listings whose title does not exist
yet in their organisation, then the threads between organisations with
their messages and the match's stage. A second run changes nothing. A name
in the file that does not exist (an organisation, a target group) stops the
load with the listing's title.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from exchange.choices import Kind, Stage, Status
from exchange.models import Listing, Match, Message, Thread
from organisations.models import ActivityType, Organisation, TargetGroup

from .files import DemoDataError, read, text


def _organisation(slug, where):
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise DemoDataError(f"demo/data/exchange.yaml: {where}: no organisation {slug!r}")
    return organisation


def _listing(item, kind):
    title = text(item.get("title"))
    organisation = _organisation(item.get("org"), title)
    if Listing.objects.filter(organisation=organisation, title=title).exists():
        return 0
    met_by = item.get("met_by")
    listing = Listing.objects.create(
        kind=kind,
        resource_type=item.get("type", "other"),
        title=title,
        description=text(item.get("description")),
        area=text(item.get("area")),
        organisation=organisation,
        created_by=_admin_of(organisation),
        status=item.get("status", Status.OPEN),
        audience=item.get("audience", "members"),
        is_highlighted=bool(item.get("highlighted")),
        met_by=_organisation(met_by, title) if met_by else None,
    )
    for field, model, names in (
        ("target_groups", TargetGroup, item.get("targets") or []),
        ("activity_types", ActivityType, item.get("activities") or []),
    ):
        found = list(model.objects.filter(name__in=names))
        if len(found) != len(set(names)):
            raise DemoDataError(f"demo/data/exchange.yaml: {title}: unknown name in {names}")
        getattr(listing, field).set(found)
    return 1


def _admin_of(organisation):
    return (
        get_user_model()
        .objects.filter(membership__organisation=organisation)
        .order_by("-membership__role", "pk")
        .first()
    )


def _secretariat():
    group = Group.objects.filter(name="事務局").first()
    return group.user_set.order_by("pk").first() if group else None


def _thread(item):
    listing = Listing.objects.filter(title=text(item.get("listing"))).first()
    if listing is None:
        raise DemoDataError(f"demo/data/exchange.yaml: no listing {item.get('listing')!r}")
    organisation = _organisation(item.get("from"), listing.title)
    if Thread.objects.filter(listing=listing, organisation=organisation).exists():
        return 0
    match = None
    own = Listing.objects.filter(
        organisation=organisation, title=text(item.get("from_listing"))
    ).first()
    if own is not None:
        need, offer = (listing, own) if listing.kind == Kind.NEED else (own, listing)
        match, _created = Match.objects.get_or_create(
            need=need, offer=offer, defaults={"stage": item.get("stage", Stage.CONTACTED)}
        )
    thread = Thread.objects.create(
        listing=listing, organisation=organisation, kind=item.get("kind"), match=match
    )
    for slug, body in item.get("messages") or []:
        if slug == "secretariat":
            author, author_organisation = _secretariat(), None
        else:
            author_organisation = _organisation(slug, listing.title)
            author = _admin_of(author_organisation)
        Message.objects.create(
            thread=thread, author=author, author_organisation=author_organisation, body=body
        )
    return 1


def ensure_exchange(stdout=None):
    """Create the demo listings and threads that are missing; print how many."""
    data = read("exchange.yaml")
    with transaction.atomic():
        listings = sum(_listing(item, Kind.NEED) for item in data.get("needs") or [])
        listings += sum(_listing(item, Kind.OFFER) for item in data.get("offers") or [])
        threads = sum(_thread(item) for item in data.get("threads") or [])
    if stdout is not None:
        stdout.write(f"  ニーズ×シーズ / needs and offers: {listings} created, {threads} threads")
