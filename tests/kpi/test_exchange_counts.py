"""ニーズ×シーズ's site counts at the fiscal-year boundary (Asia/Tokyo).

FY2024 ends 31 March 2025, FY2025 starts 1 April 2025. A need published at
23:30 on 31 March (Tokyo: still FY2024 although UTC says the same day) and one
at 00:10 on 1 April fall in different years; the counts agree with
exchange.stats.fiscal_year_counts.
"""

import datetime

from django.test import TestCase
from django.utils import timezone

from exchange import stats
from exchange.choices import Status, ThreadKind
from exchange.models import Thread
from kpi import counts, registry
from kpi.periods import fiscal_year_dates
from tests.exchange.test_exchange import listing
from tests.organisations.factories import OrganisationFactory

FY2024 = fiscal_year_dates(2024)
FY2025 = fiscal_year_dates(2025)
D = datetime.date


def at(day, hour, minute=0):
    return datetime.datetime(
        day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_current_timezone()
    )


def totals(rows):
    out = {}
    for month, part, value in rows:
        if part == "" and value:
            out[month] = out.get(month, 0) + value
    return out


class ExchangeCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        org, other = OrganisationFactory(), OrganisationFactory()

        def need(published, **fields):
            return listing(org, published_at=published, **fields)

        march = need(at(D(2025, 3, 31), 23, 30))
        april = need(at(D(2025, 4, 1), 0, 10))
        need(at(D(2025, 4, 2), 9), status=Status.MET, met_at=at(D(2025, 3, 31), 23, 59))
        need(at(D(2025, 4, 3), 9), status=Status.MET, met_at=at(D(2025, 4, 1), 0, 1))
        listing(org, status=Status.DRAFT)
        listing(org, kind="offer", published_at=at(D(2025, 4, 1), 10))
        # Two threads on the March need count it once; April's gets an introduction
        # made on 1 April, March's a response made on 31 March.
        third = OrganisationFactory()
        cls.threads = [
            Thread.objects.create(listing=march, organisation=other, kind=ThreadKind.CAN_HELP),
            Thread.objects.create(listing=march, organisation=third, kind=ThreadKind.INTERESTED),
            Thread.objects.create(listing=april, organisation=other, kind=ThreadKind.INTRODUCTION),
        ]
        Thread.objects.filter(pk=cls.threads[0].pk).update(created_at=at(D(2025, 3, 31), 23))
        Thread.objects.filter(pk=cls.threads[1].pk).update(created_at=at(D(2025, 3, 31), 23))
        Thread.objects.filter(pk=cls.threads[2].pk).update(created_at=at(D(2025, 4, 1), 0, 5))

    def test_needs_posted_31_march_and_1_april(self):
        assert totals(counts.needs_posted(*FY2024)) == {D(2025, 3, 1): 1}
        assert totals(counts.needs_posted(*FY2025)) == {D(2025, 4, 1): 3}

    def test_needs_matched_counted_once_in_the_month_published(self):
        assert totals(counts.needs_matched(*FY2024)) == {D(2025, 3, 1): 1}
        assert totals(counts.needs_matched(*FY2025)) == {D(2025, 4, 1): 1}

    def test_needs_met_by_the_day_met(self):
        assert totals(counts.needs_met(*FY2024)) == {D(2025, 3, 1): 1}
        assert totals(counts.needs_met(*FY2025)) == {D(2025, 4, 1): 1}

    def test_introductions_only_by_the_secretariat(self):
        assert totals(counts.introductions(*FY2024)) == {}
        assert totals(counts.introductions(*FY2025)) == {D(2025, 4, 1): 1}

    def test_agree_with_the_exchange_figures(self):
        for year, period in ((2024, FY2024), (2025, FY2025)):
            figures = stats.fiscal_year_counts(year)
            for key in ("needs_posted", "needs_matched", "needs_met", "introductions"):
                ours = sum(totals(getattr(counts, key)(*period)).values())
                assert ours == figures[key], (year, key)

    def test_registered_with_definitions(self):
        for key in ("needs_posted", "needs_matched", "needs_met", "introductions"):
            indicator = registry.get(key)
            assert indicator is not None
            assert indicator.aggregation == registry.SUM
            assert str(indicator.definition)

    def test_one_query_each(self):
        for key in ("needs_posted", "needs_matched", "needs_met", "introductions"):
            with self.assertNumQueries(1):
                getattr(counts, key)(*FY2025)
