"""Attachments: type and size checked in the post form, random storage, guarded serving."""

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from machina.core.db.models import get_model

from tests.files import image_bytes, pdf_bytes

from .conftest import PDF, attach, make_topic, url_of

Attachment = get_model("forum_attachments", "Attachment")
Post = get_model("forum_conversation", "Post")

pytestmark = pytest.mark.django_db
REFUSED_TYPE = "この種類のファイルは添付できません"


def reply_with_file(client, topic, upload):
    return client.post(
        url_of(topic) + "post/create/",
        {
            "subject": "Re: 資料",
            "content": "資料を添付します。",
            "attachment-TOTAL_FORMS": "1",
            "attachment-INITIAL_FORMS": "0",
            "attachment-0-file": upload,
            "attachment-0-comment": "",
        },
    )


@pytest.fixture
def topic(s1, coordinator):
    return make_topic(s1.forum, coordinator, "資料置き場")[0]


def test_allowed_file_is_stored_under_a_random_directory(client, topic, member):
    client.force_login(member)
    response = reply_with_file(client, topic, SimpleUploadedFile("議事録 2026.pdf", PDF))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    directory, name = attachment.file.name.rsplit("/", 1)
    assert name.endswith(".pdf") and "議事録" in name
    assert len(directory.rsplit("/", 1)[-1]) == 32  # uuid4 hex
    download = client.get(f"/forum/attachment/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in download["Content-Security-Policy"]
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "page.html",
            b"<html><script>alert(1)</script></html>",
            "この種類のファイルは添付できません",
        ),
        ("image.svg", b"<svg onload=alert(1)></svg>", "この種類のファイルは添付できません"),
        ("fake.pdf", b"<html><script>alert(1)</script></html>", "拡張子"),
        ("macro.docm", b"PK\x03\x04....", REFUSED_TYPE),
        ("noext", b"%PDF-1.4", REFUSED_TYPE),
        ("binary.txt", b"MZ\x00\x00\x90", "拡張子"),
        ("empty.pdf", b"", "空"),
    ],
)
def test_bad_files_are_refused_with_a_japanese_message(
    client, topic, member, name, content, message
):
    client.force_login(member)
    response = reply_with_file(client, topic, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attachment.objects.exists()
    # The text typed is kept in the form, nothing is posted.
    assert "資料を添付します。" in response.content.decode()
    assert Post.objects.filter(topic=topic).count() == 1


POLYGLOT = PDF + b"<html><script>alert(document.cookie)</script></html>\n%%EOF\n"
REFUSED_POLYGLOT = "ウェブページやスクリプトとして読める記述を含むファイルは受け付けられません。"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("minutes.pdf", POLYGLOT),
        ("minutes.pdf", PDF + "<svg onload=alert(1)>".encode("utf-16-be")),
        ("photo.png", image_bytes("PNG") + b"<!doctype html><p>hi"),
        ("notes.txt", b"meeting notes\n<script>alert(1)</script>\n"),
    ],
    ids=["pdf-html", "pdf-utf16-svg", "png-html", "txt-script"],
)
def test_a_polyglot_attachment_is_refused(client, topic, member, name, content):
    client.force_login(member)
    response = reply_with_file(client, topic, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert REFUSED_POLYGLOT in response.content.decode()
    assert "資料を添付します。" in response.content.decode()
    assert not Attachment.objects.exists()
    assert Post.objects.filter(topic=topic).count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.pdf", image_bytes("PNG"), "拡張子"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "拡張子"),  # not a decodable image
        ("photo.jpg", image_bytes("PNG"), "拡張子"),
        ("report.docx", b"PK\x03\x04 not a zip at all", "拡張子"),
    ],
)
def test_content_must_be_what_the_name_says(client, topic, member, name, content, message):
    client.force_login(member)
    response = reply_with_file(client, topic, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("議事録.pdf", pdf_bytes("議事録")),
        ("写真.png", image_bytes("PNG")),
        ("写真.jpg", image_bytes("JPEG")),
    ],
)
def test_genuine_files_are_accepted(client, topic, member, name, content):
    client.force_login(member)
    response = reply_with_file(client, topic, SimpleUploadedFile(name, content))
    assert response.status_code == 302
    assert Attachment.objects.get().file.name.endswith(name)


def test_oversize_file_is_refused(client, topic, member, settings):
    settings.FORUM_ATTACHMENT_MAX_BYTES = 1024
    client.force_login(member)
    response = reply_with_file(client, topic, SimpleUploadedFile("big.pdf", PDF + b"0" * 2048))
    assert response.status_code == 200
    assert "ファイルが大きすぎます" in response.content.decode()
    assert not Attachment.objects.exists()


def test_serving_checks_read_permission_and_approval(
    client, s1, topic, member, coordinator, other_member, outsider, secretariat
):
    post = topic.first_post
    attachment = attach(post, "memo.pdf")
    url = f"/forum/attachment/{attachment.pk}/"
    assert client.get(url).status_code == 404  # anonymous
    for user in (outsider, other_member):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 200
    # Held for moderation: only its poster and the moderators get the file.
    Post.objects.filter(pk=post.pk).update(approved=False)
    assert client.get(url).status_code == 404
    for user in (coordinator, secretariat):
        client.force_login(user)
        assert client.get(url).status_code == 200
    assert client.get("/forum/attachment/999999/").status_code == 404


def test_media_root_does_not_serve_attachments(client, topic, member):
    attachment = attach(topic.first_post, "memo.pdf")
    assert client.get(f"/media/{attachment.file.name}").status_code == 404


def test_editing_a_post_keeps_its_file_and_never_shows_its_storage_path(client, topic, member):
    client.force_login(member)
    reply_with_file(client, topic, SimpleUploadedFile("議事録.pdf", PDF))
    attachment = Attachment.objects.get()
    post = attachment.post
    edit_url = url_of(topic) + f"{post.pk}/post/update/"
    page = client.get(edit_url).content.decode()
    assert attachment.file.name not in page and "/media/" not in page
    assert f"/forum/attachment/{attachment.pk}/" in page and "議事録.pdf" in page
    response = client.post(
        edit_url,
        {
            "subject": "Re: 資料",
            "content": "本文を直しました。",
            "attachment-TOTAL_FORMS": "1",
            "attachment-INITIAL_FORMS": "1",
            "attachment-0-id": str(attachment.pk),
            "attachment-0-comment": "",
        },
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.content.raw == "本文を直しました。"
    assert Attachment.objects.get().file.name == attachment.file.name
