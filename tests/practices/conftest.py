"""The organisation personas (tests/organisations/conftest.py) serve the write-up tests too."""

from tests.organisations.conftest import (  # noqa: F401 - fixtures, found by name
    as_persona,
    org_a,
    org_a_admin,
    org_a_staff,
    org_b,
    org_b_admin,
    outsider,
    secretariat,
)
