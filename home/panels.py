"""Home's panels: the latest news, events and reports on the home page, and links
to their sections on the 404 page (see cms.panels)."""

from django.utils import timezone

from cms import panels
from home.models import EventPage, NewsPage, ReportPage


def latest_news(context):
    return {
        "latest_news": NewsPage.objects.live()
        .public()
        .descendant_of(context["page"])
        .order_by("-date", "-pk")[:4]
    }


def upcoming_events(context):
    return {
        "upcoming_events": EventPage.objects.live()
        .public()
        .descendant_of(context["page"])
        .filter(end__gte=timezone.now())
        .order_by("start")[:3]
    }


def latest_reports(context):
    return {
        "latest_reports": ReportPage.objects.live()
        .public()
        .descendant_of(context["page"])
        .order_by("-fiscal_year", "-date", "-pk")[:3]
    }


def register():
    panels.register(
        "home", "news", template="home/panels/latest_news.html", context=latest_news, order=10
    )
    panels.register(
        "home",
        "events",
        template="home/panels/upcoming_events.html",
        context=upcoming_events,
        order=20,
    )
    panels.register(
        "home",
        "reports",
        template="home/panels/latest_reports.html",
        context=latest_reports,
        order=30,
    )
    for order, section in enumerate(["news", "events", "reports"], start=1):
        panels.register(
            "not_found",
            section,
            template="includes/section_link.html",
            context={"section": section},
            order=order * 10,
        )
