from .news import NewsIndexPage, NewsPage
from .pages import HomePage, StandardPage
from .reports import ReportDocument, ReportIndexPage, ReportPage
from .settings import SiteSettings

__all__ = [
    "HomePage",
    "NewsIndexPage",
    "NewsPage",
    "ReportDocument",
    "ReportIndexPage",
    "ReportPage",
    "SiteSettings",
    "StandardPage",
]
