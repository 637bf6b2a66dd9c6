"""Every URL of the subcommittees area × every persona, on GET (deny by default).

Cells: ok 200 · login (to the sign-in page) · gone 404 · denied 403 (or the
admin home) · back (302 to the subcommittee's own page: nothing to do there) ·
post only 405. All URLs are about S1 (members-only, on request) and its
objects. A URL pattern of the area without a row fails the test, so a new
view cannot ship without deciding who may open it; POSTs, ID swaps and the
database staying unchanged are tested in test_views.py.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest

from subcommittees.models import MeetingDocument, MeetingRecord, SubcommitteeMembership
from tests.worlds import per_test_fixtures

from .conftest import SUBCOMMITTEE_PERSONAS, WORLD_FIXTURES

pytestmark = pytest.mark.django_db

# Every persona and subcommittee comes from one world built for the whole
# module (tests/worlds.py); each test gets its own copies, in its own savepoint.
globals().update(per_test_fixtures("module_world", WORLD_FIXTURES))

P = SUBCOMMITTEE_PERSONAS


def row(default, **cells):
    return {persona: cells.get(persona, default) for persona in P}


EVERYONE = row("ok")
POST_ONLY = row("post only")
DISCOVER = row("ok", anonymous="gone", outsider="gone")
READ = row("gone", member="ok", coordinator="ok", secretariat="ok")
MANAGE = row("gone", anonymous="login", member="denied", coordinator="ok", secretariat="ok")
REQUEST = row(
    "back", anonymous="login", outsider="gone", org_member="ok", other_member="ok",
    other_coordinator="ok",
)  # fmt: skip
LEAVE = row("back", anonymous="login", outsider="gone", member="ok", coordinator="ok")
# The admin: signed-out visitors sign in; signed-in accounts without admin
# access get the refusal page (403, cms/middleware.py), not a sign-in loop.
ADMIN = row("denied", anonymous="login", secretariat="ok")
ADMIN_NO_DELETE = row("denied", anonymous="login")

MATRIX = {
    "subcommittees:list": (None, EVERYONE),
    "subcommittees:detail": ("s1", DISCOVER),
    "subcommittees:join": ("s1", POST_ONLY),
    "subcommittees:request": ("s1", REQUEST),
    "subcommittees:leave": ("s1", LEAVE),
    "subcommittees:notify": ("s1", POST_ONLY),
    "subcommittees:answer_invitation": ("s1", POST_ONLY),
    "subcommittees:manage": ("s1", MANAGE),
    "subcommittees:invite": ("s1", MANAGE),
    "subcommittees:moderation": ("s1", POST_ONLY),
    "subcommittees:accept_request": ("request", POST_ONLY),
    "subcommittees:decline_request": ("request", POST_ONLY),
    "subcommittees:remove_member": ("membership", MANAGE),
    "subcommittees:meeting_list": ("s1", READ),
    "subcommittees:meeting_add": ("s1", MANAGE),
    "subcommittees:meeting_schedule": ("s1", MANAGE),
    "subcommittees:meeting_reschedule": ("meeting", MANAGE),
    "subcommittees:meeting_detail": ("meeting", READ),
    "subcommittees:meeting_edit": ("meeting", MANAGE),
    "subcommittees:meeting_delete": ("meeting", MANAGE),
    "subcommittees:document_add": ("meeting", MANAGE),
    "subcommittees:document": ("document", READ),
    "subcommittees:document_delete": ("document", POST_ONLY),
    "subcommittee_admin:index": (None, ADMIN),
    "subcommittee_admin:index_results": (None, ADMIN),
    "subcommittee_admin:add": (None, ADMIN),
    "subcommittee_admin:edit": ("pk", ADMIN),
    "subcommittee_admin:delete": ("pk", ADMIN_NO_DELETE),
    "subcommittee_admin:history": ("pk", ADMIN),
    "subcommittee_admin:history_results": ("pk", ADMIN),
    "subcommittee_admin:usage": ("pk", ADMIN),
}

AREA_PREFIXES = ("subcommittees/", "admin/subcommittee_admin/")


def area_url_names():
    names = set()

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace)
            elif (
                isinstance(pattern, URLPattern)
                and pattern.name
                and (prefix + str(pattern.pattern)).startswith(AREA_PREFIXES)
            ):
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_url_of_the_area_has_a_row():
    names = area_url_names()
    assert names - set(MATRIX) == set(), "URLs without a row in the matrix"
    assert set(MATRIX) - names == set(), "rows for URLs that no longer exist"


@pytest.fixture
def objects(world, org_member, member):
    s1 = world["s1"]
    meeting = MeetingRecord.objects.create(subcommittee=s1, date=datetime.date.today(), title="会")
    document = MeetingDocument.objects.create(
        meeting=meeting, title="資料", file=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n")
    )
    join_request = s1.join_requests.create(user=org_member)
    membership = SubcommitteeMembership.objects.get(subcommittee=s1, user=member)
    return {
        "s1": {"slug": s1.slug},
        "pk": {"pk": s1.pk},
        "meeting": {"slug": s1.slug, "pk": meeting.pk},
        "document": {"slug": s1.slug, "pk": meeting.pk, "document_pk": document.pk},
        "request": {"slug": s1.slug, "pk": join_request.pk},
        "membership": {"slug": s1.slug, "pk": membership.pk},
    }


def outcome(response):
    status, location = response.status_code, response.get("Location", "")
    if status == 200:
        return "ok"
    if status == 302 and location.startswith(("/accounts/login/", "/admin/login/")):
        return "login"
    if status == 302 and location == "/subcommittees/kodomo/":
        return "back"
    if status == 404:
        return "gone"
    if status == 405:
        return "post only"
    if status == 403 or (status == 302 and location.rstrip("/") == "/admin"):
        return "denied"
    return f"{status} {location}"


@pytest.mark.parametrize("persona", P)
def test_matrix(persona, objects, sign_in):
    client = sign_in(persona)
    mismatches = {}
    for name, (kwargs_key, cells) in MATRIX.items():
        kwargs = objects[kwargs_key] if kwargs_key else {}
        got = outcome(client.get(reverse(name, kwargs=kwargs)))
        if got != cells[persona]:
            mismatches[name] = (cells[persona], got)
    assert mismatches == {}
