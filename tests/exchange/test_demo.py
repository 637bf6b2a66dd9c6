"""The demo's needs and offers (demo/data/exchange.yaml), as load_demo makes them."""

import io

import pytest

from demo.exchange import ensure_exchange
from demo.organisations import ensure_organisations
from exchange.choices import Stage, Status
from exchange.models import Listing, Match, Thread

pytestmark = pytest.mark.django_db


def test_demo_needs_and_offers_once():
    ensure_organisations(io.StringIO())
    ensure_exchange(io.StringIO())
    assert Listing.objects.filter(kind="need").count() == 15
    assert Listing.objects.filter(kind="offer").count() == 20
    met = Listing.objects.get(status=Status.MET)
    assert met.met_by is not None
    assert Match.objects.filter(stage__in=[Stage.AGREED, Stage.DONE]).count() == 2
    assert Thread.objects.filter(kind="introduction").count() == 1
    ensure_exchange(io.StringIO())
    assert Listing.objects.count() == 35
    assert Thread.objects.count() == 3
