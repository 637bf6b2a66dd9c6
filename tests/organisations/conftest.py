"""Personas for the organisation tests (SECURITY.md's P0–P6, as far as they exist yet).

org_a / org_b are two active member organisations; each has an admin and a
member of staff. ``secretariat`` is in the 事務局 group (and Moderators).
"""

import time

import pytest

from organisations.choices import MembershipRole

from .factories import MembershipFactory, OrganisationFactory, UserFactory


def make_org_a():
    return OrganisationFactory(
        name="あおぞら見守りネット", name_kana="アオゾラミマモリネット", slug="aozora"
    )


def make_org_b():
    return OrganisationFactory(
        name="みなと居場所の会", name_kana="ミナトイバショノカイ", slug="minato"
    )


def make_member(organisation, role):
    return MembershipFactory(organisation=organisation, role=role).user


def make_secretariat():
    return UserFactory(username="jimukyoku", groups=["事務局", "Moderators"])


def make_outsider():
    return UserFactory(username="outsider")


def make_personas():
    """Every persona at once, for a world built once per module (tests/worlds.py)."""
    org_a, org_b = make_org_a(), make_org_b()
    return {
        "org_a": org_a,
        "org_b": org_b,
        "org_a_admin": make_member(org_a, MembershipRole.ADMIN),
        "org_a_staff": make_member(org_a, MembershipRole.STAFF),
        "org_b_admin": make_member(org_b, MembershipRole.ADMIN),
        "outsider": make_outsider(),
        "secretariat": make_secretariat(),
    }


@pytest.fixture
def org_a(db):
    return make_org_a()


@pytest.fixture
def org_b(db):
    return make_org_b()


@pytest.fixture
def org_a_admin(org_a):
    return make_member(org_a, MembershipRole.ADMIN)


@pytest.fixture
def org_a_staff(org_a):
    return make_member(org_a, MembershipRole.STAFF)


@pytest.fixture
def org_b_admin(org_b):
    return make_member(org_b, MembershipRole.ADMIN)


@pytest.fixture
def secretariat(db):
    return make_secretariat()


@pytest.fixture
def outsider(db):
    """Signed in, but staff of no member organisation."""
    return make_outsider()


PERSONAS = ["anonymous", "outsider", "org_a_staff", "org_a_admin", "org_b_admin", "secretariat"]


def reauthenticated(client, seconds_ago=0):
    """Record in the client's session that its user just entered the password
    again (allauth's re-authentication), ``seconds_ago`` seconds ago.

    ``force_login`` records no authentication at all, so the views that ask
    for the password again (handing over the admin role, withdrawal) would
    send every test there; their own tests (test_reauthentication.py) sign in
    without it.
    """
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time() - seconds_ago, "reauthenticated": True}
    ]
    session["account_authentication_methods_user"] = session["_auth_user_id"]
    session.save()
    return client


@pytest.fixture
def as_persona(client, request):
    """as_persona("org_a_admin") → the client signed in as that persona (or anonymous)."""

    def sign_in(name):
        client.logout()
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
            reauthenticated(client)
        return client

    return sign_in
