"""Subcommittees' panel: the 分科会 card of the home page's 会員団体とつながる
section (see cms.panels). It links to the list once the list has something to
show the reader, and says 準備中 only while it has not."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms import panels, waiting
from organisations import access as org_access
from subcommittees import access


def pending_join_requests(user):
    if not org_access.is_secretariat(user):
        return None
    from subcommittees.models import JoinRequest

    return JoinRequest.objects.filter(status=JoinRequest.Status.PENDING).count()


def card_context(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    return {"has_subcommittees": access.discoverable_subcommittees(user).exists()}


def register():
    waiting.register(
        "join_requests",
        label=_("分科会への参加申請"),
        count=pending_join_requests,
        url=lambda: reverse("subcommittee_admin:index"),
        order=40,
    )
    panels.register(
        "home_network",
        "subcommittees",
        template="subcommittees/panels/subcommittees_card.html",
        context=card_context,
        order=30,
    )
