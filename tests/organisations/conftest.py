"""Personas for the organisation tests (SECURITY.md's P0–P6, as far as they exist yet).

org_a / org_b are two active member organisations; each has an admin and a
member of staff. ``secretariat`` is in the 事務局 group (and Moderators).
"""

import pytest

from organisations.choices import MembershipRole

from .factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def org_a(db):
    return OrganisationFactory(
        name="あおぞら見守りネット", name_kana="アオゾラミマモリネット", slug="aozora"
    )


@pytest.fixture
def org_b(db):
    return OrganisationFactory(
        name="みなと居場所の会", name_kana="ミナトイバショノカイ", slug="minato"
    )


@pytest.fixture
def org_a_admin(org_a):
    return MembershipFactory(organisation=org_a, role=MembershipRole.ADMIN).user


@pytest.fixture
def org_a_staff(org_a):
    return MembershipFactory(organisation=org_a, role=MembershipRole.STAFF).user


@pytest.fixture
def org_b_admin(org_b):
    return MembershipFactory(organisation=org_b, role=MembershipRole.ADMIN).user


@pytest.fixture
def secretariat(db):
    return UserFactory(username="jimukyoku", groups=["事務局", "Moderators"])


@pytest.fixture
def outsider(db):
    """Signed in, but staff of no member organisation."""
    return UserFactory(username="outsider")


PERSONAS = ["anonymous", "outsider", "org_a_staff", "org_a_admin", "org_b_admin", "secretariat"]


@pytest.fixture
def as_persona(client, request):
    """as_persona("org_a_admin") → the client signed in as that persona (or anonymous)."""

    def sign_in(name):
        client.logout()
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return sign_in
