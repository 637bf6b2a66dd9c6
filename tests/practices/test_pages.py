"""Write-up pages render with their structure, and only while their organisation is active."""

import pytest

from organisations.choices import OrganisationStatus

from .helpers import make_index, make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice_index(home_page):
    return make_index(home_page)


def test_index_and_detail_render(client, practice_index, org_a, org_b):
    practice = make_practice(practice_index, org_a, photo=True, partners=[org_b, "八幡浜市役所"])
    response = client.get("/practices/")
    assert response.status_code == 200
    html = response.content.decode()
    assert practice.title in html
    assert org_a.name in html

    response = client.get(f"/practices/{practice.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "(1) 取組の内容",
        "目的",
        "対象とした人",
        "内容",
        "(2) 取組の成果",
        "連携した団体",
        "定量的な成果",
        "(3) 取組の様子",
        "団体概要",
    ):
        assert heading in html
    assert f'href="/organisations/{org_a.slug}/"' in html
    assert f'href="/organisations/{org_b.slug}/"' in html
    assert "八幡浜市役所" in html
    assert "令和6年度" in html
    assert "延べ120人" in html
    assert 'alt="集まった参加者"' in html


def test_write_ups_of_a_suspended_organisation_are_hidden(client, practice_index, org_a):
    practice = make_practice(practice_index, org_a, title="見えなくなる取組")
    org_a.status = OrganisationStatus.SUSPENDED
    org_a.save()
    assert client.get(f"/practices/{practice.slug}/").status_code == 404
    assert "見えなくなる取組" not in client.get("/practices/").content.decode()
