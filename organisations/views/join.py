"""/join/: applying for membership and confirming the e-mail address (anyone).

The applicant never sees their application again after sending it: what
happens next is between them and the secretariat, by e-mail. The confirmation
link only confirms on POST, so mail scanners that open links do not.
"""

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cms import ratelimit
from organisations.forms.join import ApplicationForm
from organisations.services import applications as services


def _page(request, form, **extra):
    return {
        "form": form,
        "error_summary": form.error_summary() if form.is_bound else [],
        "days": services.CONFIRMATION_DAYS,
        **extra,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request):
    """The form; a valid one is saved and the applicant gets the confirmation e-mail.

    Each e-mail goes to an address anyone may type in, so applications are
    rate-limited by address and by where they come from (ACCOUNT_RATE_LIMITS
    "join"). Over the limit the form comes back with a 429 and everything
    typed in it, except the file, which a browser cannot be given back.
    """
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES)
        if form.is_valid():
            if not ratelimit.allow(request, "join", key=form.cleaned_data["applicant_email"]):
                return ratelimit.too_many_requests(
                    request,
                    "organisations/join/apply.html",
                    _page(request, form, rate_limited=True, file_dropped=bool(request.FILES)),
                )
            services.submit_application(form, language=request.LANGUAGE_CODE)
            return redirect("join:sent")
    else:
        form = ApplicationForm()
    return render(request, "organisations/join/apply.html", _page(request, form))


@require_GET
def sent(request):
    return render(request, "organisations/join/sent.html", {"days": services.CONFIRMATION_DAYS})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_email(request, token):
    application, state = services.application_for_token(token)
    if state == services.VALID and request.method == "POST":
        services.confirm_application(application)
        return redirect("join:confirmed")
    statuses = {services.VALID: 200, services.USED: 200, services.EXPIRED: 410}
    response = render(
        request,
        "organisations/join/confirm.html",
        {
            "state": state,
            # Only the holder of the link sees the name they typed themselves.
            "organisation_name": application.name if state == services.VALID else "",
            "days": services.CONFIRMATION_DAYS,
        },
        status=statuses.get(state, 404),
    )
    # The token is in the URL: keep it out of Referer headers.
    response["Referrer-Policy"] = "strict-origin"
    return response


@require_GET
def confirmed(request):
    return render(request, "organisations/join/confirmed.html")
