"""What members may report in ニーズ×シーズ (reports.registry): a listing, a message.

Reviewed by the secretariat. Hiding a listing sets ``is_hidden`` (it leaves
the list, the search, suggestions and its page at once); hiding a message
replaces its text in the thread with a note.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from organisations import access as org_access
from reports.registry import ReportKind, register

from . import access
from .models import Listing, Message


def _staff(organisation_id):
    return list(
        get_user_model().objects.filter(membership__organisation_id=organisation_id, is_active=True)
    )


@register
class ListingKind(ReportKind):
    key = "exchange_listing"
    label = _("ニーズ・シーズ")
    model = Listing

    def get(self, pk):
        return Listing.objects.select_related("organisation").filter(pk=pk).first()

    def title(self, obj):
        return obj.title

    def excerpt(self, obj):
        return obj.description[:200]

    def authors(self, obj):
        return _staff(obj.organisation_id)

    def is_own(self, user, obj):
        membership = org_access.membership_of(user)
        return bool(membership and membership.organisation_id == obj.organisation_id)

    def can_see(self, user, obj):
        return access.visible_listings(user).filter(pk=obj.pk).exists()

    def is_hidden(self, obj):
        return obj.is_hidden

    def hide(self, obj, by):
        obj.is_hidden = True
        obj.save(update_fields=["is_hidden", "updated_at"])

    def unhide(self, obj, by):
        obj.is_hidden = False
        obj.save(update_fields=["is_hidden", "updated_at"])


@register
class MessageKind(ReportKind):
    key = "exchange_message"
    label = _("ニーズ×シーズのメッセージ")
    model = Message

    def get(self, pk):
        return (
            Message.objects.select_related(
                "thread__listing__organisation", "thread__organisation", "author_organisation"
            )
            .filter(pk=pk)
            .first()
        )

    def title(self, obj):
        return obj.thread.listing.title

    def url(self, obj):
        return obj.get_absolute_url()

    def excerpt(self, obj):
        return obj.body[:200]

    def authors(self, obj):
        return [obj.author] if obj.author_id else []

    def is_own(self, user, obj):
        return obj.author_id == user.pk

    def can_see(self, user, obj):
        return access.can_read_thread(user, obj.thread)

    def is_hidden(self, obj):
        return obj.is_hidden

    def hide(self, obj, by):
        obj.is_hidden = True
        obj.save(update_fields=["is_hidden"])

    def unhide(self, obj, by):
        obj.is_hidden = False
        obj.save(update_fields=["is_hidden"])
