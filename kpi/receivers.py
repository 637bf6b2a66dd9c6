"""Signal receivers of kpi (connected in KpiConfig.ready)."""

from django.db.models import F
from django.utils import timezone

from kpi.models import SearchDay
from search.signals import search_made


def count_search(sender, **kwargs):
    """One more search today: a daily counter, nothing about the query or the person."""
    today = timezone.localdate()
    if not SearchDay.objects.filter(day=today).update(count=F("count") + 1):
        _day, created = SearchDay.objects.get_or_create(day=today, defaults={"count": 1})
        if not created:
            SearchDay.objects.filter(day=today).update(count=F("count") + 1)


def connect():
    search_made.connect(count_search, dispatch_uid="kpi.count_search")
