"""/my-organisation/support-windows/: a member organisation proposes its windows.

The organisation's admin sends a proposal (a new window, or a change to one
the organisation runs); nothing goes live from here: the secretariat reviews
it in the admin (相談窓口 › 窓口の提案). Others get 404, as with write-ups.
The URLs join /my-organisation/ through organisations' hook
(support/wagtail_hooks.py), so organisations never imports support.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from organisations import access
from support.forms import ProposalForm
from support.models import Window, WindowProposal


def organisation_admin_view(view):
    @never_cache
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        membership = access.membership_of(request.user)
        if membership is None or not access.can_manage_organisation(
            request.user, membership.organisation
        ):
            raise Http404
        return view(request, membership.organisation, *args, **kwargs)

    return wrapped


@require_http_methods(["GET", "HEAD", "POST"])
@organisation_admin_view
def proposals(request, organisation):
    form = ProposalForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        proposal = form.save(commit=False)
        proposal.organisation = organisation
        proposal.proposed_by = request.user
        proposal.save()
        messages.success(request, _("提案を送りました。事務局が確認してから公開します。"))
        return redirect("my_organisation:support_proposals")
    return render(
        request,
        "support/proposals.html",
        {
            "organisation": organisation,
            "form": form,
            "proposals": WindowProposal.objects.filter(organisation=organisation),
            "windows": Window.objects.filter(organisation=organisation),
        },
    )
