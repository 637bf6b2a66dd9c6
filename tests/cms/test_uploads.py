"""cms.uploads: a file is what its extension says, and no web page besides."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from cms.uploads import check_content, refuse_markup
from tests.files import image_bytes as image
from tests.files import pdf_bytes as pdf


def office(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types><Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
DOCX = office({"[Content_Types].xml": DOCX_TYPES, "word/document.xml": "<w:document/>"})
ODT = office({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})


def code_of(extension, content):
    try:
        check_content(SimpleUploadedFile(f"f.{extension}", content), extension)
    except ValidationError as error:
        return error.code
    return None


@pytest.mark.parametrize(
    ("extension", "content"),
    [
        ("pdf", pdf()),
        ("png", image("PNG")),
        ("jpg", image("JPEG")),
        ("jpeg", image("JPEG")),
        ("webp", image("WEBP")),
        ("docx", DOCX),
        ("odt", ODT),
        ("txt", "会議のメモ\n".encode("cp932")),
        ("csv", "団体名,市町村\nみらい,松山市\n".encode()),
    ],
)
def test_genuine_files_pass(extension, content):
    assert code_of(extension, content) is None


@pytest.mark.parametrize(
    ("extension", "content"),
    [
        ("pdf", image("PNG")),  # PNG named .pdf
        ("png", image("JPEG")),
        ("png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),  # a header alone is no image
        ("docx", ODT),
        ("xlsx", DOCX),  # a Word file named .xlsx
        ("docx", b"PK\x03\x04 not a zip"),
        ("odt", DOCX),
        ("txt", b"MZ\x90\x00"),
        ("exe", b"MZ\x90\x00"),  # no rule: never accepted
    ],
)
def test_content_must_match_the_extension(extension, content):
    assert code_of(extension, content) == "invalid_content"


@pytest.mark.parametrize(
    "markup",
    [
        b"<html><script>alert(1)</script>",
        b"<!DOCTYPE HTML>",
        b"<SVG onload=alert(1)>",
        b"<?xml version='1.0'?><x/>",
        "<html>".encode("utf-16-le"),
        "<Script>".encode("utf-16-be"),
    ],
)
@pytest.mark.parametrize("extension", ["pdf", "png", "txt"])
def test_markup_anywhere_in_the_head_makes_a_polyglot(extension, markup):
    genuine = {"pdf": pdf(), "png": image("PNG"), "txt": b"notes\n"}[extension]
    # UTF-16 text holds NUL bytes, so a .txt with it is refused as no text at all.
    utf16_text = extension == "txt" and b"\x00" in markup
    expected = "invalid_content" if utf16_text else "polyglot"
    assert code_of(extension, genuine + b"\n" + markup) == expected


def test_office_files_may_hold_xml_but_not_html():
    stored = office({"[Content_Types].xml": DOCX_TYPES})  # deflated: no markup in the bytes
    assert code_of("docx", stored) is None
    with pytest.raises(ValidationError) as caught:
        refuse_markup(SimpleUploadedFile("x.docx", DOCX + b"<html>"), allow_xml=True)
    assert caught.value.code == "polyglot"
    refuse_markup(SimpleUploadedFile("x.docx", DOCX + b"<?xml"), allow_xml=True)


def test_the_message_is_japanese():
    with pytest.raises(ValidationError) as caught:
        check_content(SimpleUploadedFile("x.pdf", b"%PDF-1.4 <html>"), "pdf")
    assert caught.value.messages == [
        "ウェブページやスクリプトとして読める記述を含むファイルは受け付けられません。"
    ]
