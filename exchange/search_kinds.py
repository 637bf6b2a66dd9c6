"""ニーズ×シーズ's searchable kind (``search.registry``).

The index holds every published, visible listing of an active member
organisation, members-only ones too; ``readable`` decides at query time what
the viewer may find (public ones only for anonymous visitors and
non-members: ``exchange.access.visible_listings``). A listing is re-indexed
when its vocabularies change, and all of an organisation's listings when the
organisation changes (suspended: they leave the index).
"""

from django.db.models.signals import m2m_changed, post_save
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation
from search.registry import IndexedKind, Result, register
from search.snippets import highlight

from . import access
from .models import VISIBLE_STATUSES, IndexedListing, Listing


@register
class ListingKind(IndexedKind):
    key = "exchange"
    label = _("ニーズ×シーズ")
    order = 27
    model = IndexedListing

    def readable(self, request):
        return access.visible_listings(request.user).filter(
            status__in=VISIBLE_STATUSES, is_hidden=False
        )

    def results(self, request, ids, terms):
        listings = self.readable(request).select_related("organisation").in_bulk(ids)
        return {
            pk: Result(
                kind=self.key,
                title=listing.title,
                url=listing.get_absolute_url(),
                snippet=highlight(f"{listing.description}\n{listing.area_label}", terms),
                context=listing.organisation.name,
            )
            for pk, listing in listings.items()
        }

    def connect(self, schedule):
        def links_changed(sender, instance, action, reverse, pk_set, **kwargs):
            if action.startswith("post_") and not reverse:
                schedule(Listing, [instance.pk])

        for through in (Listing.target_groups.through, Listing.activity_types.through):
            m2m_changed.connect(
                links_changed,
                sender=through,
                weak=False,
                dispatch_uid=f"search-exchange-{through.__name__}",
            )

        def organisation_saved(sender, instance, raw=False, **kwargs):
            if raw:
                return
            pks = Listing.objects.filter(organisation=instance).values_list("pk", flat=True)
            schedule(Listing, list(pks))

        post_save.connect(
            organisation_saved, sender=Organisation, weak=False, dispatch_uid="search-exchange-org"
        )
