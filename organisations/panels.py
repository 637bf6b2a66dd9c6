"""Organisations' panels on the home page: the 会員団体とつながる section and its
directory card (see cms.panels). The write-ups card is practices' own."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms import panels, waiting
from organisations import access


def network_context(context):
    """The join invitation, for everyone who is not a member already."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"show_join": not (user is not None and access.is_member(user))}


def submitted_applications(user):
    if not access.can_vet_applications(user):
        return None
    from organisations.choices import ApplicationStatus
    from organisations.models import Application

    return Application.objects.filter(status=ApplicationStatus.SUBMITTED).count()


def register():
    waiting.register(
        "applications",
        label=_("入会申込"),
        count=submitted_applications,
        url=lambda: reverse("applications:index") + "?status=submitted",
        order=10,
    )
    panels.register(
        "home",
        "network",
        template="organisations/panels/network.html",
        context=network_context,
        order=40,
    )
    panels.register(
        "home_network", "directory", template="organisations/panels/directory_card.html", order=10
    )
