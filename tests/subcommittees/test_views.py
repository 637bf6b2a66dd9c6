"""The front-end pages of /subcommittees/ for every persona, and their changes."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

import pytest

from cms.models import OutboundEmail
from subcommittees import access
from subcommittees.models import (
    DecisionStatus,
    JoinRequest,
    MeetingDocument,
    MeetingRecord,
    SubcommitteeInvitation,
    SubcommitteeMembership,
)
from tests.worlds import per_test_fixtures

from .conftest import SUBCOMMITTEE_PERSONAS, WORLD_FIXTURES

pytestmark = pytest.mark.django_db

# Every persona and subcommittee comes from one world built for the whole
# module (tests/worlds.py); each test gets its own copies, in its own savepoint.
globals().update(per_test_fixtures("module_world", WORLD_FIXTURES))

CANARY = "KANARIA-S1-7f3a 秘密の相談"
PDF = b"%PDF-1.4\n% canary document\n"


@pytest.fixture
def s1_meeting(s1, coordinator):
    s1.description = f"説明 {CANARY}"
    s1.save()
    return MeetingRecord.objects.create(
        subcommittee=s1,
        date=datetime.date.today() + datetime.timedelta(days=7),
        title=f"第3回 定例会 {CANARY}",
        agenda="食材の確保について",
        minutes="<p>議事録<script>alert(1)</script></p>",
        visibility=MeetingRecord.Visibility.MEMBERS,
        created_by=coordinator,
    )


@pytest.fixture
def s1_document(s1_meeting):
    return MeetingDocument.objects.create(
        meeting=s1_meeting,
        title=f"資料 {CANARY}",
        file=SimpleUploadedFile("shiryo.pdf", PDF),
        original_name="shiryo.pdf",
        size=len(PDF),
    )


def url(name, *args):
    return reverse(f"subcommittees:{name}", args=args)


# --- Reading, persona by persona ---------------------------------------------

DETAIL_S1 = {  # members-only, on request
    "anonymous": 404,
    "outsider": 404,
    "org_member": 200,  # the teaser: name, theme and the request button
    "other_member": 200,
    "member": 200,
    "coordinator": 200,
    "other_coordinator": 200,
    "secretariat": 200,
}
FULL_S1 = {"member", "coordinator", "secretariat"}  # may read its contents


@pytest.mark.parametrize("persona", SUBCOMMITTEE_PERSONAS)
def test_members_only_detail(persona, world, s1_meeting, sign_in):
    client = sign_in(persona)
    response = client.get(url("detail", "kodomo"))
    assert response.status_code == DETAIL_S1[persona]
    body = response.content.decode()
    if persona in FULL_S1:
        assert CANARY in body
    else:
        assert CANARY not in body
    if response.status_code == 200 and persona not in FULL_S1:
        assert "参加を申請する" in body


@pytest.mark.parametrize("persona", SUBCOMMITTEE_PERSONAS)
def test_invitation_only_subcommittee_is_invisible_to_non_members(persona, world, sign_in):
    response = sign_in(persona).get(url("detail", "hikikomori"))
    expected = 200 if persona in {"other_member", "other_coordinator", "secretariat"} else 404
    assert response.status_code == expected


@pytest.mark.parametrize("persona", SUBCOMMITTEE_PERSONAS)
def test_list(persona, world, s1_meeting, sign_in):
    response = sign_in(persona).get(url("list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "居場所づくり分科会" in body
    assert CANARY not in body
    assert ("こども食堂分科会" in body) == (persona not in {"anonymous", "outsider"})
    assert ("ひきこもり支援分科会" in body) == (
        persona in {"other_member", "other_coordinator", "secretariat"}
    )


@pytest.mark.parametrize("persona", SUBCOMMITTEE_PERSONAS)
def test_meeting_pages_and_document(persona, world, s1_document, sign_in):
    client = sign_in(persona)
    meeting = s1_document.meeting
    expected = 200 if persona in FULL_S1 else 404
    assert client.get(url("meeting_list", "kodomo")).status_code == expected
    detail = client.get(url("meeting_detail", "kodomo", meeting.pk))
    assert detail.status_code == expected
    download = client.get(url("document", "kodomo", meeting.pk, s1_document.pk))
    assert download.status_code == expected
    if expected == 200:
        assert "<script>" not in detail.content.decode()
        assert b"".join(download.streaming_content) == PDF
        assert download["Content-Disposition"].startswith("attachment")
        assert download["X-Content-Type-Options"] == "nosniff"
        assert "private" in download["Cache-Control"]


def test_document_id_swap_is_not_found(world, s1_document, sign_in, other_coordinator, s2):
    """A document of S1 asked for through S2's URL (which the viewer may read): 404."""
    other_meeting = MeetingRecord.objects.create(
        subcommittee=s2, date=datetime.date.today(), title="S2"
    )
    client = sign_in("other_coordinator")
    response = client.get(url("document", "hikikomori", other_meeting.pk, s1_document.pk))
    assert response.status_code == 404
    response = client.get(url("document", "hikikomori", s1_document.meeting_id, s1_document.pk))
    assert response.status_code == 404


def test_public_subcommittee_hides_members_only_meeting_records(public_sc, sign_in):
    MeetingRecord.objects.create(
        subcommittee=public_sc, date=datetime.date.today(), title="公開の会議", visibility="public"
    )
    secret = MeetingRecord.objects.create(
        subcommittee=public_sc, date=datetime.date.today(), title=f"内部 {CANARY}"
    )
    client = sign_in("anonymous")
    listing = client.get(url("meeting_list", "ibasho")).content.decode()
    assert "公開の会議" in listing and CANARY not in listing
    assert client.get(url("meeting_detail", "ibasho", secret.pk)).status_code == 404
    assert CANARY in sign_in("coordinator").get(url("meeting_list", "ibasho")).content.decode()


MANAGE_S1 = {
    "anonymous": 302,
    "outsider": 404,
    "org_member": 404,
    "other_member": 404,
    "member": 403,
    "coordinator": 200,
    "other_coordinator": 404,
    "secretariat": 200,
}


@pytest.mark.parametrize("persona", SUBCOMMITTEE_PERSONAS)
def test_coordinator_pages(persona, world, s1_meeting, sign_in):
    client = sign_in(persona)
    expected = MANAGE_S1[persona]
    for name, args in (
        ("manage", ("kodomo",)),
        ("invite", ("kodomo",)),
        ("meeting_add", ("kodomo",)),
        ("meeting_edit", ("kodomo", s1_meeting.pk)),
        ("document_add", ("kodomo", s1_meeting.pk)),
    ):
        assert client.get(url(name, *args)).status_code == expected, name
    # On a public subcommittee the others may read it, but not manage it.
    public_expected = {"coordinator": 200, "secretariat": 200, "anonymous": 302}.get(persona, 403)
    assert client.get(url("manage", "ibasho")).status_code == public_expected


# --- Joining, requests, invitations -----------------------------------------------


def test_join_open_subcommittee(public_sc, org_member, sign_in):
    response = sign_in("org_member").post(url("join", "ibasho"))
    assert response.status_code == 302
    assert access.can_post(org_member, public_sc)


def test_outsider_cannot_join(public_sc, outsider, sign_in):
    sign_in("outsider").post(url("join", "ibasho"))
    assert not SubcommitteeMembership.objects.filter(user=outsider).exists()


def test_request_accept_journey(world, org_member, coordinator, sign_in):
    client = sign_in("org_member")
    assert client.get(url("meeting_list", "kodomo")).status_code == 404
    response = client.post(url("request", "kodomo"), {"message": "よろしくお願いします"})
    assert response.status_code == 302
    join_request = JoinRequest.objects.get(user=org_member)
    assert OutboundEmail.objects.filter(to=[coordinator.email]).exists()
    page = client.get(url("detail", "kodomo")).content.decode()
    assert "世話人の回答をお待ちください" in page

    coordinator_client = sign_in("coordinator")
    manage_page = coordinator_client.get(url("manage", "kodomo")).content.decode()
    assert "よろしくお願いします" in manage_page
    coordinator_client.post(url("accept_request", "kodomo", join_request.pk))
    join_request.refresh_from_db()
    assert join_request.status == DecisionStatus.ACCEPTED

    client = sign_in("org_member")
    assert client.get(url("meeting_list", "kodomo")).status_code == 200


def test_request_id_swap_and_wrong_coordinator(world, org_member, other_member, sign_in, s2):
    join_request = JoinRequest.objects.create(subcommittee=world["s1"], user=org_member)
    # The coordinator of S2 reaches S1's request neither through S1 nor through S2.
    client = sign_in("other_coordinator")
    assert client.post(url("accept_request", "kodomo", join_request.pk)).status_code == 404
    assert client.post(url("accept_request", "hikikomori", join_request.pk)).status_code == 404
    # A plain member of S1 may not decide.
    response = sign_in("member").post(url("accept_request", "kodomo", join_request.pk))
    assert response.status_code == 403
    join_request.refresh_from_db()
    assert join_request.status == DecisionStatus.PENDING
    assert not SubcommitteeMembership.objects.filter(user=org_member).exists()


def test_decline(world, org_member, sign_in):
    join_request = JoinRequest.objects.create(subcommittee=world["s1"], user=org_member)
    sign_in("coordinator").post(url("decline_request", "kodomo", join_request.pk))
    join_request.refresh_from_db()
    assert join_request.status == DecisionStatus.DECLINED
    assert OutboundEmail.objects.filter(to=[org_member.email]).exists()


def test_invite_accept(world, org_member, sign_in):
    client = sign_in("other_coordinator")
    response = client.post(url("invite", "hikikomori"), {"email": org_member.email})
    assert response.status_code == 302
    invitation = SubcommitteeInvitation.objects.get(user=org_member)
    client = sign_in("org_member")
    assert client.get(url("detail", "hikikomori")).status_code == 200
    client.post(url("answer_invitation", "hikikomori"), {"answer": "accept"})
    invitation.refresh_from_db()
    assert invitation.status == DecisionStatus.ACCEPTED
    assert client.get(url("meeting_list", "hikikomori")).status_code == 200


def test_invite_bad_input_in_japanese(world, sign_in):
    client = sign_in("coordinator")
    response = client.post(url("invite", "kodomo"), {"email": "nobody@example.org"})
    assert response.status_code == 200
    assert "会員アカウントが見つかりません" in response.content.decode()
    response = client.post(url("invite", "kodomo"), {"email": "not-an-address"})
    assert "メールアドレスの形式が正しくありません" in response.content.decode()
    response = client.post(url("invite", "kodomo"), {"email": "outsider@example.org"})
    assert "会員アカウントが見つかりません" in response.content.decode()
    assert not SubcommitteeInvitation.objects.exists()


def test_removed_member_loses_access_at_once(world, s1_document, member, sign_in):
    target = SubcommitteeMembership.objects.get(subcommittee=world["s1"], user=member)
    member_client = Client()
    member_client.force_login(member)
    assert member_client.get(url("meeting_list", "kodomo")).status_code == 200
    sign_in("coordinator").post(url("remove_member", "kodomo", target.pk))
    assert not SubcommitteeMembership.objects.filter(pk=target.pk).exists()
    meeting = s1_document.meeting
    assert member_client.get(url("meeting_list", "kodomo")).status_code == 404
    assert member_client.get(url("meeting_detail", "kodomo", meeting.pk)).status_code == 404
    download = url("document", "kodomo", meeting.pk, s1_document.pk)
    assert member_client.get(download).status_code == 404
    assert CANARY not in member_client.get(url("detail", "kodomo")).content.decode()
    assert world["s1"].forum_id not in access.readable_forum_ids(member)


def test_other_coordinator_cannot_remove(world, member, sign_in):
    target = SubcommitteeMembership.objects.get(subcommittee=world["s1"], user=member)
    response = sign_in("other_coordinator").post(url("remove_member", "kodomo", target.pk))
    assert response.status_code == 404
    assert sign_in("member").post(url("remove_member", "kodomo", target.pk)).status_code == 403
    assert SubcommitteeMembership.objects.filter(pk=target.pk).exists()


def test_coordinator_cannot_remove_a_coordinator_but_secretariat_can(world, coordinator, sign_in):
    target = SubcommitteeMembership.objects.get(subcommittee=world["s1"], user=coordinator)
    sign_in("coordinator").post(url("remove_member", "kodomo", target.pk))
    assert SubcommitteeMembership.objects.filter(pk=target.pk).exists()
    sign_in("secretariat").post(url("remove_member", "kodomo", target.pk))
    assert not SubcommitteeMembership.objects.filter(pk=target.pk).exists()


def test_leave(world, member, sign_in):
    client = sign_in("member")
    assert client.get(url("leave", "kodomo")).status_code == 200
    client.post(url("leave", "kodomo"))
    assert not SubcommitteeMembership.objects.filter(user=member, subcommittee=world["s1"]).exists()
    assert client.get(url("meeting_list", "kodomo")).status_code == 404


def test_notification_choice(world, member, sign_in):
    client = sign_in("member")
    page = client.get(url("detail", "kodomo")).content.decode()
    assert "メール通知" in page
    client.post(url("notify", "kodomo"), {"notify": "daily"})
    membership = SubcommitteeMembership.objects.get(user=member, subcommittee=world["s1"])
    assert membership.notify == "daily"
    response = client.post(url("notify", "kodomo"), {"notify": "hourly"}, follow=True)
    assert "通知の受け取り方を選んでください" in response.content.decode()
    membership.refresh_from_db()
    assert membership.notify == "daily"
    # Someone who is not a member has no choice to make.
    response = sign_in("org_member").post(url("notify", "kodomo"), {"notify": "none"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "args", "data"),
    [
        ("join", ("ibasho",), {}),
        ("request", ("kodomo",), {"message": "x"}),
        ("notify", ("kodomo",), {"notify": "none"}),
    ],
)
def test_csrf_is_enforced(world, org_member, member, name, args, data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member if name == "notify" else org_member)
    assert client.post(url(name, *args), data).status_code == 403
    assert not JoinRequest.objects.exists()
    assert not SubcommitteeMembership.objects.filter(user=org_member).exists()
    assert SubcommitteeMembership.objects.get(user=member, subcommittee=world["s1"]).notify == (
        "instant"
    )


def test_get_changes_nothing(world, sign_in):
    client = sign_in("org_member")
    client.get(url("join", "ibasho"))
    client.get(url("accept_request", "kodomo", 1))
    assert (
        not SubcommitteeMembership.objects.filter(subcommittee=world["public"])
        .exclude(role="coordinator")
        .exists()
    )


# --- Meeting records and documents ---------------------------------------------------


def test_coordinator_writes_a_meeting_record(world, sign_in):
    client = sign_in("coordinator")
    response = client.post(
        url("meeting_add", "kodomo"),
        {
            "date": "２０２６-０５-１０",
            "title": "第1回 準備会",
            "agenda": "進め方",
            "minutes": "<p onclick='x()'>決定事項<script>bad()</script></p>",
            "visibility": "members",
        },
    )
    assert response.status_code == 302
    meeting = MeetingRecord.objects.get(title="第1回 準備会")
    assert meeting.date == datetime.date(2026, 5, 10)
    assert "script" not in meeting.minutes and "onclick" not in meeting.minutes


def test_meeting_bad_input_keeps_what_was_typed(world, sign_in):
    response = sign_in("coordinator").post(
        url("meeting_add", "kodomo"),
        {"date": "来週", "title": "", "agenda": "入力した議題", "visibility": "members"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "開催日は 2026-04-01 の形で入力してください" in body
    assert "会議名を入力してください" in body
    assert "入力した議題" in body
    assert not MeetingRecord.objects.exists()


def test_other_coordinator_cannot_edit_meeting(world, s1_meeting, sign_in):
    client = sign_in("other_coordinator")
    data = {"date": "2026-05-10", "title": "乗っ取り", "visibility": "public"}
    assert client.post(url("meeting_edit", "kodomo", s1_meeting.pk), data).status_code == 404
    assert client.post(url("meeting_edit", "hikikomori", s1_meeting.pk), data).status_code == 404
    assert client.post(url("meeting_delete", "hikikomori", s1_meeting.pk)).status_code == 404
    s1_meeting.refresh_from_db()
    assert s1_meeting.title.startswith("第3回")


def test_document_upload_rules(world, s1_meeting, sign_in, monkeypatch):
    client = sign_in("coordinator")
    target = url("document_add", "kodomo", s1_meeting.pk)

    def upload(name, content, title="資料"):
        return client.post(target, {"title": title, "file": SimpleUploadedFile(name, content)})

    assert (
        "この種類のファイルはアップロードできません"
        in upload("evil.html", b"<script>alert(1)</script>").content.decode()
    )
    assert (
        "ファイルの中身が拡張子と一致しません"
        in upload("fake.pdf", b"<html><script></script>").content.decode()
    )
    monkeypatch.setattr("subcommittees.forms.DOCUMENT_MAX_BYTES", 10)
    assert "ファイルが大きすぎます" in upload("big.pdf", PDF).content.decode()
    assert not MeetingDocument.objects.exists()
    monkeypatch.setattr("subcommittees.forms.DOCUMENT_MAX_BYTES", 10_000)
    assert upload("../../議事資料.pdf", PDF, title="議事資料").status_code == 302
    document = MeetingDocument.objects.get()
    assert ".." not in document.file.name and document.file.name.endswith(".pdf")
    response = client.get(document.get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    client.post(url("document_delete", "kodomo", s1_meeting.pk, document.pk))
    assert not MeetingDocument.objects.exists()


def test_meeting_delete(world, s1_document, sign_in):
    meeting = s1_document.meeting
    sign_in("coordinator").post(url("meeting_delete", "kodomo", meeting.pk))
    assert not MeetingRecord.objects.filter(pk=meeting.pk).exists()
    assert not MeetingDocument.objects.exists()
