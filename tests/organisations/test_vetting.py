"""The 事務局 vets applications in the Wagtail admin: queue, detail, accept, decline, letter."""

from datetime import timedelta

from django.core import mail
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress

from organisations.choices import (
    ApplicationStatus,
    LegalForm,
    MembershipRole,
    OrganisationStatus,
    Tier,
    Visibility,
)
from organisations.models import (
    ActivityType,
    Application,
    Membership,
    Organisation,
    Prefecture,
    TargetGroup,
)
from organisations.services import applications as services

from .conftest import PERSONAS
from .factories import ApplicationFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    """Deliver outbox e-mail when it is queued (each test is one transaction)."""
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def application(db):
    """A confirmed application waiting in the queue, with a letter and a full taxonomy."""
    application = ApplicationFactory(
        name="みらい子ども食堂",
        applicant_email="hanako@example.jp",
        applicant_name="田中 花子",
        website="https://mirai-kodomo.example.jp/",
        areas_municipalities="八幡浜市、大洲市",
    )
    application.other_activity_types.add(ActivityType.objects.get(name="居場所づくり"))
    application.other_target_groups.add(TargetGroup.objects.get(name="高齢者"))
    application.areas_prefectures.add(Prefecture.objects.get(code="38"))
    application.recommendation_letter.save("letter.pdf", ContentFile(PDF))
    return application


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def urls(application):
    return {
        "index": reverse("applications:index"),
        "inspect": reverse("applications:inspect", args=[application.pk]),
        "accept": reverse("applications:accept", args=[application.pk]),
        "decline": reverse("applications:decline", args=[application.pk]),
        "letter": reverse("applications:letter", args=[application.pk]),
    }


# --- Who may see and act -------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_secretariat_reaches_the_queue_detail_and_letter(persona, as_persona, application):
    client = as_persona(persona)
    for name in ("index", "inspect", "letter"):
        response = client.get(urls(application)[name])
        if persona == "secretariat":
            assert response.status_code == 200, name
        else:
            assert response.status_code in (302, 403, 404), (persona, name)
            if response.status_code == 302:
                assert response["Location"].startswith(("/admin/login/", "/accounts/login/"))
            assert b"hanako@example.jp" not in body(response)


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "secretariat"])
@pytest.mark.parametrize("action", ["accept", "decline"])
def test_only_the_secretariat_decides(persona, action, as_persona, application):
    client = as_persona(persona)
    data = {"tier": Tier.STEERING} if action == "accept" else {"reason": "理由"}
    response = client.post(urls(application)[action], data)
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert "/login/" in response["Location"]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert Organisation.objects.filter(name="みらい子ども食堂").count() == 0
    assert mail.outbox == []


def test_view_permission_alone_is_not_enough(client, application):
    """An admin user with view_application but not change_application sees nothing."""
    from django.contrib.auth.models import Permission

    user = UserFactory(username="viewer")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_application"),
    )
    client.force_login(user)
    for name in ("index", "inspect", "letter"):
        response = client.get(urls(application)[name])
        # Wagtail sends admin users it refuses back to the dashboard.
        assert response.status_code in (302, 403), name
        assert b"hanako@example.jp" not in body(response)


def test_decisions_need_a_csrf_token(secretariat, application):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)
    assert client.post(urls(application)["accept"], {"tier": Tier.GENERAL}).status_code == 403
    assert client.post(urls(application)["decline"], {"reason": "x"}).status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_decisions_are_post_only(as_persona, application):
    client = as_persona("secretariat")
    assert client.get(urls(application)["accept"]).status_code == 405
    assert client.get(urls(application)["decline"]).status_code == 405


def test_applications_cannot_be_added_edited_or_deleted_in_the_admin(as_persona, application):
    for name, args in (("add", []), ("edit", [application.pk]), ("delete", [application.pk])):
        with pytest.raises(NoReverseMatch):
            reverse(f"applications:{name}", args=args)
    client = as_persona("secretariat")
    for path in (
        "/admin/applications/new/",
        f"/admin/applications/edit/{application.pk}/",
        f"/admin/applications/delete/{application.pk}/",
    ):
        assert client.get(path).status_code == 404
        assert client.post(path, {"name": "x"}).status_code == 404
    html = client.get(urls(application)["index"]).content.decode()
    assert "/admin/applications/new/" not in html


def test_menu_item_is_shown_to_the_secretariat_only(as_persona, client, editor):
    assert "/admin/applications/" in as_persona("secretariat").get("/admin/").content.decode()
    client.force_login(editor)  # Wagtail's Editors may open the admin, not this
    assert "/admin/applications/" not in client.get("/admin/").content.decode()


# --- The queue -------------------------------------------------------------------------


def test_queue_lists_waiting_applications_first_and_hides_unconfirmed(as_persona, application):
    old_decided = ApplicationFactory(name="決定済みの会", status=ApplicationStatus.DECLINED)
    Application.objects.filter(pk=application.pk).update(
        submitted_at=timezone.now() - timedelta(days=30)
    )
    ApplicationFactory(name="未確認の会", status=ApplicationStatus.UNCONFIRMED)
    client = as_persona("secretariat")

    html = client.get(urls(application)["index"]).content.decode()
    assert html.index("みらい子ども食堂") < html.index(old_decided.name)
    assert "未確認の会" not in html

    html = client.get(urls(application)["index"], {"status": "unconfirmed"}).content.decode()
    assert "未確認の会" in html and "みらい子ども食堂" not in html


def test_queue_filters(as_persona, application):
    tokyo = Prefecture.objects.get(code="13")
    ApplicationFactory(name="東京の会社", legal_form=LegalForm.COMPANY, prefecture=tokyo)
    declined = ApplicationFactory(name="不承認の会", status=ApplicationStatus.DECLINED)
    Application.objects.filter(pk=declined.pk).update(
        submitted_at=timezone.now() - timedelta(days=60)
    )
    client = as_persona("secretariat")
    index = urls(application)["index"]

    def names(**params):
        html = client.get(index, params).content.decode()
        return {n for n in ("みらい子ども食堂", "東京の会社", "不承認の会") if n in html}

    assert names() == {"みらい子ども食堂", "東京の会社", "不承認の会"}
    assert names(status="declined") == {"不承認の会"}
    assert names(legal_form="company") == {"東京の会社"}
    assert names(prefecture=tokyo.pk) == {"東京の会社"}
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert names(submitted_at_from=since) == {"みらい子ども食堂", "東京の会社"}
    assert names(submitted_at_to=since) == {"不承認の会"}
    assert names(legal_form="company", prefecture=tokyo.pk, status="declined") == set()
    assert names(q="東京") == {"東京の会社"}


def test_detail_shows_the_whole_application(as_persona, application):
    html = as_persona("secretariat").get(urls(application)["inspect"]).content.decode()
    for text in (
        "みらい子ども食堂",
        "ミライコドモショクドウ",
        "任意団体",
        "代表 田中 三郎",
        "796-0001",
        "愛媛県八幡浜市2-3-4",
        "https://mirai-kodomo.example.jp/",
        "八幡浜市、大洲市",
        "★ つながりの場づくり：食を通じたつながり",
        "☆ つながりの場づくり：居場所づくり",
        "★ こども・若者",
        "☆ 高齢者",
        "毎週土曜日に子ども食堂を開き",
        "hanako@example.jp",
        "0894-11-2222",
        "推薦者",
        "八幡浜市",
        "表明あり",
        "同意あり",
        urls(application)["letter"],
        urls(application)["accept"],
        urls(application)["decline"],
        "幹事団体",
        "一般団体",
        "csrfmiddlewaretoken",
    ):
        assert text in html, text


def test_unknown_application_is_404(as_persona):
    client = as_persona("secretariat")
    assert client.get(reverse("applications:inspect", args=[999999])).status_code == 404
    assert client.get(reverse("applications:letter", args=[999999])).status_code == 404


def test_letter_is_downloaded_never_shown_inline(as_persona, application):
    response = as_persona("secretariat").get(urls(application)["letter"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert body(response) == PDF


def test_no_letter_no_download(as_persona, application):
    application.recommendation_letter = ""
    application.save()
    client = as_persona("secretariat")
    assert client.get(urls(application)["letter"]).status_code == 404
    assert (
        urls(application)["letter"] not in client.get(urls(application)["inspect"]).content.decode()
    )


# --- Accepting ----------------------------------------------------------------------------


def test_accept_registers_the_organisation_and_its_admin(as_persona, application, secretariat):
    client = as_persona("secretariat")
    response = client.post(urls(application)["accept"], {"tier": Tier.STEERING})
    assert response.status_code == 302 and response["Location"] == urls(application)["inspect"]

    application.refresh_from_db()
    organisation = Organisation.objects.get(name="みらい子ども食堂")
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.tier == Tier.STEERING and application.organisation == organisation
    assert application.decided_by == secretariat and application.decided_at is not None

    assert organisation.tier == Tier.STEERING
    assert organisation.status == OrganisationStatus.ACTIVE
    assert organisation.joined_on == timezone.localdate()
    assert organisation.slug == "mirai-kodomo-shokudo"  # the name in romaji
    assert organisation.name_kana == "ミライコドモショクドウ"
    assert organisation.postcode == "796-0001" and organisation.municipality == "八幡浜市"
    assert organisation.description.startswith("毎週土曜日に")
    assert [p.code for p in organisation.areas_prefectures.all()] == ["38"]
    assert {(a.activity_type.name, a.is_main) for a in organisation.activities.all()} == {
        ("食を通じたつながり", True),
        ("居場所づくり", False),
    }
    assert {(t.target_group.name, t.is_main) for t in organisation.targets.all()} == {
        ("こども・若者", True),
        ("高齢者", False),
    }
    # The applicant's own contact details stay with the secretariat until the org chooses.
    assert organisation.email_visibility == Visibility.SECRETARIAT
    assert organisation.phone_visibility == Visibility.SECRETARIAT

    membership = Membership.objects.get(organisation=organisation)
    user = membership.user
    assert membership.role == MembershipRole.ADMIN
    assert user.email == "hanako@example.jp" and user.is_active
    assert not user.has_usable_password()
    assert user.last_name == "田中" and user.first_name == "花子"
    assert EmailAddress.objects.filter(user=user, email="hanako@example.jp", verified=True).exists()

    (message,) = mail.outbox
    assert message.to == ["hanako@example.jp"]
    assert "承認" in message.subject and "幹事団体" in message.body
    assert "http://testserver/accounts/password/reset/key/" in message.body

    page = client.get(urls(application)["inspect"]).content.decode()
    assert "入会を承認しました" in page
    assert urls(application)["accept"] not in page  # decided: no more buttons


def test_accepting_twice_does_nothing_more(as_persona, application):
    client = as_persona("secretariat")
    client.post(urls(application)["accept"], {"tier": Tier.GENERAL})
    response = client.post(urls(application)["accept"], {"tier": Tier.STEERING}, follow=True)
    assert "すでに「承認」になっているため" in response.content.decode()
    assert Organisation.objects.filter(name="みらい子ども食堂").count() == 1
    assert Organisation.objects.get(name="みらい子ども食堂").tier == Tier.GENERAL
    assert len(mail.outbox) == 1

    with pytest.raises(services.ApplicationError):
        services.decline_application(application, "理由", None)


def test_accept_needs_a_tier(as_persona, application):
    client = as_persona("secretariat")
    for data in ({}, {"tier": "platinum"}):
        response = client.post(urls(application)["accept"], data)
        assert response.status_code == 400
        assert "会員区分" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_accept_reuses_an_account_without_a_membership(as_persona, application):
    existing = UserFactory(username="hanako", email="Hanako@Example.jp")
    as_persona("secretariat").post(urls(application)["accept"], {"tier": Tier.GENERAL})
    membership = Membership.objects.get(user=existing)
    assert membership.role == MembershipRole.ADMIN
    assert membership.organisation.name == "みらい子ども食堂"
    assert existing.has_usable_password()  # their password still works
    assert "これまでのパスワードでログインできます" in mail.outbox[0].body


def test_accept_refuses_an_account_of_another_organisation(as_persona, application, org_b_admin):
    application.applicant_email = org_b_admin.email
    application.save()
    response = as_persona("secretariat").post(
        urls(application)["accept"], {"tier": Tier.GENERAL}, follow=True
    )
    assert "すでに別の団体に所属しています" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert not Organisation.objects.filter(name="みらい子ども食堂").exists()
    assert org_b_admin.membership.organisation.slug == "minato"
    assert mail.outbox == []


def test_accept_refuses_an_organisation_registered_meanwhile(as_persona, application):
    OrganisationFactory(name="NPO法人みらい子ども食堂")  # e.g. by an import since
    response = as_persona("secretariat").post(
        urls(application)["accept"], {"tier": Tier.GENERAL}, follow=True
    )
    assert "同じ団体がすでに登録されています" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert Membership.objects.filter(user__email="hanako@example.jp").count() == 0


def test_slugs_are_the_name_in_romaji_and_unique(application):
    """One rule for pages, write-ups and organisations (cms/slugs.py)."""
    OrganisationFactory(slug="mirai-kodomo-shokudo", website="https://other.example.jp/")
    organisation = services.accept_application(application, Tier.GENERAL, None)
    assert organisation.name == "みらい子ども食堂"
    assert organisation.slug == "mirai-kodomo-shokudo-2"

    second = ApplicationFactory(name="ふたつめの会", website="")
    assert services.accept_application(second, Tier.GENERAL, None).slug == "futa-tsu-me-kai"

    third = ApplicationFactory(name="！！", website="")
    assert services.accept_application(third, Tier.GENERAL, None).slug == "org"


# --- Declining ----------------------------------------------------------------------------


def test_decline_needs_a_reason_and_emails_it(as_persona, application, secretariat):
    client = as_persona("secretariat")
    response = client.post(urls(application)["decline"], {"reason": "   "})
    assert response.status_code == 400
    assert "不承認の理由を入力してください。" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

    reason = "推薦書が確認できませんでした。<b>再度</b>お申し込みください。"
    response = client.post(urls(application)["decline"], {"reason": reason})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert application.decline_reason == reason
    assert application.decided_by == secretariat
    assert not Organisation.objects.filter(name="みらい子ども食堂").exists()

    (message,) = mail.outbox
    assert message.to == ["hanako@example.jp"]
    assert reason in message.body  # plain text: as typed, not HTML-escaped

    page = client.get(urls(application)["inspect"]).content.decode()
    assert "&lt;b&gt;再度&lt;/b&gt;" in page  # escaped in the admin
    assert urls(application)["decline"] not in page


def test_an_unconfirmed_application_cannot_be_decided(application):
    application.status = ApplicationStatus.UNCONFIRMED
    application.save()
    with pytest.raises(services.ApplicationError):
        services.accept_application(application, Tier.GENERAL, None)
    with pytest.raises(services.ApplicationError):
        services.decline_application(application, "理由", None)


# --- Helpers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("特定非営利活動法人 みらい", "NPO法人みらい"),
        ("ＮＰＯ法人　みらい", "みらい"),
        ("株式会社つながり", "つながり（株）"),
        ("㈱つながり", "つながり"),
        ("社会福祉法人 あおぞら会", "あおぞら会"),
        ("一般社団法人ＡＢＣ", "abc"),
    ],
)
def test_names_compare_without_legal_forms_width_or_spaces(a, b):
    assert services.normalise_org_name(a) == services.normalise_org_name(b)


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://www.Example.jp/about/", "example.jp"),
        ("http://example.jp", "example.jp"),
        ("https://www.facebook.com/mirai.kodomo/", "facebook.com/mirai.kodomo"),
        ("https://facebook.com/", ""),
        ("", ""),
    ],
)
def test_site_keys(url, key):
    assert services.site_key(url) == key
