"""Personas and subcommittees for the subcommittee tests (SECURITY.md's P0–P6).

The organisation personas come from tests/organisations/conftest.py. Added here:

- ``s1``: members-only, join on request, org_a's staff member ``member`` and its
  admin ``coordinator`` (coordinator);
- ``s2``: members-only, by invitation, org_b's admin ``other_coordinator``
  (coordinator) and ``other_member``;
- ``public_sc``: public, open to any member, coordinated by ``coordinator``;
- ``org_member``: staff of an active member organisation (org_b) in no subcommittee.

Subcommittees are created through the service, as the secretariat would, so
their forums exist with the permissions the forum app derives.
"""

import pytest

from subcommittees import services
from subcommittees.models import Subcommittee
from tests.organisations import conftest as organisation_personas
from tests.organisations.factories import MembershipFactory

# The organisation personas, shared rather than copied.
org_a = organisation_personas.org_a
org_b = organisation_personas.org_b
org_a_admin = organisation_personas.org_a_admin
org_a_staff = organisation_personas.org_a_staff
org_b_admin = organisation_personas.org_b_admin
outsider = organisation_personas.outsider
secretariat = organisation_personas.secretariat

SUBCOMMITTEE_PERSONAS = [
    "anonymous",
    "outsider",
    "org_member",
    "other_member",
    "member",
    "coordinator",
    "other_coordinator",
    "secretariat",
]


@pytest.fixture
def member(org_a_staff):
    return org_a_staff


@pytest.fixture
def coordinator(org_a_admin):
    return org_a_admin


@pytest.fixture
def other_coordinator(org_b_admin):
    return org_b_admin


@pytest.fixture
def other_member(org_b):
    return MembershipFactory(organisation=org_b, user__username="other-member").user


@pytest.fixture
def org_member(org_b):
    return MembershipFactory(organisation=org_b, user__username="org-member").user


@pytest.fixture
def s1(secretariat, coordinator, member):
    subcommittee = services.create_subcommittee(
        by=secretariat,
        name="こども食堂分科会",
        slug="kodomo",
        theme="こども食堂の運営と地域のつながり",
        description="こども食堂を運営する団体が、食材の確保や見守りの工夫を共有します。",
        visibility=Subcommittee.Visibility.MEMBERS,
        join_policy=Subcommittee.JoinPolicy.REQUEST,
        coordinators=[coordinator],
    )
    services._add_member(subcommittee, member)
    services.sync_forum(subcommittee)
    return subcommittee


@pytest.fixture
def s2(secretariat, other_coordinator, other_member):
    subcommittee = services.create_subcommittee(
        by=secretariat,
        name="ひきこもり支援分科会",
        slug="hikikomori",
        theme="ひきこもり状態にある方と家族の支援",
        visibility=Subcommittee.Visibility.MEMBERS,
        join_policy=Subcommittee.JoinPolicy.INVITATION,
        coordinators=[other_coordinator],
    )
    services._add_member(subcommittee, other_member)
    services.sync_forum(subcommittee)
    return subcommittee


@pytest.fixture
def public_sc(secretariat, coordinator):
    return services.create_subcommittee(
        by=secretariat,
        name="居場所づくり分科会",
        slug="ibasho",
        theme="誰もが立ち寄れる居場所をつくる",
        visibility=Subcommittee.Visibility.PUBLIC,
        join_policy=Subcommittee.JoinPolicy.OPEN,
        coordinators=[coordinator],
    )


@pytest.fixture
def world(s1, s2, public_sc, org_member, outsider, secretariat):
    """Every subcommittee and persona at once."""
    return {"s1": s1, "s2": s2, "public": public_sc}


@pytest.fixture
def sign_in(client, request):
    """sign_in("member") → the client signed in as that persona (or anonymous)."""

    def as_(name):
        client.logout()
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return as_
