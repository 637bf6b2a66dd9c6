"""Home's panels: the latest news and reports on the home page, and links to
their sections on the 404 page (see cms.panels)."""

from cms import i18n, panels, privacy
from home.models import NewsPage, ReportPage


def latest_news(context):
    home = i18n.original_page(context["page"])
    news = privacy.public(NewsPage.objects.live()).descendant_of(home).order_by("-date", "-pk")[:4]
    return {"latest_news": i18n.pages_in_language(news)}


def latest_reports(context):
    home = i18n.original_page(context["page"])
    reports = (
        privacy.public(ReportPage.objects.live())
        .descendant_of(home)
        .order_by("-fiscal_year", "-date", "-pk")[:3]
    )
    return {"latest_reports": i18n.pages_in_language(reports)}


def register():
    panels.register(
        "home",
        "news",
        template="home/panels/latest_news.html",
        context=latest_news,
        order=10,
        shared=True,
    )
    panels.register(
        "home",
        "reports",
        template="home/panels/latest_reports.html",
        context=latest_reports,
        order=30,
        shared=True,
    )
    for section, order in [("news", 10), ("reports", 30)]:
        panels.register(
            "not_found",
            section,
            template="includes/section_link.html",
            context={"section": section},
            order=order,
        )
