"""What members may report of the write-ups (取組事例): a write-up (reports.registry).

Reviewed by the secretariat. Hiding one unpublishes it (Wagtail's own
unpublish, logged in its history): it leaves the listing, the search and its
page at once. It comes back the usual way: its organisation submits it again
for review.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisations import access as org_access
from organisations.choices import MembershipRole
from practices.models import PracticePage
from reports.registry import ReportKind, register


@register
class PracticeKind(ReportKind):
    key = "practice"
    label = _("取組事例")
    model = PracticePage

    def get(self, pk):
        return PracticePage.objects.select_related("organisation", "owner").filter(pk=pk).first()

    def title(self, obj):
        return obj.title

    def url(self, obj):
        return obj.get_url() or ""

    def excerpt(self, obj):
        return obj.summary

    def authors(self, obj):
        """The organisation's admins, and whoever wrote it while still on its staff."""
        return list(
            get_user_model()
            .objects.filter(
                Q(membership__role=MembershipRole.ADMIN) | Q(pk=obj.owner_id),
                membership__organisation_id=obj.organisation_id,
                is_active=True,
            )
            .distinct()
        )

    def is_own(self, user, obj):
        membership = org_access.membership_of(user)
        return bool(membership and membership.organisation_id == obj.organisation_id)

    def can_see(self, user, obj):
        return PracticePage.objects.listed().filter(pk=obj.pk).exists()

    def is_hidden(self, obj):
        return not obj.live

    def hide(self, obj, by):
        obj.unpublish(user=by)

    def unhide(self, obj, by):
        """Nothing: a hidden write-up is published again through the usual review."""
