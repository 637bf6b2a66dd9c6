"""Demo write-ups (demo/practices.py): varied, published by their org admins, idempotent."""

import io

import pytest

from demo.organisations import ensure_organisations
from demo.practices import PRACTICES, ensure_practices
from practices.models import PracticePage, PracticePartner

pytestmark = pytest.mark.django_db


def test_demo_write_ups_are_published_and_idempotent(client, home_page):
    ensure_organisations()
    out = io.StringIO()
    created, found = ensure_practices(out)
    assert created == len(PRACTICES) >= 10 and found == 0
    pages = PracticePage.objects.live()
    assert pages.count() == len(PRACTICES)
    for page in pages:
        assert page.live_revision.user.username == f"org-admin-{page.organisation.slug}"
        assert 2 <= page.results.count() <= 3
        assert page.photos.count() == 1
        assert page.partners.exists()
    assert PracticePartner.objects.filter(organisation__isnull=False).exists()
    assert PracticePartner.objects.filter(organisation__isnull=True).exists()

    assert ensure_practices() == (0, len(PRACTICES))
    assert PracticePage.objects.count() == len(PRACTICES)

    response = client.get("/practices/")
    assert response.status_code == 200
    assert response.context["practices"].paginator.count == len(PRACTICES)
    page = pages.first()
    assert client.get(page.url).status_code == 200
