"""Issue #3's permission matrix: every URL of the organisations area × every persona.

Each cell names the outcome a persona must get on GET:
  ok     200
  login  302 to /accounts/login/ (signed out)
  denied refused without revealing anything: 403 (on the admin, for accounts
         without admin access), 404, or a redirect to the admin home
         (Wagtail's answer to a missing permission)
  gone   404 (unknown token or another organisation's object)
  post only  405: the view acts only on POST (the per-area tests POST to it)

A URL pattern of the area that has no row fails the test, so a new view
cannot ship without deciding who may open it. The per-area tests cover POSTs,
ID swaps and the database staying unchanged; this is the catalogue.
"""

from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest

from organisations.choices import ApplicationStatus, MembershipRole
from organisations.models import (
    ActivityGroup,
    ActivityType,
    Membership,
    Prefecture,
    RegisterImport,
    TargetGroup,
)
from tests.conftest import point_default_site_at_home
from tests.practices.helpers import make_index, make_practice
from tests.worlds import module_media, per_test_fixtures

from .conftest import make_personas
from .factories import ApplicationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "outsider",
    "org_a_staff",
    "org_a_writer",
    "org_a_admin",
    "org_b_admin",
    "page_editor",
    "secretariat",
    "superuser",
]

PUBLIC = dict.fromkeys(PERSONAS, "ok")
# Signed-in accounts without admin access get the refusal page (403,
# cms/middleware.py) on every admin URL; signed-out visitors sign in.
SECRETARIAT_ADMIN = {
    "anonymous": "login",
    "outsider": "denied",
    "org_a_staff": "denied",
    "org_a_writer": "denied",
    "org_a_admin": "denied",
    "org_b_admin": "denied",
    "page_editor": "denied",
    "secretariat": "ok",
    "superuser": "ok",
}
SUPERUSER_ONLY = {**SECRETARIAT_ADMIN, "secretariat": "denied"}
SECRETARIAT_POST = {**SECRETARIAT_ADMIN, "secretariat": "post only", "superuser": "post only"}
MEMBER_AREA = {
    "anonymous": "login",
    "outsider": "gone",
    "org_a_staff": "ok",
    "org_a_writer": "ok",
    "org_a_admin": "ok",
    "org_b_admin": "ok",
    "page_editor": "gone",
    "secretariat": "gone",
    "superuser": "gone",
}
ORG_ADMIN_ONLY = {
    **MEMBER_AREA,
    "org_a_staff": "denied",
    "org_a_writer": "denied",
}
# org_a's membership ids: only org_a's admin may act on them.
ORG_A_OBJECT = {**ORG_ADMIN_ONLY, "org_b_admin": "gone"}
UNKNOWN_TOKEN = dict.fromkeys(PERSONAS, "gone")
# The staff page's "may write write-ups" switch: POST only, for the organisation's
# admin (another organisation's admin gets a 404 on POST, see test_manage_staff).
ADMIN_POST_ONLY = {**ORG_A_OBJECT, "org_a_admin": "post only", "org_b_admin": "post only"}
# Writing write-ups: the organisation's admin and the staff the admin allowed
# (can_edit_practices); everyone else signed in gets a 404, whether or not
# they belong to an organisation.
PRACTICE_EDITOR = {**MEMBER_AREA, "org_a_staff": "gone"}
ORG_A_PRACTICE = {**PRACTICE_EDITOR, "org_b_admin": "gone"}
# Proposing support windows (support/member_views.py): the organisation's admin;
# everyone else signed in gets a 404, as for write-ups.
SUPPORT_PROPOSER = {**MEMBER_AREA, "org_a_staff": "gone", "org_a_writer": "gone"}
# Withdrawing a submission from review: POST only (ID swaps on POST are a 404,
# see tests/practices/test_submissions).
PRACTICE_POST_ONLY = {
    **PRACTICE_EDITOR,
    "org_a_writer": "post only",
    "org_a_admin": "post only",
    "org_b_admin": "post only",
}
# Translations of org_a's profile: its admin and the secretariat; its other
# staff get the "admin only" page (403), anyone else a 404 as for an unknown id.
ORG_A_TRANSLATIONS = {
    **ORG_A_OBJECT,
    "secretariat": "ok",
    "superuser": "ok",
}
# Starting a machine translation: POST only, refused before anything else on GET.
MACHINE_TRANSLATION = dict.fromkeys(PERSONAS, "post only")

# url name -> (kwargs factory name or None, expected row)
MATRIX = {
    # Public: the directory, the profile, applying
    "organisations:list": (None, PUBLIC),
    "organisations:detail": ("org_a_slug", PUBLIC),
    "join:apply": (None, PUBLIC),
    "join:sent": (None, PUBLIC),
    "join:confirmed": (None, PUBLIC),
    "join:confirm": ("unknown_token", UNKNOWN_TOKEN),
    # My organisation
    "my_organisation:dashboard": (None, MEMBER_AREA),
    "my_organisation:staff": (None, ORG_ADMIN_ONLY),
    "my_organisation:edit_profile": (None, ORG_ADMIN_ONLY),
    "my_organisation:invite_staff": (None, ORG_ADMIN_ONLY),
    "my_organisation:withdraw": (None, ORG_ADMIN_ONLY),
    "my_organisation:remove_staff": ("org_a_staff_membership", ORG_A_OBJECT),
    "my_organisation:transfer_admin": ("org_a_staff_membership", ORG_A_OBJECT),
    "my_organisation:set_practice_writer": ("org_a_staff_membership", ADMIN_POST_ONLY),
    "my_organisation:accept_invitation": ("unknown_token", UNKNOWN_TOKEN),
    "my_organisation:practice_list": (None, PRACTICE_EDITOR),
    "my_organisation:practice_new": (None, PRACTICE_EDITOR),
    "my_organisation:practice_edit": ("org_a_practice", ORG_A_PRACTICE),
    "my_organisation:practice_preview": ("org_a_practice", ORG_A_PRACTICE),
    "my_organisation:practice_withdraw": ("org_a_practice", PRACTICE_POST_ONLY),
    "my_organisation:support_proposals": (None, SUPPORT_PROPOSER),
    "my_organisation:translations": ("org_a_id", ORG_A_TRANSLATIONS),
    "my_organisation:translation_edit": ("org_a_english", ORG_A_TRANSLATIONS),
    "my_organisation:translation_machine": ("org_a_english", MACHINE_TRANSLATION),
    # Vetting applications (Wagtail admin)
    "applications:index": (None, SECRETARIAT_ADMIN),
    "applications:index_results": (None, SECRETARIAT_ADMIN),
    "applications:inspect": ("application_pk", SECRETARIAT_ADMIN),
    "applications:accept": ("application_pk", SECRETARIAT_POST),
    "applications:decline": ("application_pk", SECRETARIAT_POST),
    "applications:letter": ("application_pk", SECRETARIAT_ADMIN),
    # The register
    "organisation_register:index": (None, SECRETARIAT_ADMIN),
    "organisation_register:index_results": (None, SECRETARIAT_ADMIN),
    "organisation_register:add": (None, SECRETARIAT_ADMIN),
    "organisation_register:edit": ("org_b_pk", SECRETARIAT_ADMIN),
    "organisation_register:delete": ("org_b_pk", SUPERUSER_ONLY),
    "organisation_register:history": ("org_b_pk", SECRETARIAT_ADMIN),
    "organisation_register:history_results": ("org_b_pk", SECRETARIAT_ADMIN),
    "organisation_register:usage": ("org_b_pk", SECRETARIAT_ADMIN),
    "organisation_register:status": ("org_b_pk", SECRETARIAT_ADMIN),
    "organisation_register:audit": ("org_b_pk", SECRETARIAT_ADMIN),
    "organisations_register_import": (None, SECRETARIAT_ADMIN),
    "organisations_register_import_report": ("own_upload_pk", SECRETARIAT_ADMIN),
    "organisations_register_template": (None, SECRETARIAT_ADMIN),
    "organisations_register_export": (None, SECRETARIAT_ADMIN),
}
TAXONOMY_VIEWS = ["index", "index_results", "add", "edit", "delete", "history",
                  "history_results", "usage", "reorder"]  # fmt: skip
TAXONOMY_KWARGS = {
    "activitygroup": "activity_group_pk",
    "activitytype": "activity_type_pk",
    "targetgroup": "target_group_pk",
    "prefecture": "prefecture_pk",
}
for _namespace, _kwarg in TAXONOMY_KWARGS.items():
    for _view in TAXONOMY_VIEWS:
        _needs_pk = _view not in ("index", "index_results", "add")
        # Vocabulary items in use by organisations may not be deleted; the
        # delete view still opens (it explains why), for whoever may delete.
        _row = SUPERUSER_ONLY if _view == "delete" else SECRETARIAT_ADMIN
        if _view == "reorder":
            _row = SECRETARIAT_POST
        if _namespace == "prefecture" and _view == "add":
            _row = SUPERUSER_ONLY  # the 47 prefectures are fixed
        MATRIX[f"{_namespace}:{_view}"] = (_kwarg if _needs_pk else None, _row)

AREA_PREFIXES = ("organisations/", "join/", "my-organisation/", "admin/applications/",
                 "admin/organisations/", "admin/register/", "admin/activitygroup/",
                 "admin/activitytype/", "admin/targetgroup/", "admin/prefecture/")  # fmt: skip


def area_url_names():
    names = set()

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                route = prefix + str(pattern.pattern)
                if route.startswith(AREA_PREFIXES):
                    names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_url_of_the_area_has_a_row():
    names = area_url_names()
    # reorder exists only for ordered vocabularies
    expected = {name for name in MATRIX if name in names or not name.endswith(":reorder")}
    assert names - set(MATRIX) == set(), "URLs without a row in the matrix"
    assert expected - names == set(), "rows for URLs that no longer exist"


# The world is built once for the module (tests/worlds.py): the personas,
# an application with its letter, a write-up; each test gets its own copies.
globals().update(module_media("permission-matrix"))


@pytest.fixture(scope="module")
def world(module_db, media):
    people = make_personas()
    org_a, org_a_staff = people["org_a"], people["org_a_staff"]
    # Wagtail's Editors group: admin access for pages, nothing of the register.
    people["page_editor"] = UserFactory(username="page-editor", groups=["Editors"])
    # Staff of org_a whom the admin allowed to write write-ups.
    people["org_a_writer"] = MembershipFactory(
        organisation=org_a, role=MembershipRole.STAFF, can_write_practices=True
    ).user
    superuser = UserFactory(username="root")
    superuser.is_superuser = superuser.is_staff = True
    superuser.save()
    people["superuser"] = superuser
    home_page = point_default_site_at_home()

    membership = Membership.objects.get(user=org_a_staff, role=MembershipRole.STAFF)
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    application.recommendation_letter.save("letter.pdf", ContentFile(b"%PDF-1.4\n%%EOF"))
    practice = make_practice(make_index(home_page), org_a)
    people["url_kwargs"] = {
        "org_a_practice": {"page_id": practice.pk},
        "org_a_slug": {"slug": org_a.slug},
        "org_a_id": {"organisation_id": org_a.pk},
        "org_a_english": {"organisation_id": org_a.pk, "language": "en"},
        "org_b_pk": {"pk": people["org_b"].pk},
        "unknown_token": {"token": "not-a-real-token"},
        "org_a_staff_membership": {"membership_id": membership.pk},
        "application_pk": {"pk": application.pk},
        "activity_group_pk": {"pk": ActivityGroup.objects.first().pk},
        "activity_type_pk": {"pk": ActivityType.objects.first().pk},
        "target_group_pk": {"pk": TargetGroup.objects.first().pk},
        "prefecture_pk": {"pk": Prefecture.objects.first().pk},
        "own_upload_pk": lambda persona_user: {
            "pk": RegisterImport.objects.create(
                created_by=persona_user, filename="r.csv", content=b"\xef\xbb\xbf"
            ).pk
        },
    }

    return people


globals().update(per_test_fixtures("world", [*PERSONAS[1:], "url_kwargs"]))


def outcome(response):
    status = response.status_code
    location = response.get("Location", "")
    if status == 200:
        return "ok"
    if status == 302 and location.startswith("/accounts/login/"):
        return "login"
    if status == 404:
        return "gone"
    if status == 405:
        return "post only"
    if status == 403 or (status == 302 and location.rstrip("/") in ("/admin", "")):
        return "denied"
    return f"{status} {location}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_matrix(persona, client, request, url_kwargs, org_b_admin, org_a_admin):
    # org_a_admin and org_b_admin make both organisations have an admin, as in life.

    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)
    mismatches = {}
    names = area_url_names()
    for name, (kwargs_name, row) in MATRIX.items():
        if name not in names:
            continue
        kwargs = url_kwargs[kwargs_name] if kwargs_name else {}
        if callable(kwargs):
            kwargs = kwargs(user)
        response = client.get(reverse(name, kwargs=kwargs))
        got = outcome(response)
        if got != row[persona]:
            mismatches[name] = f"{persona}: expected {row[persona]}, got {got}"
    assert mismatches == {}
