"""ニーズ×シーズ's figures for a fiscal year (April–March), for the KPI report.

    from exchange.stats import fiscal_year_counts
    fiscal_year_counts(2026)  # {"needs_posted": 12, "needs_matched": 5, ...}

- ``needs_posted``: needs published in the year;
- ``offers_posted``: offers published in the year;
- ``needs_matched``: needs published in the year that got a response or an
  introduction (a thread);
- ``needs_met``: needs marked met in the year;
- ``introductions``: introductions (紹介) the secretariat made in the year.
"""

import datetime

from django.utils import timezone

from .choices import Kind, Status, ThreadKind
from .models import Listing, Thread


def fiscal_year_bounds(year):
    """[1 April ``year``, 1 April ``year`` + 1) as aware datetimes in the site's time zone."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime(year, 4, 1, tzinfo=zone)
    return start, datetime.datetime(year + 1, 4, 1, tzinfo=zone)


def fiscal_year_counts(year):
    start, end = fiscal_year_bounds(year)
    published = Listing.objects.exclude(status=Status.DRAFT).filter(
        published_at__gte=start, published_at__lt=end
    )
    needs = published.filter(kind=Kind.NEED)
    return {
        "needs_posted": needs.count(),
        "offers_posted": published.filter(kind=Kind.OFFER).count(),
        "needs_matched": needs.filter(threads__isnull=False).distinct().count(),
        "needs_met": Listing.objects.filter(
            kind=Kind.NEED, status=Status.MET, met_at__gte=start, met_at__lt=end
        ).count(),
        "introductions": Thread.objects.filter(
            kind=ThreadKind.INTRODUCTION, created_at__gte=start, created_at__lt=end
        ).count(),
    }
