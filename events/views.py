"""Registering for an event, and the registrant's own links (cancel, accept a seat).

Routed from EventPage (RoutablePageMixin), so the page's view restrictions
apply to these routes too. The links in e-mails open a page first and act
only on POST: mail scanners open links.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from cms import ratelimit
from events import services
from events.forms import RegistrationForm
from events.models import Registration, RegistrationStatus

SESSION_KEY = "event_registrations"
TEMPLATE = "events/registration/register.html"


def _initial(user):
    if not user.is_authenticated:
        return {}
    from organisations.access import membership_of

    membership = membership_of(user)
    return {
        "name": user.get_full_name() or "",
        "email": user.email,
        "organisation_name": membership.organisation.name if membership else "",
    }


def _context(request, event, form=None, **extra):
    state = services.registration_state(event, request.user)
    return {
        "page": event,
        "self": event,
        "form": form,
        "state": state,
        "error_summary": form.error_summary() if form is not None and form.is_bound else [],
        **extra,
    }


def _private(response):
    response["Referrer-Policy"] = "strict-origin"
    return response


@never_cache
def register(request, event):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    state = services.registration_state(event, request.user)
    if state == services.MEMBERS_ONLY:
        status = 403 if request.user.is_authenticated else 200
        return render(request, TEMPLATE, _context(request, event), status=status)
    if state not in (services.OPEN, services.FULL):
        return render(request, TEMPLATE, _context(request, event))
    if request.method == "POST":
        form = RegistrationForm(
            request.POST, event=event, can_refer=services.may_refer(request.user)
        )
        if form.is_valid():
            if not ratelimit.allow(request, "event_register", key=form.cleaned_data["email"]):
                return ratelimit.too_many_requests(
                    request, TEMPLATE, _context(request, event, form, rate_limited=True)
                )
            try:
                outcome = services.register(
                    event,
                    user=request.user,
                    language=translation.get_language() or "ja",
                    **form.registration_fields(),
                )
            except services.RegistrationClosed:
                return render(request, TEMPLATE, _context(request, event, form, closed=True))
            done = request.session.get(SESSION_KEY, {})
            done[str(event.pk)] = [outcome.registration.pk, outcome.created]
            request.session[SESSION_KEY] = done
            return redirect(event.url + event.reverse_subpage("registered"))
    else:
        form = RegistrationForm(
            initial=_initial(request.user),
            event=event,
            can_refer=services.may_refer(request.user),
        )
    return render(request, TEMPLATE, _context(request, event, form))


@never_cache
def registered(request, event):
    registration_id, created = request.session.get(SESSION_KEY, {}).get(str(event.pk), (None, None))
    registration = Registration.objects.filter(pk=registration_id, event=event).first()
    if registration is None:
        return redirect(event.url)
    return render(
        request,
        "events/registration/done.html",
        {
            "page": event,
            "self": event,
            "registration": registration,
            "created": created,
            "qr": _qr(registration),
        },
    )


def _qr(registration):
    """The check-in QR code, for a registration that holds a seat (not an offer)."""
    if registration.status not in (RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED):
        return None
    return services.check_in_qr_svg(registration)


@never_cache
def cancel(request, event, token):
    registration = services.registration_for_token(event, token)
    if registration is None:
        raise Http404
    if request.method == "POST":
        services.cancel(registration)
        return redirect(request.path)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return _private(
        render(
            request,
            "events/registration/cancel.html",
            {
                "page": event,
                "self": event,
                "registration": registration,
                "qr": _qr(registration),
                "cancellable": registration.status
                in (
                    RegistrationStatus.CONFIRMED,
                    RegistrationStatus.WAITING,
                    RegistrationStatus.OFFERED,
                ),
            },
        )
    )


@never_cache
def accept_offer(request, event, token):
    registration = services.registration_for_token(event, token)
    if registration is None:
        raise Http404
    if request.method == "POST":
        services.accept_offer(registration)
        return redirect(request.path)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    offer_open = (
        registration.status == RegistrationStatus.OFFERED
        and registration.offered_until >= timezone.now()
    )
    return _private(
        render(
            request,
            "events/registration/offer.html",
            {"page": event, "self": event, "registration": registration, "offer_open": offer_open},
        )
    )


def calendar_feed(request):
    """The public events of the events index in the reader's language (or Japanese)."""
    from wagtail.models import Locale

    from events.calendar import feed_response
    from events.models import EventIndexPage

    indexes = EventIndexPage.objects.live().public()
    index = indexes.filter(locale=Locale.get_active()).first() or indexes.first()
    if index is None:
        raise Http404
    return feed_response(index, request)


def personal_calendar(request, token):
    """A member's personal feed: the token is the key (calendar apps cannot sign in)."""
    from events.calendar import personal_feed_response
    from events.models import CalendarFeed

    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    return personal_feed_response(feed.user, request)


@never_cache
@login_required
def my_calendar(request):
    """The member's own feed address, and a button that makes a new one (the old stops)."""
    from events.calendar import personal_events
    from events.models import CalendarFeed

    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "POST":
        CalendarFeed.objects.filter(user=request.user).delete()
        CalendarFeed.objects.create(user=request.user)
        messages.success(
            request,
            _("新しいアドレスを作りました。これまでのアドレスはもう使えません。"),
        )
        return redirect("events:my_calendar")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    url = None
    if feed is not None:
        url = request.build_absolute_uri(reverse("events:personal_calendar", args=[feed.token]))
    return _private(
        render(
            request,
            "events/my_calendar.html",
            {"feed_url": url, "events": personal_events(request.user)},
        )
    )
