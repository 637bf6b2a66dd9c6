"""/join/: the application form, e-mail confirmation and duplicates, through HTTP."""

import re
from datetime import timedelta

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

import pytest

from organisations.choices import ApplicationStatus, OrganisationStatus
from organisations.models import ActivityType, Application, Prefecture, TargetGroup
from tests.files import image_bytes, pdf_bytes

from .factories import ApplicationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"http://testserver(/join/confirm/[A-Za-z0-9_\-]+/)")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


PNG = image_bytes("PNG")
# A real PDF header with a web page inside: a browser sniffing it renders HTML.
POLYGLOT = PDF + b"<html><script>alert(document.cookie)</script></html>\n%%EOF\n"
REFUSED_POLYGLOT = (
    "ウェブページやスクリプトとして読める記述を含むファイルは受け付けられません。 "
    "推薦書のファイルは保存されていません。お手数ですが、もう一度選択してください。"
)


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    """Deliver outbox e-mail when it is queued: each test runs inside one transaction,
    so on_commit would otherwise never fire. (tests/cms/test_outbox.py covers the real
    after-commit behaviour.)"""
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def ranks(activities=(), targets=()):
    """{"activity_<pk>": "main", ...} for the per-item ★/☆ radio groups."""
    data = {}
    for name, rank in activities:
        data[f"activity_{ActivityType.objects.get(name=name).pk}"] = rank
    for name, rank in targets:
        data[f"target_{TargetGroup.objects.get(name=name).pk}"] = rank
    return data


def application_data(**overrides):
    """A complete application as a browser would POST it, typed with full-width digits."""
    ehime = Prefecture.objects.get(code="38")
    data = {
        "name": "NPO法人 みらい子ども食堂",
        "name_kana": "みらいこどもしょくどう",
        "legal_form": "npo",
        "representative": "理事長 田中 一郎",
        "founded_on": "２０１５－０４－０１",
        "staff_count": "１２",
        "postcode": "７９６－０００１",
        "prefecture": str(ehime.pk),
        "municipality": "八幡浜市",
        "street_address": "北浜１－２－３",
        "website": "https://mirai-kodomo.example.jp/",
        "areas_prefectures": [str(ehime.pk)],
        "areas_municipalities": "八幡浜市、大洲市",
        "activity_summary": "毎週土曜日に子ども食堂を開き、ひとり暮らしの高齢者も招いています。",
        "applicant_name": "田中 花子",
        "applicant_name_kana": "たなか はなこ",
        "applicant_email": "hanako@example.jp",
        "applicant_phone": "０８９４－１２－３４５６",
        "recommender": "八幡浜市",
        "declares_no_antisocial_ties": "on",
        "agrees_to_publication": "on",
        **ranks(
            activities=[("食を通じたつながり", "main"), ("居場所づくり", "other")],
            targets=[("こども・若者", "main"), ("高齢者", "other")],
        ),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def submit(client, **overrides):
    return client.post("/join/", application_data(**overrides))


def confirm_path(message):
    return CONFIRM_LINK.search(message.body).group(1)


# Django's message as the active (Japanese) catalogues translate it.
REQUIRED = gettext("This field is required.")


def field_errors(response, name):
    return [str(e) for e in response.context["form"].errors.get(name, [])]


# --- The form ---------------------------------------------------------------------


def test_form_has_sections_labels_and_input_hints(client):
    response = client.get("/join/")
    html = response.content.decode()
    assert response.status_code == 200
    for legend in ("団体の情報", "取組の種類・対象", "担当者", "推薦", "同意事項"):
        assert f'<legend class="join-section__legend">{legend}</legend>' in html
    # Activity types are grouped under their five groups, each item ★/☆/none.
    for group in ("つながりの場づくり", "NPO等の活動支援・連携強化"):
        assert group in html
    assert html.count('value="main"') == ActivityType.objects.count() + TargetGroup.objects.count()
    assert 'inputmode="numeric" autocomplete="postal-code"' in html
    assert 'type="tel"' in html and 'inputmode="tel"' in html
    assert 'type="email"' in html and 'autocomplete="email"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "csrfmiddlewaretoken" in html
    assert "<script" not in html.split('<main id="main"')[1] and 'style="' not in html


def test_full_width_input_is_normalised_and_a_confirmation_is_emailed(client, secretariat):
    response = submit(client)
    assert response.status_code == 302 and response["Location"] == "/join/sent/"

    application = Application.objects.get()
    assert application.status == ApplicationStatus.UNCONFIRMED
    assert application.postcode == "796-0001"
    assert application.applicant_phone == "0894-12-3456"
    assert application.founded_on.isoformat() == "2015-04-01"
    assert application.staff_count == 12
    assert application.street_address == "北浜1-2-3"
    assert application.name_kana == "ミライコドモショクドウ"
    assert application.applicant_name_kana == "タナカ ハナコ"
    assert [t.name for t in application.main_activity_types.all()] == ["食を通じたつながり"]
    assert [t.name for t in application.other_activity_types.all()] == ["居場所づくり"]
    assert [t.name for t in application.main_target_groups.all()] == ["こども・若者"]
    assert [t.name for t in application.other_target_groups.all()] == ["高齢者"]
    assert application.areas_prefectures.get().code == "38"

    assert len(mail.outbox) == 1  # the applicant only: the secretariat waits for the confirmation
    message = mail.outbox[0]
    assert message.to == ["hanako@example.jp"]
    token = confirm_path(message).rstrip("/").rsplit("/", 1)[1]
    assert len(application.email_token_hash) == 64 and token not in application.email_token_hash

    page = client.get("/join/sent/")
    assert "確認のメールを送りました" in page.content.decode()
    assert "みらい子ども食堂" not in page.content.decode()


def test_opening_the_link_does_not_confirm_only_the_button_does(client, secretariat):
    submit(client)
    path = confirm_path(mail.outbox[0])

    page = client.get(path)  # what a mail scanner does
    assert page.status_code == 200
    html = page.content.decode()
    assert "申込みを確定する" in html and 'method="post"' in html
    assert page["Referrer-Policy"] == "strict-origin"
    assert Application.objects.get().status == ApplicationStatus.UNCONFIRMED
    assert len(mail.outbox) == 1

    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == "/join/confirmed/"
    application = Application.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.email_confirmed_at is not None

    notice = mail.outbox[1]
    assert notice.to == [secretariat.email]
    assert "NPO法人 みらい子ども食堂" in notice.subject
    assert f"http://testserver/admin/applications/{application.pk}/" in notice.body
    # No personal data beyond the organisation's name.
    for personal in ("hanako@example.jp", "0894-12-3456", "田中 花子", "北浜"):
        assert personal not in notice.body and personal not in notice.subject

    again = client.post(path)  # a second click: a friendly page, nothing sent twice
    assert again.status_code == 200 and "確認済み" in again.content.decode()
    assert len(mail.outbox) == 2


def test_every_secretariat_member_with_an_address_is_told(client, secretariat):
    from .factories import UserFactory

    colleague = UserFactory(username="jimukyoku2", groups=["事務局"])
    UserFactory(username="jimukyoku3", groups=["事務局"], is_active=False)
    no_address = UserFactory(username="jimukyoku4", groups=["事務局"])
    no_address.email = ""
    no_address.save()
    submit(client)
    client.post(confirm_path(mail.outbox[0]))
    notified = sorted(m.to[0] for m in mail.outbox[1:])
    assert notified == sorted([secretariat.email, colleague.email])


def test_expired_link_gives_a_friendly_page_and_confirms_nothing(client, secretariat):
    submit(client)
    path = confirm_path(mail.outbox[0])
    Application.objects.update(submitted_at=timezone.now() - timedelta(days=7, minutes=1))

    page = client.get(path)
    assert page.status_code == 410
    assert "有効期限" in page.content.decode()
    assert client.post(path).status_code == 410
    assert Application.objects.get().status == ApplicationStatus.UNCONFIRMED
    assert len(mail.outbox) == 1


def test_unknown_token_gives_a_friendly_page(client):
    page = client.get("/join/confirm/not-a-real-token/")
    assert page.status_code == 404
    assert "このリンクは使えません" in page.content.decode()
    assert client.post("/join/confirm/not-a-real-token/").status_code == 404


# --- Bad input: errors next to the field, in Japanese, nothing typed lost ---------

REQUIRED_FIELDS = [
    "name",
    "name_kana",
    "legal_form",
    "representative",
    "postcode",
    "prefecture",
    "municipality",
    "street_address",
    "activity_summary",
    "applicant_name",
    "applicant_name_kana",
    "applicant_email",
    "applicant_phone",
    "recommender",
]


@pytest.mark.parametrize("field", REQUIRED_FIELDS)
def test_each_required_field(client, field):
    response = submit(client, **{field: ""})
    assert response.status_code == 200
    assert field_errors(response, field) == [REQUIRED]
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert 'role="alert"' in html and f'href="#id_{field}"' in html
    # What was typed elsewhere is still there.
    if field != "recommender":
        assert 'value="八幡浜市"' in html
    if field != "applicant_email":
        assert 'value="hanako@example.jp"' in html
    assert "毎週土曜日に子ども食堂を開き" in html or field == "activity_summary"
    assert Application.objects.count() == 0 and mail.outbox == []


def test_declarations_are_required(client):
    response = submit(client, declares_no_antisocial_ties=None, agrees_to_publication=None)
    assert field_errors(response, "declares_no_antisocial_ties") == [
        "入会には、反社会的勢力に該当しないことの表明が必要です。"
    ]
    assert field_errors(response, "agrees_to_publication") == [
        "入会には、団体情報の公開・共有への同意が必要です。"
    ]
    assert Application.objects.count() == 0
    # The ★/☆ choices are kept, and the items left alone show なし again.
    html = response.content.decode()
    checked = re.findall(
        r'value="(main|other|none)" id="id_(?:activity|target)_\d+_\d" checked', html
    )
    items = ActivityType.objects.count() + TargetGroup.objects.count()
    assert sorted(checked) == sorted(["main", "main", "other", "other"] + ["none"] * (items - 4))
    # The summary names the declarations briefly.
    assert "反社会的勢力に該当しないことの表明：入会には" in html


def test_a_main_activity_and_a_main_target_are_required(client):
    data = application_data()
    for key in list(data):
        if key.startswith(("activity_", "target_")):
            data[key] = "other"
    response = client.post("/join/", data)
    html = response.content.decode()
    assert "主な取組の種類（★）を1つ以上選んでください。" in html
    assert "主な取組の対象（★）を1つ以上選んでください。" in html
    assert 'href="#activities"' in html and 'href="#targets"' in html
    # The choices made are kept.
    assert len(re.findall(r'value="other" id="id_(?:activity|target)_\d+_1" checked', html)) == 4
    assert Application.objects.count() == 0


def test_an_item_cannot_be_both_main_and_secondary(client):
    """One radio group per item: a second value for the same item is not accepted."""
    data = application_data()
    key = next(k for k, v in data.items() if k.startswith("activity_") and v == "other")
    response = client.post("/join/", {**data, key: ["main", "other"]})
    # The browser can only send one; a forged pair keeps the last value, never both.
    assert response.status_code == 302
    application = Application.objects.get()
    both = set(application.main_activity_types.all()) & set(application.other_activity_types.all())
    assert both == set()


def test_javascript_website_is_refused_and_kept_escaped(client):
    response = submit(client, website="javascript:alert(1)")
    errors = field_errors(response, "website")
    assert errors and all("URL" in e for e in errors)
    html = response.content.decode()
    assert 'value="javascript:alert(1)"' in html
    assert 'href="javascript' not in html
    assert Application.objects.count() == 0


def test_too_long_name_and_kanji_in_a_reading(client):
    response = submit(client, name="あ" * 201, applicant_name_kana="田中 花子")
    (too_long,) = field_errors(response, "name")
    assert "200" in too_long and "201" in too_long and "文字" in too_long
    assert field_errors(response, "applicant_name_kana") == [
        "ふりがなは、ひらがなかカタカナで入力してください。"
    ]
    assert "あ" * 201 in response.content.decode()


@pytest.mark.parametrize(
    "phone",
    ["０８９４－１２－３４５６", "0894ー12ー3456", "08941234567", " 0894-12-3456 "],
)
def test_phone_numbers_as_people_type_them(client, phone):
    assert submit(client, applicant_phone=phone).status_code == 302


def test_full_width_email_and_website_are_folded(client):
    response = submit(
        client,
        applicant_email="ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ",
        website="ｈｔｔｐｓ：／／ｍｉｒａｉ．ｅｘａｍｐｌｅ．ｊｐ／",
        name="ＮＰＯ法人　みらい",
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.applicant_email == "hanako@example.jp"
    assert application.website == "https://mirai.example.jp/"
    assert application.name == "NPO法人 みらい"
    assert mail.outbox[0].to == ["hanako@example.jp"]


def test_bad_phone_and_postcode(client):
    response = submit(client, applicant_phone="１２３", postcode="７９６")
    assert field_errors(response, "applicant_phone") == [
        "電話番号は「012-345-6789」のように、市外局番から入力してください。"
    ]
    assert field_errors(response, "postcode") == ["郵便番号は「123-4567」の形で入力してください。"]


# --- The recommendation letter -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("letter.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100, "application/pdf"),  # .exe
        ("letter.pdf", b"<!DOCTYPE html><script>alert(1)</script>", "application/pdf"),
        ("letter.pdf", PNG, "application/pdf"),  # a PNG pretending to be a PDF
        ("letter.svg", b'<svg onload="alert(1)"/>', "image/svg+xml"),
        ("letter.html", PDF, "text/html"),
    ],
)
def test_letter_must_really_be_a_pdf_jpeg_or_png(client, name, content, content_type):
    letter = SimpleUploadedFile(name, content, content_type=content_type)
    response = submit(client, recommendation_letter=letter)
    assert field_errors(response, "recommendation_letter") == [
        "推薦書はPDF・JPEG・PNGのいずれかのファイルにしてください。 "
        "推薦書のファイルは保存されていません。お手数ですが、もう一度選択してください。"
    ]
    assert 'value="hanako@example.jp"' in response.content.decode()
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    "content",
    [
        POLYGLOT,
        PDF + "<!DOCTYPE html><svg onload=alert(1)>".encode("utf-16-le"),
        image_bytes("PNG") + b"<HTML><BODY><SCRIPT>alert(1)</SCRIPT>",
    ],
    ids=["pdf-html", "pdf-utf16-svg", "png-html"],
)
def test_a_polyglot_letter_is_refused_and_the_form_kept(client, content):
    name = "letter.png" if content.startswith(b"\x89PNG") else "letter.pdf"
    letter = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = submit(client, recommendation_letter=letter)
    assert response.status_code == 200
    assert field_errors(response, "recommendation_letter") == [REFUSED_POLYGLOT]
    assert 'value="hanako@example.jp"' in response.content.decode()
    assert Application.objects.count() == 0


def test_a_pdf_name_on_a_real_png_is_refused(client):
    letter = SimpleUploadedFile("letter.pdf", image_bytes("PNG"), "application/pdf")
    response = submit(client, recommendation_letter=letter)
    assert field_errors(response, "recommendation_letter")[0].startswith(
        "推薦書はPDF・JPEG・PNGのいずれかのファイルにしてください。"
    )
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "stored"),
    [
        ("推薦書.pdf", pdf_bytes("Recommendation"), "pdf"),
        ("scan.png", image_bytes("PNG"), "png"),
        ("scan.jpeg", image_bytes("JPEG"), "jpg"),
    ],
)
def test_genuine_pdf_png_and_jpeg_letters_are_accepted(client, name, content, stored):
    letter = SimpleUploadedFile(name, content, "application/octet-stream")
    assert submit(client, recommendation_letter=letter).status_code == 302
    assert Application.objects.get().recommendation_letter.name.endswith(f".{stored}")


def test_letter_over_5_mb_is_refused(client):
    letter = SimpleUploadedFile("big.pdf", PDF + b"0" * (6 * 1024 * 1024), "application/pdf")
    response = submit(client, recommendation_letter=letter)
    assert field_errors(response, "recommendation_letter")[0].startswith(
        "推薦書のファイルは5MB以下にしてください。"
    )
    assert Application.objects.count() == 0


def test_letter_is_stored_under_a_random_private_name(client, settings):
    letter = SimpleUploadedFile("田中の推薦書 ../../x.PDF", PDF, "application/pdf")
    assert submit(client, recommendation_letter=letter).status_code == 302
    stored = Application.objects.get().recommendation_letter.name
    assert re.fullmatch(r"private/applications/[0-9a-f]{32}\.pdf", stored)
    # Never served from MEDIA_URL.
    assert client.get(settings.MEDIA_URL + stored).status_code == 404


def test_a_good_letter_must_be_chosen_again_after_another_error(client):
    letter = SimpleUploadedFile("letter.png", PNG, "image/png")
    response = submit(client, recommendation_letter=letter, name="")
    assert field_errors(response, "recommendation_letter") == [
        "推薦書のファイルは保存されていません。お手数ですが、もう一度選択してください。"
    ]
    assert Application.objects.count() == 0


# --- Mass assignment ---------------------------------------------------------------


def test_status_tier_and_organisation_cannot_be_posted(client, org_a, secretariat):
    response = submit(
        client,
        status=ApplicationStatus.ACCEPTED,
        tier="steering",
        organisation=str(org_a.pk),
        decided_by=str(secretariat.pk),
        email_token_hash="0" * 64,
        email_confirmed_at="2020-01-01 00:00",
        decline_reason="x",
        secretariat_note="x",
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.status == ApplicationStatus.UNCONFIRMED
    assert application.tier == ""
    assert application.organisation is None and application.decided_by is None
    assert application.email_token_hash != "0" * 64
    assert application.email_confirmed_at is None
    assert application.decline_reason == "" and application.secretariat_note == ""


# --- Duplicates ----------------------------------------------------------------------


def test_an_organisation_already_registered_is_explained(client, org_a):
    # org_a is 「あおぞら見守りネット」 in 愛媛県; spaces and legal forms do not matter.
    response = submit(client, name="特定非営利活動法人　あおぞら 見守りネット")
    assert field_errors(response, "name") == [
        "この団体はすでに会員として登録されています。内容の変更は団体の管理者にご依頼ください。"
    ]
    assert "あおぞら 見守りネット" in response.content.decode()
    assert Application.objects.count() == 0 and mail.outbox == []


def test_same_name_in_another_prefecture_is_another_organisation(client, org_a):
    tokyo = Prefecture.objects.get(code="13")
    response = submit(client, name="あおぞら見守りネット", prefecture=str(tokyo.pk))
    assert response.status_code == 302


def test_same_website_is_the_same_organisation(client):
    OrganisationFactory(name="別の名前の会", website="https://www.mirai-kodomo.example.jp/about/")
    response = submit(client)
    assert field_errors(response, "website") == [
        "この団体はすでに会員として登録されています。内容の変更は団体の管理者にご依頼ください。"
    ]


def test_shared_hosts_are_told_apart_by_page(client):
    OrganisationFactory(name="別の会", website="https://www.facebook.com/another.group")
    assert submit(client, website="https://facebook.com/mirai.kodomo").status_code == 302


def test_a_withdrawn_organisation_is_asked_to_contact_the_secretariat(client):
    OrganisationFactory(name="みらい子ども食堂", status=OrganisationStatus.WITHDRAWN)
    response = submit(client)
    assert "再入会については事務局にお問い合わせください。" in field_errors(response, "name")[0]


def test_an_application_under_review_is_explained(client):
    ApplicationFactory(name="みらい子ども食堂", status=ApplicationStatus.SUBMITTED)
    response = submit(client)
    assert field_errors(response, "name") == [
        "同じ団体の申込みを審査中です。結果のお知らせまでお待ちください。"
    ]
    assert Application.objects.count() == 1


def test_an_unconfirmed_application_is_explained_until_it_expires(client):
    pending = ApplicationFactory(name="みらい子ども食堂", status=ApplicationStatus.UNCONFIRMED)
    response = submit(client)
    assert "メールアドレスの確認待ち" in field_errors(response, "name")[0]

    Application.objects.filter(pk=pending.pk).update(
        submitted_at=timezone.now() - timedelta(days=8)
    )
    assert submit(client).status_code == 302


def test_a_declined_application_does_not_block_a_new_one(client):
    ApplicationFactory(name="みらい子ども食堂", status=ApplicationStatus.DECLINED)
    assert submit(client).status_code == 302


def test_submitting_twice_is_caught(client):
    assert submit(client).status_code == 302
    response = submit(client)
    assert "メールアドレスの確認待ち" in field_errors(response, "name")[0]
    assert Application.objects.count() == 1 and len(mail.outbox) == 1


# --- Nothing about an application is public ------------------------------------------


def test_no_public_page_shows_applications(client):
    ApplicationFactory(name="ひみつの申込み団体", status=ApplicationStatus.SUBMITTED)
    for url in ("/join/", "/join/sent/", "/join/confirmed/", "/organisations/"):
        response = client.get(url)
        assert "ひみつの申込み団体" not in response.content.decode()
