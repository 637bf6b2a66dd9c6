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

from organisations.choices import MembershipRole
from subcommittees import services
from subcommittees.models import Subcommittee
from tests.organisations import conftest as organisation_personas
from tests.organisations.conftest import (
    make_member,
    make_org_a,
    make_org_b,
    make_outsider,
    make_secretariat,
)
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


def make_s1(secretariat, coordinator, member):
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


def make_s2(secretariat, other_coordinator, other_member):
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


def make_public_sc(secretariat, coordinator):
    return services.create_subcommittee(
        by=secretariat,
        name="居場所づくり分科会",
        slug="ibasho",
        theme="誰もが立ち寄れる居場所をつくる",
        visibility=Subcommittee.Visibility.PUBLIC,
        join_policy=Subcommittee.JoinPolicy.OPEN,
        coordinators=[coordinator],
    )


def make_named_member(organisation, username):
    return MembershipFactory(organisation=organisation, user__username=username).user


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
    return make_named_member(org_b, "other-member")


@pytest.fixture
def org_member(org_b):
    return make_named_member(org_b, "org-member")


@pytest.fixture
def s1(secretariat, coordinator, member):
    return make_s1(secretariat, coordinator, member)


@pytest.fixture
def s2(secretariat, other_coordinator, other_member):
    return make_s2(secretariat, other_coordinator, other_member)


@pytest.fixture
def public_sc(secretariat, coordinator):
    return make_public_sc(secretariat, coordinator)


@pytest.fixture
def world(s1, s2, public_sc, org_member, outsider, secretariat):
    """Every subcommittee and persona at once."""
    return {"s1": s1, "s2": s2, "public": public_sc}


# The fixtures a module gets from ``module_world`` instead, when it opts in with
# globals().update(per_test_fixtures("module_world", WORLD_FIXTURES)).
WORLD_FIXTURES = (
    *("org_a", "org_b", "org_a_admin", "org_a_staff", "org_b_admin", "outsider", "secretariat"),
    *("member", "coordinator", "other_coordinator", "other_member", "org_member"),
    *("s1", "s2", "public_sc", "world"),
)


@pytest.fixture(scope="module")
def module_world(module_db):
    """What ``world`` builds, once per module (tests/worlds.py), in the same order."""
    secretariat = make_secretariat()
    org_a = make_org_a()
    coordinator = make_member(org_a, MembershipRole.ADMIN)
    member = make_member(org_a, MembershipRole.STAFF)
    s1 = make_s1(secretariat, coordinator, member)
    org_b = make_org_b()
    other_coordinator = make_member(org_b, MembershipRole.ADMIN)
    other_member = make_named_member(org_b, "other-member")
    s2 = make_s2(secretariat, other_coordinator, other_member)
    public_sc = make_public_sc(secretariat, coordinator)
    org_member = make_named_member(org_b, "org-member")
    outsider = make_outsider()
    return {
        "org_a": org_a,
        "org_b": org_b,
        "org_a_admin": coordinator,
        "org_a_staff": member,
        "org_b_admin": other_coordinator,
        "outsider": outsider,
        "secretariat": secretariat,
        "member": member,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "other_member": other_member,
        "org_member": org_member,
        "s1": s1,
        "s2": s2,
        "public_sc": public_sc,
        "world": {"s1": s1, "s2": s2, "public": public_sc},
    }


@pytest.fixture
def sign_in(client, request):
    """sign_in("member") → the client signed in as that persona (or anonymous)."""

    def as_(name):
        client.logout()
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return as_
