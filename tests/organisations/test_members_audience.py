"""Members-only follows membership: the 会員 group audience (issue 15).

A members-only report is restricted to the 会員 group (Wagtail's group
restriction). A unique canary is planted in its Japanese page, its English
translation and its PDF, and the page is in the search index. Each persona
must find the canary nowhere (page, translation, PDF download, site search in
three languages) unless it reads members-only content: staff of an active
member organisation, the secretariat, the editors. Then the state changes:
expulsion, suspension, reinstatement, removal from the staff, deactivation,
a new membership, a move to another organisation.
"""

import importlib
import io

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Locale, PageViewRestriction

import pytest

from home.models import ReportDocument
from organisations import access
from organisations.choices import MembershipRole, OrganisationStatus
from organisations.models import Membership
from organisations.services import audience, manage
from tests.conftest import point_default_site_at_home
from tests.home.factories import (
    PDF_BYTES,
    DocumentFactory,
    ReportIndexPageFactory,
    ReportPageFactory,
    body,
)
from tests.worlds import per_test_fixtures

from .conftest import make_member, make_outsider, make_secretariat
from .factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

CANARY = "kanariazq7"
PAGE_URL = "/reports/members-minutes/"
EN_PAGE_URL = "/en/reports/members-minutes-en/"
SEARCH_URLS = ("/search/", "/en/search/", "/ja-x-easy/search/")

TITLES = {"第1回ネットワーク会議 議事録（会員限定）", "Network meeting minutes (members only)"}
PAGE_WORDS = ("会員向けの議事録", "議事の詳細")

READERS = ("member", "org_admin", "secretariat", "editor")
NON_READERS = (
    "anonymous",
    "outsider",
    "suspended_staff",
    "expelled_staff",
    "withdrawn_staff",
    "removed_staff",
    "deactivated",
)


def members_group():
    return Group.objects.get(name=access.MEMBERS_GROUP)


def restrict_to_members(page):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([members_group()])
    return restriction


def staff_of(status):
    organisation = OrganisationFactory()
    user = make_member(organisation, MembershipRole.STAFF)
    if status != OrganisationStatus.ACTIVE:
        # make_secretariat() gets the one secretariat account (get_or_create).
        manage.set_status(organisation, status, by=make_secretariat(), reason="テスト")
    return user


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    """One MEDIA_ROOT for the module: the world's PDF is written once, before any test."""
    path = tmp_path_factory.mktemp("members-media")
    with override_settings(MEDIA_ROOT=path):
        yield path


@pytest.fixture(autouse=True)
def _media_root(settings, media):
    settings.MEDIA_ROOT = media


@pytest.fixture(scope="module")
def world(module_db, media):
    home = point_default_site_at_home()
    reports = ReportIndexPageFactory(parent=home)
    page = ReportPageFactory(
        parent=reports,
        title="第1回ネットワーク会議 議事録（会員限定）",  # TITLES
        slug="members-minutes",
        summary=f"会員向けの議事録です。{CANARY}",
        body=body(f"議事の詳細 {CANARY}"),
    )
    pdf = PDF_BYTES.replace(b"%%EOF", f"% {CANARY}\n%%EOF".encode())
    document = DocumentFactory(title="議事録PDF", file=ContentFile(pdf, name="members-minutes.pdf"))
    ReportDocument.objects.create(page=page, document=document, title="議事録")
    page.save_revision().publish()  # the reference index now knows the page uses it
    restrict_to_members(page)
    english = page.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.slug = "members-minutes-en"
    english.title = "Network meeting minutes (members only)"
    english.save_revision().publish()

    secretariat = make_secretariat()
    active = OrganisationFactory(name="あおぞら見守りネット", slug="aozora")
    org_admin = make_member(active, MembershipRole.ADMIN)
    member = make_member(active, MembershipRole.STAFF)
    removed_staff = make_member(active, MembershipRole.STAFF)
    manage.remove_staff(active, removed_staff.membership, by=org_admin)
    deactivated = make_member(active, MembershipRole.STAFF)
    deactivated.is_active = False
    deactivated.save()
    return {
        "page": page,
        "english": english,
        "document": document,
        "active": active,
        "member": member,
        "org_admin": org_admin,
        "secretariat": secretariat,
        "editor": UserFactory(username="editor-e", groups=["Editors"]),
        "outsider": make_outsider(),
        "suspended_staff": staff_of(OrganisationStatus.SUSPENDED),
        "expelled_staff": staff_of(OrganisationStatus.EXPELLED),
        "withdrawn_staff": staff_of(OrganisationStatus.WITHDRAWN),
        "removed_staff": removed_staff,
        "deactivated": deactivated,
    }


globals().update(
    per_test_fixtures(
        "world",
        ["document", "active", "member", "org_admin", "secretariat"],
    )
)


@pytest.fixture
def sign_in(client, world):
    def as_(name):
        client.logout()
        if name != "anonymous":
            client.force_login(type(world[name]).objects.get(pk=world[name].pk))
        return client

    return as_


def downloaded(response):
    if response.status_code != 200:
        return b""
    return b"".join(response.streaming_content)


def what_reads(client, document):
    """Where the canary shows for this client: page, translation, PDF, search."""
    read = set()
    for name, url in (("page", PAGE_URL), ("english", EN_PAGE_URL)):
        html = client.get(url).content.decode()
        if CANARY in html or any(words in html for words in PAGE_WORDS):
            read.add(name)
    if CANARY.encode() in downloaded(client.get(document.url)):
        read.add("document")
    for url in SEARCH_URLS:
        # The query itself is echoed back: look for the page's own words.
        response = client.get(url, {"q": CANARY})
        html = response.content.decode()
        titles = [result.title for result in response.context["results"]]
        if TITLES & set(titles) or any(words in html for words in PAGE_WORDS):
            read.add(url)
    return read


EVERYWHERE = {"page", "english", "document", *SEARCH_URLS}


@pytest.mark.parametrize("persona", READERS)
def test_readers_read_page_translation_document_and_search(sign_in, document, persona):
    assert what_reads(sign_in(persona), document) == EVERYWHERE


@pytest.mark.parametrize("persona", NON_READERS)
def test_non_readers_find_the_canary_nowhere(sign_in, document, persona):
    assert what_reads(sign_in(persona), document) == set()


def test_anonymous_is_sent_to_the_real_sign_in_page(client, document):
    response = client.get(PAGE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/reports/members-minutes/")
    assert client.get(response["Location"]).status_code == 200
    response = client.get(EN_PAGE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=/en/reports/")
    response = client.get(document.url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/accounts/login/?next={document.url}")


@pytest.mark.parametrize("persona", ["outsider", "expelled_staff", "removed_staff"])
def test_signed_in_non_readers_get_not_found_not_a_sign_in_loop(sign_in, document, persona):
    client = sign_in(persona)
    assert client.get(PAGE_URL).status_code == 404
    assert client.get(EN_PAGE_URL).status_code == 404
    assert client.get(document.url).status_code == 404


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_a_public_page_asks_a_signed_in_reader_about_no_restriction(sign_in, persona):
    """Only a page on or below a restriction (or translating one) reads its
    ancestors' restrictions for a signed-in reader; the public index above
    the members-only minutes does not."""
    client = sign_in(persona)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/reports/").status_code == 200
    asked = [q for q in captured if '"wagtailcore_pageviewrestriction"."page_id" IN' in q["sql"]]
    assert asked == []


# --- State changes: the next request follows ---------------------------------


def test_expelled_then_reinstated(sign_in, document, active, member, secretariat):
    client = sign_in("member")
    assert what_reads(client, document) == EVERYWHERE
    manage.set_status(active, OrganisationStatus.EXPELLED, by=secretariat, reason="会費未納")
    assert what_reads(client, document) == set()
    manage.set_status(active, OrganisationStatus.ACTIVE, by=secretariat, reason="復帰")
    assert what_reads(client, document) == EVERYWHERE


@pytest.mark.parametrize(
    "status",
    [OrganisationStatus.SUSPENDED, OrganisationStatus.WITHDRAWN],
)
def test_suspended_or_withdrawn_stops_reading(sign_in, document, active, secretariat, status):
    client = sign_in("member")
    manage.set_status(active, status, by=secretariat, reason="理由")
    assert what_reads(client, document) == set()


def test_status_changed_by_saving_the_organisation(sign_in, document, active):
    """The register's edit form and its import save the organisation itself."""
    client = sign_in("member")
    active.status = OrganisationStatus.SUSPENDED
    active.save()
    assert what_reads(client, document) == set()


def test_removed_from_the_staff_stops_reading(sign_in, document, active, member, org_admin):
    client = sign_in("member")
    manage.remove_staff(active, Membership.objects.get(user=member), by=org_admin)
    assert what_reads(client, document) == set()


def test_deactivated_account_stops_reading(sign_in, document, member):
    client = sign_in("member")
    member.is_active = False
    member.save()
    assert what_reads(client, document) == set()
    member.is_active = True
    member.save()
    client.force_login(member)
    assert what_reads(client, document) == EVERYWHERE


def test_new_membership_starts_reading(sign_in, document, world, active):
    client = sign_in("outsider")
    Membership.objects.create(user_id=world["outsider"].pk, organisation=active)
    assert what_reads(client, document) == EVERYWHERE


def test_membership_moved_to_a_suspended_organisation(sign_in, document, world, member):
    client = sign_in("member")
    membership = Membership.objects.get(user=member)
    membership.organisation_id = world["suspended_staff"].membership.organisation_id
    membership.save()
    assert what_reads(client, document) == set()


def test_membership_moved_to_another_account(sign_in, document, world, member):
    membership = Membership.objects.get(user=member)
    membership.user_id = world["outsider"].pk
    membership.save()
    assert what_reads(sign_in("member"), document) == set()
    assert what_reads(sign_in("outsider"), document) == EVERYWHERE


def test_group_edited_by_hand_is_put_back(world, member):
    group = members_group()
    outsider = world["outsider"]
    outsider.groups.add(group)
    assert not group.user_set.filter(pk=outsider.pk).exists()
    member.groups.remove(group)
    assert group.user_set.filter(pk=member.pk).exists()
    member.groups.clear()
    assert group.user_set.filter(pk=member.pk).exists()


def test_leaving_the_secretariat_stops_reading(sign_in, document, secretariat):
    client = sign_in("secretariat")
    secretariat.groups.remove(*Group.objects.filter(name__in=["事務局", "Moderators"]))
    assert what_reads(client, document) == set()


def test_accounts_and_organisations_can_still_be_deleted(world, member, active):
    superuser = UserFactory(username="root-m", is_superuser=True)
    Membership.objects.create(user=superuser, organisation=active)
    superuser.delete()
    type(member).objects.filter(pk=member.pk).delete()
    active.delete()
    assert not audience.drift()


def test_migration_turns_login_restrictions_into_the_group(world):
    """Pages restricted to "signed-in users" before the group existed become members-only."""
    from django.apps import apps

    migration = importlib.import_module("organisations.migrations.0005_members_group")
    page = world["page"]
    PageViewRestriction.objects.filter(page=page).delete()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    migration.create_group(apps, None)
    (restriction,) = PageViewRestriction.objects.filter(page=page)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert list(restriction.groups.all()) == [members_group()]


# --- The rule and the group agree ---------------------------------------------


def test_group_is_exactly_the_rule(world):
    users = [world[name] for name in READERS + NON_READERS if name != "anonymous"]
    in_group = set(members_group().user_set.values_list("pk", flat=True))
    for user in users:
        fresh = type(user).objects.get(pk=user.pk)
        assert (user.pk in in_group) is access.reads_members_only(fresh), user.username
    assert not audience.drift()


def test_sync_command_repairs_what_signals_missed(world, member):
    group = members_group()
    outsider = world["outsider"]
    # Writes that send no signals: a bulk update and the m2m table itself.
    type(member).objects.filter(pk=member.pk).update(is_active=False)
    group.user_set.through.objects.create(group=group, user_id=outsider.pk)
    with pytest.raises(CommandError):
        call_command("sync_members_group", "--check", stdout=io.StringIO())
    assert group.user_set.filter(pk=outsider.pk).exists()  # --check changes nothing
    out = io.StringIO()
    call_command("sync_members_group", stdout=out)
    assert outsider.username in out.getvalue() and member.username in out.getvalue()
    assert not group.user_set.filter(pk__in=[outsider.pk, member.pk]).exists()
    call_command("sync_members_group", "--check", stdout=out)


# --- What editors are offered ---------------------------------------------------


def test_editors_are_offered_groups_not_signed_in_users(client, world):
    page = world["page"]
    superuser = UserFactory(username="root-e", is_superuser=True, is_staff=True)
    client.force_login(superuser)
    response = client.get(reverse("wagtailadmin_pages:set_privacy", args=[page.pk]))
    assert response.status_code == 200
    choices = dict(response.context["form"].fields["restriction_type"].choices)
    assert PageViewRestriction.GROUPS in choices
    assert PageViewRestriction.LOGIN not in choices
    groups = response.context["form"].fields["groups"].queryset
    assert groups.filter(name=access.MEMBERS_GROUP).exists()
