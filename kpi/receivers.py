"""Signal receivers of kpi (connected in KpiConfig.ready)."""

import datetime

from django.db.models import F
from django.utils import timezone

from cms import counters
from kpi.models import SearchDay
from search.signals import search_made


def _searches(day: datetime.date) -> str:
    return f"kpi-searches:{day.isoformat()}"


def _add_searches(day: datetime.date):
    def write(gathered):
        if not SearchDay.objects.filter(day=day).update(count=F("count") + gathered):
            _row, created = SearchDay.objects.get_or_create(day=day, defaults={"count": gathered})
            if not created:
                SearchDay.objects.filter(day=day).update(count=F("count") + gathered)

    return write


def count_search(sender, **kwargs):
    """One more search today: a daily counter, nothing about the query or the person.

    Counted in the cache and written once a minute (``cms.counters``): a
    search page reads, and should not write a row each time. The write
    after midnight also writes what the day before kept of its last minute.
    """
    today = timezone.localdate()
    if counters.count(_searches(today), _add_searches(today)):
        yesterday = today - datetime.timedelta(days=1)
        counters.flush(_searches(yesterday), _add_searches(yesterday))


def write_searches():
    """Write the searches still gathered in the cache (before the figures are read)."""
    today = timezone.localdate()
    for day in (today - datetime.timedelta(days=1), today):
        counters.flush(_searches(day), _add_searches(day))


def connect():
    search_made.connect(count_search, dispatch_uid="kpi.count_search")
