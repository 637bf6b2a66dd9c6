"""削除: a member asks, the 事務局 confirms; the account is scrubbed, others' posts stay."""

from django.test import Client

import pytest

from cms.models import OutboundEmail
from organisations.choices import MembershipRole
from organisations.models import Membership, ProfileChange
from practices.models import PracticePage
from privacy.models import DeletionRequest
from subcommittees.models import SubcommitteeMembership
from tests.conftest import PASSWORD
from tests.forum.conftest import url_of
from tests.organisations.conftest import make_org_b
from tests.organisations.factories import UserFactory
from tests.worlds import per_test_fixtures

from .worlds import build_world, person, reauthenticated

pytestmark = pytest.mark.django_db

DELETE = "/accounts/my-data/delete/"
QUEUE = "/admin/privacy/deletion-requests/"


def confirm_url(deletion):
    return f"{QUEUE}{deletion.pk}/confirm/"


@pytest.fixture(scope="module")
def world(module_db):
    world = build_world()
    org_b = make_org_b()
    world["lone_admin"] = person(org_b, MembershipRole.ADMIN, "鈴木", "二郎", "suzuki@example.org")
    world["editor"] = UserFactory(username="editor-only", groups=["Editors"])
    return world


globals().update(
    per_test_fixtures(
        "world", ["staff", "admin", "secretariat", "lone_admin", "editor", "org", "admin_topic"]
    )
)


def ask(client, user, **data):
    reauthenticated(client, user)
    return client.post(DELETE, {"understood": "on", "reason": "引っ越します", **data})


def test_asking_needs_the_password_again(client, staff):
    client.force_login(staff)
    assert client.get(DELETE).status_code == 200
    response = client.post(DELETE, {"understood": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not DeletionRequest.objects.exists()


def test_asking_without_ticking_the_box_saves_nothing(client, staff):
    response = ask(client, staff, understood="", reason="理由は残る")
    assert response.status_code == 200
    html = response.content.decode()
    assert "確認のチェックを入れてください。" in html
    assert "理由は残る" in html  # what they typed is still in the form
    assert not DeletionRequest.objects.exists()


def test_a_request_is_recorded_once_and_both_sides_are_told(client, staff, secretariat):
    staff = staff
    response = ask(client, staff)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/my-data/"
    deletion = DeletionRequest.objects.get()
    assert (deletion.user, deletion.status, deletion.email) == (
        staff,
        DeletionRequest.Status.PENDING,
        "sato@example.org",
    )
    mails = {tuple(mail.to): mail.subject for mail in OutboundEmail.objects.filter(
        subject__contains="削除"
    )}  # fmt: skip
    assert mails[("sato@example.org",)] == "【つながりネット】データの削除の申し出を受け付けました"
    assert mails[(secretariat.email,)] == "【つながりネット】データの削除の申し出があります"
    # Asking again changes nothing; the page shows the pending request.
    assert ask(client, staff).status_code == 302
    assert DeletionRequest.objects.count() == 1
    html = client.get("/accounts/my-data/").content.decode()
    assert "申し出を取り下げる" in html
    # The member may withdraw it.
    client.post("/accounts/my-data/delete/cancel/")
    deletion.refresh_from_db()
    assert deletion.status == DeletionRequest.Status.CANCELLED
    assert (deletion.name, deletion.email, deletion.reason) == ("", "", "")


def test_confirmed_deletion_scrubs_the_account_and_keeps_the_discussion(
    client, staff, admin, secretariat, org, admin_topic
):
    ask(client, staff)
    deletion = DeletionRequest.objects.get()
    # The member is still signed in elsewhere.
    other_device = Client()
    other_device.force_login(staff)

    client.force_login(secretariat)
    queue = client.get(QUEUE)
    assert queue.status_code == 200
    assert "佐藤 一郎" in queue.content.decode()
    response = client.post(confirm_url(deletion))
    assert response.status_code == 302
    assert response["Location"] == QUEUE

    staff.refresh_from_db()
    assert not staff.is_active
    assert staff.email == "" and staff.first_name == "" and staff.last_name == ""
    assert staff.username.startswith("erased-")
    assert not staff.has_usable_password()
    assert not staff.emailaddress_set.exists()
    assert not staff.authenticator_set.exists()
    assert not Membership.objects.filter(user=staff).exists()
    assert not SubcommitteeMembership.objects.filter(user=staff).exists()
    assert not ProfileChange.objects.filter(user=staff).exists()
    deletion.refresh_from_db()
    assert deletion.status == DeletionRequest.Status.CONFIRMED
    assert (deletion.name, deletion.email, deletion.decided_by) == ("", "", secretariat)
    # The person is told at the address they had.
    told = OutboundEmail.objects.get(subject="【つながりネット】データを削除しました")
    assert told.to == ["sato@example.org"]

    # They cannot sign in, and their other session is over.
    fresh = Client()
    fresh.post("/accounts/login/", {"login": "sato@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in fresh.session
    assert other_device.get("/accounts/my-data/").status_code == 302

    # Their posts stay, under a neutral name; the colleague's are as they were.
    client.force_login(admin)
    page = client.get(url_of(admin_topic)).content.decode()
    assert "KANARIA-STAFF-REPLY" in page
    assert "退会したユーザー" in page
    assert "佐藤 一郎" not in page
    assert "KANARIA-ADMIN-POST" in page
    assert "高橋 美咲" in page
    # Their write-up keeps its organisation, not the person.
    practice = PracticePage.objects.get(title="KANARIA-STAFF-PRACTICE")
    assert practice.owner is None
    assert practice.organisation == org
    # The colleague's account is untouched.
    admin.refresh_from_db()
    assert admin.is_active and admin.email == "takahashi@example.org"


def test_only_the_secretariat_confirms(client, staff, admin, editor):
    ask(client, staff)
    deletion = DeletionRequest.objects.get()
    client.force_login(editor)
    assert client.get(QUEUE).status_code == 403
    assert client.post(confirm_url(deletion)).status_code == 403
    client.force_login(admin)  # an organisation admin has no admin access at all
    assert client.post(confirm_url(deletion)).status_code == 403  # the admin's refusal page
    deletion.refresh_from_db()
    assert deletion.status == DeletionRequest.Status.PENDING
    staff.refresh_from_db()
    assert staff.is_active


def test_an_organisations_only_admin_is_asked_to_hand_over_first(client, lone_admin):
    response = ask(client, lone_admin)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ただ一人の団体管理者" in html
    assert "みなと居場所の会" in html
    assert not DeletionRequest.objects.exists()
    # Before trying, the page already says why, and offers no form to send.
    html = client.get(DELETE).content.decode()
    assert "団体管理者を別のスタッフに引き継いでください" in html
    assert 'name="understood"' not in html


def test_confirming_is_refused_while_the_person_is_the_only_admin(client, secretariat, lone_admin):
    lone_admin = lone_admin
    deletion = DeletionRequest.objects.create(user=lone_admin, name="鈴木 二郎")
    client.force_login(secretariat)
    assert "ただ一人の団体管理者" in client.get(QUEUE).content.decode()
    response = client.post(confirm_url(deletion), follow=True)
    assert "まだ削除できません" in response.content.decode()
    deletion.refresh_from_db()
    assert deletion.status == DeletionRequest.Status.PENDING
    lone_admin.refresh_from_db()
    assert lone_admin.is_active
    assert Membership.objects.filter(user=lone_admin).exists()
