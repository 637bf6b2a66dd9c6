"""What members may report of the organisations app: a profile (reports.registry).

Also who may report at all (members: staff of active member organisations)
and who reviews every report (the secretariat): membership rules, set here.
A hidden profile keeps its name and facts but leaves out what the
organisation wrote (message, description, photos) until the secretariat
shows it again (organisations.views.directory).
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from organisations import access
from organisations.choices import MembershipRole
from organisations.models import Organisation
from reports import services
from reports.registry import ReportKind, register, set_roles

set_roles(may_report=access.is_member, reviews_all=access.is_secretariat)


@register
class OrganisationKind(ReportKind):
    key = "organisation"
    label = _("団体の紹介ページ")
    model = Organisation

    def title(self, obj):
        return obj.name

    def excerpt(self, obj):
        return obj.message or ""

    def authors(self, obj):
        return list(
            get_user_model().objects.filter(
                membership__organisation=obj,
                membership__role=MembershipRole.ADMIN,
                is_active=True,
            )
        )

    def is_own(self, user, obj):
        membership = access.membership_of(user)
        return bool(membership and membership.organisation_id == obj.pk)

    def can_see(self, user, obj):
        return access.can_view_organisation(user, obj)

    def is_hidden(self, obj):
        return services.is_flagged_hidden(self.key, obj.pk)

    def hide(self, obj, by):
        services.flag_hidden(self.key, obj.pk, by=by)

    def unhide(self, obj, by):
        services.unflag_hidden(self.key, obj.pk)
