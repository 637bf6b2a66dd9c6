"""Demo organisations (demo/organisations.py) and the synthetic-data helper."""

import io

from django.contrib.auth import get_user_model

import pytest
from allauth.account.models import EmailAddress

from demo.organisations import DEMO_PASSWORD, ORGANISATIONS, ensure_organisations
from demo.synthetic import make_synthetic_organisations
from organisations.choices import MembershipRole, OrganisationStatus
from organisations.models import Membership, Organisation, OrganisationActivity

pytestmark = pytest.mark.django_db


def test_demo_organisations_are_varied_and_idempotent(client, home_page):
    out = io.StringIO()
    run = ensure_organisations(out)
    assert run.created == len(ORGANISATIONS) >= 15
    organisations = Organisation.objects.all()
    assert {o.legal_form for o in organisations} >= {
        "npo",
        "social_welfare_council",
        "social_welfare_corporation",
        "association",
        "voluntary",
        "company",
        "government",
    }
    assert {o.tier for o in organisations} == {"steering", "general"}
    assert organisations.filter(prefecture__code="38").count() > len(ORGANISATIONS) / 2
    assert organisations.values("prefecture").distinct().count() >= 4
    assert OrganisationActivity.objects.filter(is_main=False).exists()
    assert {o.phone_visibility for o in organisations} == {"public", "members", "secretariat"}
    assert organisations.exclude(status=OrganisationStatus.ACTIVE).exists()

    # Every organisation has an admin who can sign in; some have staff too.
    first = ORGANISATIONS[0]
    admin = get_user_model().objects.get(email=f"org-admin-{first.slug}@example.org")
    assert admin.check_password(DEMO_PASSWORD)
    assert EmailAddress.objects.get(user=admin).verified
    assert Membership.objects.filter(role=MembershipRole.ADMIN).count() == len(ORGANISATIONS)
    assert Membership.objects.filter(role=MembershipRole.STAFF).exists()
    text = out.getvalue()
    assert f"org-admin-{first.slug}@example.org" in text
    assert f"org-staff-{first.slug}@example.org" in text
    assert DEMO_PASSWORD in text

    # The directory and a profile with logo and photos render.
    assert client.get("/organisations/").status_code == 200
    response = client.get(f"/organisations/{first.slug}/")
    assert response.status_code == 200
    assert first.photos[0][1] in response.content.decode()  # the photo's alt text

    users = get_user_model().objects.count()
    again = ensure_organisations(io.StringIO())
    assert again.created == 0 and again.found == len(ORGANISATIONS)
    assert again.accounts_created == 0
    assert get_user_model().objects.count() == users


def test_demo_keeps_what_admins_changed(db):
    ensure_organisations()
    Organisation.objects.filter(slug=ORGANISATIONS[0].slug).update(message="変更後のメッセージ")
    ensure_organisations()
    assert Organisation.objects.get(slug=ORGANISATIONS[0].slug).message == "変更後のメッセージ"


def test_synthetic_organisations(db):
    assert make_synthetic_organisations(50, prefix="syn") == 50
    assert make_synthetic_organisations(10, prefix="other") == 10
    assert Organisation.objects.listed().count() == 60
    for organisation in Organisation.objects.all()[:10]:
        assert organisation.activities.filter(is_main=True).count() == 1
        assert 2 <= organisation.activities.count() <= 4
        assert organisation.targets.filter(is_main=True).count() == 1
