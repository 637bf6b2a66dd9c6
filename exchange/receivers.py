"""Keep each listing's analysed terms (``ListingTerm``) in line with its text."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .matching import store_terms
from .models import Listing


@receiver(post_save, sender=Listing, dispatch_uid="exchange_listing_terms")
def listing_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if update_fields is not None and not {"title", "description"} & set(update_fields):
        return
    store_terms(instance)
