"""/my-organisation/practices/: an organisation writes its write-ups (取組事例).

Views are thin: organisations.access decides who may write (can_edit_practices),
practices.services saves revisions and starts the review workflow. Write-ups
are always looked up among the person's own organisation's, so another
organisation's id is simply not found (404). The URLs (practices/urls.py) sit
under /my-organisation/ through organisations' hook (practices/wagtail_hooks.py).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from organisations import access
from practices import services as services
from practices.forms import PracticeForm

TEMPLATE_DIR = "practices/submissions"


def practice_editor_view(view):
    """Sign-in required; 404 unless the person may write their organisation's write-ups."""

    @never_cache
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        membership = access.membership_of(request.user)
        if membership is None or not access.can_edit_practices(
            request.user, membership.organisation
        ):
            raise Http404
        return view(request, membership.organisation, *args, **kwargs)

    return wrapped


def _own_practice(organisation, page_id):
    return get_object_or_404(services.practices_of(organisation), pk=page_id)


@require_http_methods(["GET", "HEAD"])
@practice_editor_view
def practice_list(request, organisation):
    pages = list(services.practices_of(organisation))
    rows = [
        {
            "page": page,
            "state": services.STATE_LABELS[services.state_of(page)],
            "comment": services.review_comment(page),
        }
        for page in pages
    ]
    return render(
        request,
        f"{TEMPLATE_DIR}/list.html",
        {"organisation": organisation, "rows": rows, "has_index": services.index_page()},
    )


def _bound(request):
    """(data, files) on POST, () on GET: the form's positional arguments."""
    return (request.POST, request.FILES) if request.method == "POST" else ()


def _save(request, organisation, form, page=None):
    page = services.save_practice(organisation, request.user, form.practice_data(), page=page)
    if "submit" in request.POST:
        if services.submit_for_review(page, request.user):
            messages.success(request, _("審査に提出しました。事務局の審査をお待ちください。"))
        else:
            messages.warning(
                request,
                _(
                    "下書きを保存しましたが、審査の手順が設定されていないため提出できませんでした。事務局にお問い合わせください。"
                ),
            )
    else:
        messages.success(request, _("下書きを保存しました。"))
    return redirect("my_organisation:practice_edit", page_id=page.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@practice_editor_view
def practice_new(request, organisation):
    if services.index_page() is None:
        raise Http404
    form = PracticeForm(*_bound(request))
    if request.method == "POST" and form.is_valid():
        return _save(request, organisation, form)
    return render(
        request,
        f"{TEMPLATE_DIR}/form.html",
        {"organisation": organisation, "form": form, "page": None},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@practice_editor_view
def practice_edit(request, organisation, page_id):
    page = _own_practice(organisation, page_id)
    context = {
        "organisation": organisation,
        "page": page,
        "state": services.STATE_LABELS[services.state_of(page)],
        "comment": services.review_comment(page),
    }
    if services.is_locked_for_editing(page):
        # What the secretariat approves is what it reviewed: no edits in review.
        if request.method == "POST":
            messages.error(
                request,
                _(
                    "審査中のため保存できませんでした。修正するときは、先に審査を取り下げてください。"
                ),
            )
            return redirect("my_organisation:practice_edit", page_id=page.pk)
        return render(request, f"{TEMPLATE_DIR}/form.html", {**context, "locked": True})
    latest = page.get_latest_revision_as_object()
    form = PracticeForm(*_bound(request), page=latest)
    if request.method == "POST" and form.is_valid():
        return _save(request, organisation, form, page=page)
    return render(request, f"{TEMPLATE_DIR}/form.html", {**context, "form": form})


@practice_editor_view
@require_http_methods(["POST"])
def practice_withdraw(request, organisation, page_id):
    """Take a submission back from review so that it can be edited again."""
    page = _own_practice(organisation, page_id)
    if services.withdraw_from_review(page, request.user):
        messages.success(
            request,
            _("審査を取り下げました。修正してから、もう一度審査に提出してください。"),
        )
    else:
        messages.info(request, _("この取組事例は審査中ではありません。"))
    return redirect("my_organisation:practice_edit", page_id=page.pk)


@require_http_methods(["GET", "HEAD"])
@practice_editor_view
def practice_preview(request, organisation, page_id):
    """The write-up as its latest revision would look once published."""
    page = _own_practice(organisation, page_id)
    latest = page.get_latest_revision_as_object()
    return latest.make_preview_request(request, latest.default_preview_mode)
