"""Reporting content, and the review queue of coordinators (and the secretariat).

The queue is at /moderation/ (/reports/ is the editorial 活動報告 index). The
secretariat also has it in the Wagtail admin (wagtail_hooks.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cms import audit

from . import registry, services
from .forms import ReportForm
from .models import HiddenObject, Report


def _target(kind_key, pk):
    kind = registry.get(kind_key)
    obj = kind.get(pk) if kind else None
    if obj is None:
        raise Http404
    return kind, obj


def _refused(request, kind, obj, message, status=403):
    context = {"kind": kind, "obj": obj, "message": message, "url": kind.url(obj)}
    return render(request, "reports/refused.html", context, status=status)


@never_cache
@login_required
def report_create(request, kind, pk):
    kind, obj = _target(kind, pk)
    user = request.user
    if not services.may_report_anything(user):
        raise PermissionDenied
    if not kind.can_see(user, obj):
        raise Http404
    if kind.is_own(user, obj):
        return _refused(request, kind, obj, _("ご自身が書いた内容は通報できません。"))
    if services.has_reported(user, kind, obj):
        return _refused(request, kind, obj, str(services.DUPLICATE), status=200)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.is_rate_limited(user):
            return _refused(request, kind, obj, str(services.RATE_LIMITED), status=429)
        try:
            services.file_report(
                kind=kind,
                obj=obj,
                reporter=user,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        except services.ReportRefused as refusal:
            return _refused(request, kind, obj, str(refusal))
        return redirect("reports:done", kind=kind.key, pk=obj.pk)
    context = {"kind": kind, "obj": obj, "title": kind.title(obj), "url": kind.url(obj)}
    return render(request, "reports/report_form.html", {**context, "form": form})


@never_cache
@login_required
def report_done(request, kind, pk):
    kind, obj = _target(kind, pk)
    if not services.has_reported(request.user, kind, obj):
        raise Http404
    url = kind.url(obj) if kind.can_see(request.user, obj) else ""
    return render(request, "reports/report_done.html", {"kind": kind, "url": url})


@never_cache
@login_required
def queue(request):
    if not services.reviews_any(request.user):
        raise PermissionDenied
    context = {"cases": services.cases(request.user), "next": request.get_full_path()}
    if registry.roles.reviews_all(request.user):
        context["hidden"] = services.flagged_hidden()
    return render(request, "reports/queue.html", context)


@require_POST
@login_required
def resolve(request, pk, action):
    report = get_object_or_404(Report, pk=pk)
    kind = registry.get(report.kind)
    obj = kind.get(report.object_id) if kind else None
    if not services.may_review(request.user, kind, obj):
        raise Http404
    with audit.request_context(request):
        closed = services.resolve(report, action=action, by=request.user)
    if not closed:
        messages.info(request, _("この通報はすでに対応済みです。"))
    elif action == services.HIDE:
        messages.success(request, _("非表示にしました。通報した人と書いた人にメールで知らせます。"))
    else:
        messages.success(request, _("問題なしとしました。通報した人にメールで知らせます。"))
    return redirect(_next(request))


@require_POST
@login_required
def restore(request, pk):
    """The secretariat shows again a profile hidden after reports."""
    if not registry.roles.reviews_all(request.user):
        raise Http404
    hidden = get_object_or_404(HiddenObject, pk=pk)
    services.restore(hidden, by=request.user)
    messages.success(request, _("再び表示しました。書いた人にメールで知らせます。"))
    return redirect(_next(request))


def _next(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("reports:queue")
