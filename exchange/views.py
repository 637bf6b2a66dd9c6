"""/exchange/: the list, a listing's page, posting and editing, responding, threads.

Every view asks ``exchange.access``. A listing the viewer may not see is a
404 (never "forbidden": its existence stays private). Members-only listings
are never shown to anonymous visitors or non-members, and pages that show
them are not cached (``never_cache`` on everything signed-in).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cms import ratelimit
from forum.markup import render as render_message

from . import access, matching, services
from .choices import Kind, Stage, Status, ThreadKind
from .forms import (
    DigestForm,
    FilterForm,
    IntroduceForm,
    ListingForm,
    MessageForm,
    RespondForm,
    StatusForm,
)
from .models import DigestSetting, Listing, Match, Thread

PAGE_SIZE = 20


def _visible_or_404(request, pk):
    listing = (
        access.visible_listings(request.user)
        .select_related("organisation", "met_by")
        .prefetch_related("target_groups", "activity_types")
        .filter(pk=pk)
        .first()
    )
    if listing is None:
        raise Http404
    return listing


@never_cache
def listing_list(request):
    form = FilterForm(request.GET or None)
    listings = access.visible_listings(request.user).filter(
        status__in=[Status.OPEN, Status.CLOSED, Status.MET]
    )
    listings = form.filter(listings) if form.is_bound else listings.filter(status=Status.OPEN)
    listings = (
        listings.select_related("organisation")
        .prefetch_related("target_groups")
        .order_by("-published_at", "-pk")
    )
    page = Paginator(listings, PAGE_SIZE).get_page(request.GET.get("page"))
    organisation = access.organisation_of(request.user)
    own = []
    if organisation is not None:
        own = list(Listing.objects.filter(organisation=organisation).order_by("-updated_at")[:20])
    return render(
        request,
        "exchange/list.html",
        {
            "form": form,
            "page_obj": page,
            "can_post": access.can_post(request.user),
            "members_view": access.reads_members_only(request.user),
            "own_listings": own,
        },
    )


@never_cache
def listing_detail(request, pk):
    listing = _visible_or_404(request, pk)
    user = request.user
    can_edit = access.can_edit(user, listing)
    suggestions = []
    if (can_edit or access.is_secretariat(user)) and listing.status == Status.OPEN:
        suggestions = matching.suggest(listing, limit=5)
    organisation = access.organisation_of(user)
    threads = Thread.objects.none()
    if can_edit or access.is_secretariat(user):
        threads = listing.threads.select_related("organisation")
    elif organisation is not None:
        threads = listing.threads.filter(organisation=organisation)
    own_open = []
    if access.can_respond(user, listing):
        own_open = list(
            Listing.objects.filter(
                organisation=organisation, status=Status.OPEN, kind=Kind(listing.kind).opposite
            )
        )
    return render(
        request,
        "exchange/detail.html",
        {
            "listing": listing,
            "can_edit": can_edit,
            "can_respond": access.can_respond(user, listing),
            "can_introduce": access.can_introduce(user) and listing.status == Status.OPEN,
            "suggestions": suggestions,
            "threads": threads,
            "own_open": own_open,
            "from_listing": request.GET.get("from", ""),
            "status_form": StatusForm(listing=listing) if can_edit else None,
        },
    )


def _edit(request, listing):
    form = ListingForm(request.POST or None, instance=listing)
    if request.method == "POST":
        if not ratelimit.allow(request, "exchange_post", key=str(request.user.pk)):
            return ratelimit.too_many_requests(request)
        if form.is_valid():
            saved = form.save(commit=False)
            if saved.pk is None:
                saved.organisation = access.organisation_of(request.user)
                saved.created_by = request.user
            saved.save()
            form.save_m2m()
            if saved.status == Status.DRAFT:
                messages.success(request, _("下書きとして保存しました。"))
            else:
                messages.success(request, _("保存しました。合いそうな相手を下に表示しています。"))
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "exchange/form.html",
        {
            "form": form,
            "listing": listing,
            "error_summary": form.error_summary() if form.is_bound else [],
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def listing_create(request):
    if not access.can_post(request.user):
        raise Http404
    listing = Listing()
    if request.GET.get("kind") in Kind.values:
        listing.kind = request.GET["kind"]
    return _edit(request, listing)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def listing_edit(request, pk):
    listing = _visible_or_404(request, pk)
    if not access.can_edit(request.user, listing):
        raise Http404
    return _edit(request, listing)


@login_required
@require_POST
def listing_status(request, pk):
    listing = _visible_or_404(request, pk)
    if not access.can_edit(request.user, listing):
        raise Http404
    form = StatusForm(request.POST, listing=listing)
    if form.is_valid():
        listing.status = form.cleaned_data["status"]
        listing.met_by = form.cleaned_data["met_by"] if listing.status == Status.MET else None
        listing.save()
        if listing.met_by is not None:
            Match.objects.filter(
                Q(need=listing, offer__organisation=listing.met_by)
                | Q(offer=listing, need__organisation=listing.met_by)
            ).update(stage=Stage.DONE)
        messages.success(
            request,
            _("状態を「%(status)s」にしました。") % {"status": listing.get_status_display()},
        )
    else:
        messages.error(request, _("状態を選んでください。"))
    return redirect(listing.get_absolute_url())


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def respond(request, pk):
    listing = _visible_or_404(request, pk)
    if not access.can_respond(request.user, listing):
        raise Http404
    organisation = access.organisation_of(request.user)
    # Answering a need is "we can help"; answering an offer, "we are interested".
    kind = ThreadKind.CAN_HELP if listing.kind == Kind.NEED else ThreadKind.INTERESTED
    form = RespondForm(request.POST or None, initial={"kind": kind})
    if request.method == "POST":
        if not ratelimit.allow(request, "exchange_message", key=str(request.user.pk)):
            return ratelimit.too_many_requests(request)
        if form.is_valid():
            own = (
                Listing.objects.filter(
                    organisation=organisation, pk=request.POST.get("from") or None
                ).first()
                if (request.POST.get("from") or "").isdigit()
                else None
            )
            message = services.respond(
                listing,
                request.user,
                organisation,
                form.cleaned_data["kind"],
                form.cleaned_data["body"],
                own_listing=own,
            )
            messages.success(request, _("メッセージを送りました。相手の団体にお知らせします。"))
            return redirect(message.thread.get_absolute_url())
    return render(
        request,
        "exchange/respond.html",
        {"listing": listing, "form": form, "from_listing": request.POST.get("from", "")},
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def introduce(request, pk):
    listing = _visible_or_404(request, pk)
    if not access.can_introduce(request.user):
        raise Http404
    form = IntroduceForm(request.POST or None, listing=listing)
    if request.method == "POST" and form.is_valid():
        message = services.introduce(
            listing, request.user, form.cleaned_data["organisation"], form.cleaned_data["body"]
        )
        messages.success(request, _("紹介のメッセージを両方の団体に送りました。"))
        return redirect(message.thread.get_absolute_url())
    return render(request, "exchange/introduce.html", {"listing": listing, "form": form})


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def thread_detail(request, pk):
    thread = get_object_or_404(
        Thread.objects.select_related("listing__organisation", "organisation", "match"), pk=pk
    )
    if not access.can_read_thread(request.user, thread):
        raise Http404
    organisation = access.organisation_of(request.user)
    secretariat = access.is_secretariat(request.user)
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        if "stage" in request.POST and thread.match_id:
            stage = request.POST["stage"]
            if stage in (Stage.AGREED, Stage.DONE):
                services.set_stage(thread.match, stage)
                messages.success(
                    request, _("段階を「%(stage)s」にしました。") % {"stage": Stage(stage).label}
                )
            return redirect(thread.get_absolute_url())
        if not ratelimit.allow(request, "exchange_message", key=str(request.user.pk)):
            return ratelimit.too_many_requests(request)
        if form.is_valid():
            writer = (
                organisation
                if organisation
                and not (
                    secretariat
                    and organisation.pk
                    not in {thread.organisation_id, thread.listing.organisation_id}
                )
                else None
            )
            services.post(thread, request.user, writer, form.cleaned_data["body"])
            messages.success(request, _("メッセージを送りました。"))
            return redirect(thread.get_absolute_url())
    shown = list(thread.messages.select_related("author_organisation"))
    for message in shown:
        message.html = "" if message.is_hidden else render_message(message.body)
    return render(
        request,
        "exchange/thread.html",
        {
            "thread": thread,
            "listing": thread.listing,
            "messages_shown": shown,
            "form": form,
            "error_summary": [],
            "stages": [Stage.AGREED, Stage.DONE],
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def digest_settings(request):
    if not access.can_post(request.user):
        raise Http404
    setting, _created = DigestSetting.objects.get_or_create(user=request.user)
    form = DigestForm(request.POST or None, initial={"choice": setting.choice})
    if request.method == "POST" and form.is_valid():
        setting.choice = form.cleaned_data["choice"]
        setting.save(update_fields=["choice"])
        messages.success(request, _("メールの設定を保存しました。"))
        return redirect("exchange:settings")
    return render(request, "exchange/settings.html", {"form": form})
