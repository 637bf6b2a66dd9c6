"""/my-organisation/profile/: the organisation admin edits the profile (変更届)."""

import datetime
import re
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.images import get_image_model

import pytest
from PIL import Image as PILImage

from cms.models import OutboundEmail
from organisations.choices import OrganisationStatus, Tier, Visibility
from organisations.forms import join as join_forms
from organisations.forms.manage import PhotoForm, PhotoFormSet, ProfileForm
from organisations.models import (
    ActivityType,
    OrganisationActivity,
    OrganisationPhoto,
    ProfileChange,
    TargetGroup,
)
from organisations.services import manage as services

pytestmark = pytest.mark.django_db

URL = reverse("my_organisation:edit_profile")


def image_bytes(fmt="PNG", size=(12, 8)):
    buffer = BytesIO()
    PILImage.new("RGB", size, "teal").save(buffer, fmt)
    return buffer.getvalue()


def upload(name="photo.png", content=None, content_type="image/png"):
    return SimpleUploadedFile(name, content or image_bytes(), content_type=content_type)


def profile_data(organisation, /, **changes):
    """The profile form as the browser would post it back unchanged, then ``changes``."""
    form = ProfileForm(instance=organisation)
    data = {}
    for name in form.fields:
        if name in ("logo_file", "remove_logo"):
            continue
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(getattr(item, "pk", item)) for item in value]
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        else:
            data[name] = value
    photos = PhotoFormSet(organisation=organisation)
    for name in photos.management_form.fields:
        data[f"photos-{name}"] = photos.management_form[name].value()
    for photo_form in photos.forms:
        for name in ("id", "alt_text", "caption"):
            value = photo_form[name].value()
            if value is not None:
                data[photo_form.add_prefix(name)] = value
    data.update(changes)
    return data


def activity_key(name):
    return f"activity_{ActivityType.objects.get(name=name).pk}"


def target_key(name):
    return f"target_{TargetGroup.objects.get(name=name).pk}"


@pytest.fixture
def admin_client(as_persona, org_a_admin):
    return as_persona("org_a_admin")


def secretariat_mails():
    return OutboundEmail.objects.filter(subject__contains="変更届")


def test_form_shows_the_current_profile(admin_client, org_a):
    response = admin_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert org_a.name in html
    assert 'name="phone_visibility"' in html
    assert 'inputmode="tel"' in html and 'inputmode="numeric"' in html
    assert 'autocomplete="postal-code"' in html
    assert "no-store" in response["Cache-Control"]  # never cached: members' data


def test_saving_a_change_audits_and_notifies_the_secretariat(
    admin_client, org_a, org_a_admin, secretariat
):
    response = admin_client.post(
        URL,
        profile_data(
            org_a,
            representative="理事長 新井 三郎",
            phone="0894-11-2222",
            message="新しいメッセージ",
        ),
    )
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.representative == "理事長 新井 三郎"

    change = ProfileChange.objects.get(organisation=org_a)
    assert change.user == org_a_admin
    assert change.changes == {
        "representative": ["理事長 佐藤 一郎", "理事長 新井 三郎"],
        "phone": ["0894-00-0000", "0894-11-2222"],
        "message": ["地域の居場所づくりに取り組んでいます。", "新しいメッセージ"],
    }

    mail = secretariat_mails().get()
    assert mail.to == [secretariat.email]
    assert org_a.name in mail.subject
    # Which fields changed and where to read them; never the (members-only) values.
    assert "電話番号" in mail.body and "代表者" in mail.body
    assert "0894-11-2222" not in mail.body and "0894-00-0000" not in mail.body
    assert f"/admin/organisations/audit/{org_a.pk}/" in mail.body

    followed = admin_client.get(response["Location"])
    assert "変更を保存しました" in followed.content.decode()


def test_the_secretariat_mail_is_delivered_after_commit(
    admin_client, org_a, secretariat, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(URL, profile_data(org_a, staff_count="12"))
    assert [m.to for m in mailoutbox] == [[secretariat.email]]


def test_inactive_secretariat_users_get_no_mail(admin_client, org_a, secretariat):
    secretariat.is_active = False
    secretariat.save()
    admin_client.post(URL, profile_data(org_a, staff_count="12"))
    assert ProfileChange.objects.filter(organisation=org_a).count() == 1
    assert not secretariat_mails().exists()


def test_no_change_means_no_audit_row_and_no_mail(admin_client, org_a, secretariat):
    response = admin_client.post(URL, profile_data(org_a))
    assert response.status_code == 302
    assert not ProfileChange.objects.exists()
    assert not secretariat_mails().exists()
    followed = admin_client.get(response["Location"])
    assert "変更された項目はありませんでした" in followed.content.decode()


def test_secretariat_fields_cannot_be_mass_assigned(admin_client, org_a):
    admin_client.post(
        URL,
        profile_data(
            org_a,
            tier=Tier.STEERING,
            status=OrganisationStatus.SUSPENDED,
            slug="hijacked",
            joined_on="2001-01-01",
            left_on="2001-01-01",
            organisation=999,
            withdrawal_requested_at="2001-01-01T00:00",
        ),
    )
    org_a.refresh_from_db()
    assert org_a.tier == Tier.GENERAL
    assert org_a.status == OrganisationStatus.ACTIVE
    assert org_a.slug == "aozora"
    assert org_a.joined_on is None and org_a.left_on is None
    assert org_a.withdrawal_requested_at is None


def test_visibility_choices_are_saved_and_audited(admin_client, org_a):
    admin_client.post(
        URL,
        profile_data(
            org_a,
            street_address_visibility=Visibility.MEMBERS,
            contact_name_visibility=Visibility.PUBLIC,
            phone_visibility=Visibility.SECRETARIAT,
            email_visibility=Visibility.PUBLIC,
        ),
    )
    org_a.refresh_from_db()
    assert org_a.street_address_visibility == Visibility.MEMBERS
    assert org_a.contact_name_visibility == Visibility.PUBLIC
    assert org_a.phone_visibility == Visibility.SECRETARIAT
    assert org_a.email_visibility == Visibility.PUBLIC
    changes = ProfileChange.objects.get().changes
    assert changes["phone_visibility"] == ["会員のみ", "事務局のみ"]


def test_an_unknown_visibility_is_refused(admin_client, org_a):
    response = admin_client.post(URL, profile_data(org_a, phone_visibility="everyone"))
    assert response.status_code == 200
    assert "正しく選択してください" in response.content.decode()
    org_a.refresh_from_db()
    assert org_a.phone_visibility == Visibility.MEMBERS


def test_full_width_postcode_phone_and_reading_are_normalised(admin_client, org_a):
    response = admin_client.post(
        URL,
        profile_data(
            org_a,
            postcode="〒７９６－８００１",
            phone="０８９４ー２２ー３１１１",
            name_kana="あおぞらみまもりねっと",
            email="ｉｎｆｏ＠ａｏｚｏｒａ.example.jp",
            website="ｈｔｔｐｓ：／／ａｏｚｏｒａ.example.jp/",
            staff_count="１２",
            founded_on="２０１０－０４－０１",
            street_address="１－２－３　みなとビル２Ｆ",
        ),
    )
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.postcode == "796-8001"
    assert org_a.phone == "0894-22-3111"
    assert org_a.name_kana == "アオゾラミマモリネット"
    assert org_a.email == "info@aozora.example.jp"
    assert org_a.website == "https://aozora.example.jp/"
    assert org_a.staff_count == 12
    assert org_a.founded_on == datetime.date(2010, 4, 1)
    assert org_a.street_address == "1-2-3 みなとビル2F"


def test_a_seven_digit_postcode_gets_its_hyphen(admin_client, org_a):
    admin_client.post(URL, profile_data(org_a, postcode="7968001"))
    org_a.refresh_from_db()
    assert org_a.postcode == "796-8001"


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("website", "javascript:alert(1)", "http:// または https:// で始まるURL"),
        ("website", "ftp://example.jp/", "http:// または https:// で始まるURL"),
        ("message", "あ" * 1001, "1000 文字以下"),
        ("phone", "1234", "市外局番から"),
        ("postcode", "79-6000", "123-4567"),
        ("name", "", "必須です"),
        ("name_kana", "Aozora", "ひらがなかカタカナ"),
        ("name", "あ" * 201, "200 文字以下"),
    ],
)
def test_bad_input_is_refused_in_japanese_and_nothing_typed_is_lost(
    admin_client, org_a, field, value, error
):
    typed = "理事長 入力 中"
    response = admin_client.post(URL, profile_data(org_a, **{field: value}, representative=typed))
    assert response.status_code == 200
    html = response.content.decode()
    errors = re.search(rf'id="id_{field}_error">(.*?)</ul>', html, re.S)
    assert errors and error in errors.group(1)  # next to the field
    assert 'role="alert"' in html  # the error summary
    assert f'href="#id_{field}"' in html  # …links to the field
    assert 'aria-invalid="true"' in html
    assert typed in html  # the other fields keep what was typed
    if value and len(value) < 100:
        assert value in html or value.replace("&", "&amp;") in html
    org_a.refresh_from_db()
    assert org_a.representative == "理事長 佐藤 一郎"
    assert not ProfileChange.objects.exists()


def test_members_text_is_escaped_on_the_form(admin_client, org_a):
    org_a.message = '<script>alert("x")</script>'
    org_a.save()
    html = admin_client.get(URL).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_activity_types_and_targets_with_main_and_secondary(admin_client, org_a):
    data = profile_data(
        org_a,
        **{
            activity_key("居場所づくり"): "other",
            activity_key("交流の場の提供"): "main",
            activity_key("食を通じたつながり"): "other",
            target_key("高齢者"): "",
            target_key("こども・若者"): "main",
        },
    )
    response = admin_client.post(URL, data)
    assert response.status_code == 302
    ranked = {
        link.activity_type.name: link.is_main
        for link in OrganisationActivity.objects.filter(organisation=org_a)
    }
    assert ranked == {"居場所づくり": False, "交流の場の提供": True, "食を通じたつながり": False}
    assert [t.target_group.name for t in org_a.targets.all()] == ["こども・若者"]
    changes = ProfileChange.objects.get().changes
    assert changes["activities"] == [
        ["★居場所づくり"],
        ["★交流の場の提供", "☆居場所づくり", "☆食を通じたつながり"],
    ]
    assert changes["targets"] == [["★高齢者"], ["★こども・若者"]]


def test_at_least_one_main_activity_is_required(admin_client, org_a):
    response = admin_client.post(
        URL, profile_data(org_a, **{activity_key("居場所づくり"): "other"})
    )
    assert response.status_code == 200
    assert "主な取組の種類（★）を1つ以上選んでください" in response.content.decode()
    assert OrganisationActivity.objects.get(organisation=org_a).is_main


def test_areas_served_store_prefecture_names_in_the_audit(admin_client, org_a):
    from organisations.models import Prefecture

    ehime, kochi = Prefecture.objects.get(code="38"), Prefecture.objects.get(code="39")
    admin_client.post(
        URL,
        profile_data(
            org_a,
            areas_prefectures=[str(ehime.pk), str(kochi.pk)],
            areas_municipalities="八幡浜市、大洲市",
        ),
    )
    assert set(org_a.areas_prefectures.values_list("name", flat=True)) == {"愛媛県", "高知県"}
    changes = ProfileChange.objects.get().changes
    assert changes["areas_prefectures"] == [[], ["愛媛県", "高知県"]]


# --- Logo and photos -----------------------------------------------------------


def test_a_logo_needs_alt_text(admin_client, org_a):
    response = admin_client.post(URL, {**profile_data(org_a), "logo_file": upload("logo.png")})
    assert response.status_code == 200
    assert "ロゴの代替テキストを入力してください" in response.content.decode()
    org_a.refresh_from_db()
    assert org_a.logo is None
    assert not get_image_model().objects.exists()


def test_a_logo_is_stored_in_the_members_collection_and_audited(admin_client, org_a):
    data = profile_data(org_a, logo_alt_text="あおぞら見守りネットのロゴ")
    response = admin_client.post(URL, {**data, "logo_file": upload("ロゴ 最終版.png")})
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.logo is not None
    assert org_a.logo.collection.name == "会員団体の写真"
    assert "ロゴ" not in org_a.logo.file.name  # stored under a random name
    assert org_a.logo.file.name.endswith(".png")
    changes = ProfileChange.objects.get().changes
    assert changes["logo"] == [None, org_a.logo.pk]
    assert changes["logo_alt_text"] == ["", "あおぞら見守りネットのロゴ"]

    # Removing it deletes the image too.
    data = profile_data(org_a, remove_logo="on")
    admin_client.post(URL, data)
    org_a.refresh_from_db()
    assert org_a.logo is None and org_a.logo_alt_text == ""
    assert not get_image_model().objects.exists()


def photo_slot(data, index, **values):
    data.update({f"photos-{index}-{key}": value for key, value in values.items()})
    return data


def test_adding_a_photo_with_alt_text(admin_client, org_a):
    data = photo_slot(profile_data(org_a), 0, alt_text="公民館での昼食会", caption="毎月第2土曜")
    data["photos-0-image_file"] = upload("photo.jpg", image_bytes("JPEG"), "image/jpeg")
    response = admin_client.post(URL, data)
    assert response.status_code == 302
    photo = OrganisationPhoto.objects.get(organisation=org_a)
    assert photo.alt_text == "公民館での昼食会" and photo.caption == "毎月第2土曜"
    assert photo.image.collection.name == "会員団体の写真"
    assert ProfileChange.objects.get().changes["photos"] == [
        [],
        [{"id": photo.image_id, "alt": "公民館での昼食会", "caption": "毎月第2土曜"}],
    ]


def test_a_photo_without_alt_text_is_refused(admin_client, org_a):
    data = photo_slot(profile_data(org_a), 0, caption="キャプションだけ")
    data["photos-0-image_file"] = upload()
    response = admin_client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "写真の代替テキストを入力してください" in html
    assert "キャプションだけ" in html
    assert not OrganisationPhoto.objects.exists()
    assert not get_image_model().objects.exists()


def test_alt_text_without_a_photo_is_refused(admin_client, org_a):
    data = photo_slot(profile_data(org_a), 0, alt_text="説明だけ")
    response = admin_client.post(URL, data)
    assert response.status_code == 200
    assert "写真のファイルを選んでください" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        (
            "evil.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
            b"<script>alert(1)</script></svg>",
            "image/svg+xml",
        ),
        ("page.html", b"<html><script>alert(1)</script></html>", "text/html"),
        ("fake.png", b"<html><script>alert(1)</script></html>", "image/png"),
        ("anim.gif", None, "image/gif"),
        ("broken.jpg", b"\xff\xd8\xff\xe0 not really a jpeg", "image/jpeg"),
    ],
)
def test_only_real_jpeg_png_or_webp_images_are_accepted(
    admin_client, org_a, name, content, content_type
):
    if content is None:
        content = image_bytes("GIF")
    data = photo_slot(profile_data(org_a), 0, alt_text="説明")
    data["photos-0-image_file"] = SimpleUploadedFile(name, content, content_type=content_type)
    response = admin_client.post(URL, data)
    assert response.status_code == 200
    assert "JPEG・PNG・WebP 形式の画像を選んでください" in response.content.decode()
    assert not OrganisationPhoto.objects.exists()
    assert not get_image_model().objects.exists()


def test_a_png_named_jpg_is_refused(admin_client, org_a):
    data = photo_slot(profile_data(org_a), 0, alt_text="説明")
    data["photos-0-image_file"] = upload("photo.jpg", image_bytes("PNG"), "image/jpeg")
    response = admin_client.post(URL, data)
    assert "拡張子" in response.content.decode()
    assert not OrganisationPhoto.objects.exists()


def test_webp_is_accepted(admin_client, org_a):
    data = photo_slot(profile_data(org_a), 0, alt_text="説明")
    data["photos-0-image_file"] = upload("photo.webp", image_bytes("WEBP"), "image/webp")
    assert admin_client.post(URL, data).status_code == 302
    assert OrganisationPhoto.objects.filter(organisation=org_a).count() == 1


def test_an_oversized_image_is_refused(admin_client, org_a, monkeypatch):
    monkeypatch.setattr(PhotoForm.base_fields["image_file"], "max_upload_size", 100)
    data = photo_slot(profile_data(org_a), 0, alt_text="説明")
    data["photos-0-image_file"] = upload("photo.png", image_bytes(size=(200, 200)))
    response = admin_client.post(URL, data)
    assert response.status_code == 200
    assert "ファイルが大きすぎます" in response.content.decode()
    assert not OrganisationPhoto.objects.exists()


def add_photo(organisation, alt="写真"):
    image = services.store_image(upload(), title="t", by=None)
    return OrganisationPhoto.objects.create(organisation=organisation, image=image, alt_text=alt)


def test_editing_and_removing_photos(admin_client, org_a):
    keep, drop = add_photo(org_a, "残す写真"), add_photo(org_a, "消す写真")
    data = profile_data(org_a)
    index = {int(data[f"photos-{i}-id"]): i for i in range(2)}
    data[f"photos-{index[keep.pk]}-alt_text"] = "残す写真（説明を直した）"
    data[f"photos-{index[drop.pk]}-DELETE"] = "on"
    assert admin_client.post(URL, data).status_code == 302
    assert list(OrganisationPhoto.objects.values_list("alt_text", flat=True)) == [
        "残す写真（説明を直した）"
    ]
    assert not get_image_model().objects.filter(pk=drop.image_id).exists()


def test_at_most_six_photos(admin_client, org_a):
    for i in range(6):
        add_photo(org_a, f"写真{i}")
    data = profile_data(org_a)
    assert data["photos-TOTAL_FORMS"] == 6  # no empty slot offered
    data = photo_slot(data, 6, alt_text="7枚目")
    data["photos-TOTAL_FORMS"] = 7
    data["photos-6-image_file"] = upload()
    response = admin_client.post(URL, data)
    assert response.status_code == 200
    assert OrganisationPhoto.objects.count() == 6


def test_another_organisations_photo_cannot_be_edited_through_the_formset(
    admin_client, org_a, org_b
):
    theirs = add_photo(org_b, "みなとの写真")
    data = profile_data(org_a)
    data.update(
        {
            "photos-TOTAL_FORMS": 1,
            "photos-INITIAL_FORMS": 1,
            "photos-0-id": str(theirs.pk),
            "photos-0-alt_text": "書き換え",
            "photos-0-DELETE": "on",
        }
    )
    admin_client.post(URL, data)
    del data["photos-0-DELETE"]
    response = admin_client.post(URL, data)
    assert response.status_code == 200  # not one of this organisation's photos
    theirs.refresh_from_db()
    assert theirs.alt_text == "みなとの写真" and theirs.organisation == org_b
    assert not ProfileChange.objects.exists()


def test_ranks_are_offered_in_the_join_forms_order(admin_client, org_a):
    """★ 主な取組, ☆ その他, なし, as on the join form the admin filled in; not なし first."""
    name = activity_key("居場所づくり")
    html = admin_client.get(URL).content.decode()
    labels = re.findall(
        rf'<input type="radio" name="{name}"[^>]*><label for="[^"]+">([^<]+)</label>', html
    )
    assert labels == [str(label) for _value, label in join_forms.RANK_CHOICES]
