"""What an uploaded file really is: one content check for every upload form.

A file's name and its declared content type are only claims. ``check_content``
looks at the bytes:

- the content must be the type its extension names: a PDF starts with
  ``%PDF-``; an image is opened and verified with Pillow and must be in the
  extension's format; an Office Open XML file is a ZIP whose
  ``[Content_Types].xml`` names the right main part, an OpenDocument file a ZIP
  whose ``mimetype`` names its type; old Office files are OLE containers; text
  has no NUL byte and decodes as UTF-8 or Shift_JIS;
- and it must not *also* be a web page (a polyglot): a browser that sniffs a
  file rather than trusting its type would run a script in it. A file whose
  first ``SNIFF_BYTES`` hold an HTML, SVG or script signature (any case, in
  ASCII or UTF-16) is refused, whatever its type.

Forms call ``check_content(upload, extension)``; it raises a ValidationError
with a Japanese message (code ``invalid_content`` or ``polyglot``). Image
fields built on Wagtail's (which already opens the image with Willow and
matches its format to the extension) call ``refuse_markup(upload)`` only.
"""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from PIL import Image, UnidentifiedImageError

SNIFF_BYTES = 16 * 1024

# Signatures a browser's HTML sniffing or an XML/SVG parser acts on.
MARKUP_SIGNATURES = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<iframe",
    b"<object",
    b"<embed",
    b"<svg",
)
# An XML declaration, where the type is not XML itself (Office files are ZIPs of XML parts).
XML_SIGNATURES = (b"<?xml",)


def _patterns(signatures):
    """Each signature in ASCII and in UTF-16 (both byte orders)."""
    return tuple(
        pattern
        for signature in signatures
        for pattern in (
            signature,
            signature.decode().encode("utf-16-le"),
            signature.decode().encode("utf-16-be"),
        )
    )


_MARKUP = _patterns(MARKUP_SIGNATURES)
_MARKUP_OR_XML = _patterns(MARKUP_SIGNATURES + XML_SIGNATURES)

PDF_MAGIC = b"%PDF-"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

IMAGE_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "webp": "WEBP", "gif": "GIF"}
OOXML_MAIN_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
TEXT_EXTENSIONS = {"txt", "csv"}

MISMATCH = _("ファイルの中身が拡張子（.%(extension)s）と一致しません。")
POLYGLOT = _("ウェブページやスクリプトとして読める記述を含むファイルは受け付けられません。")


def check_content(upload, extension):
    """Raise ValidationError unless ``upload`` really is an ``extension`` file
    and holds no markup a browser could run. The file is left at offset 0."""
    extension = extension.lower().lstrip(".")
    if not matches_type(upload, extension):
        raise ValidationError(MISMATCH, code="invalid_content", params={"extension": extension})
    refuse_markup(upload, allow_xml=extension in OOXML_MAIN_TYPES or extension in ODF_MIMETYPES)


def refuse_markup(upload, *, allow_xml=False):
    """Raise ValidationError if the file's head could be read as a web page."""
    if has_markup(read_head(upload), allow_xml=allow_xml):
        raise ValidationError(POLYGLOT, code="polyglot")


def read_head(upload, size=SNIFF_BYTES):
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def has_markup(head: bytes, *, allow_xml=False) -> bool:
    """Whether ``head`` holds an HTML, SVG, script (or, unless ``allow_xml``, an
    XML) signature, in any case."""
    lowered = head.lower()
    return any(pattern in lowered for pattern in (_MARKUP if allow_xml else _MARKUP_OR_XML))


def matches_type(upload, extension) -> bool:
    """Whether the content is of the type ``extension`` names (unknown types: no)."""
    head = read_head(upload)
    if extension == "pdf":
        return head.startswith(PDF_MAGIC)
    if extension in IMAGE_FORMATS:
        return _image_format(upload) == IMAGE_FORMATS[extension]
    if extension in OOXML_MAIN_TYPES:
        return _zip_member(upload, "[Content_Types].xml", OOXML_MAIN_TYPES[extension])
    if extension in ODF_MIMETYPES:
        return _zip_member(upload, "mimetype", ODF_MIMETYPES[extension], exact=True)
    if extension in ("doc", "xls", "ppt"):
        return head.startswith(OLE_MAGIC)
    if extension in TEXT_EXTENSIONS:
        return b"\x00" not in head and _decodes(head)
    return False


def _image_format(upload):
    """Pillow's name for the image's format, or None if it is not a sound image."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            return image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)


def _zip_member(upload, member, expected, *, exact=False):
    """Whether the ZIP container holds ``member`` naming ``expected``."""
    if read_head(upload, len(ZIP_MAGIC)) != ZIP_MAGIC:
        return False
    try:
        upload.seek(0)
        with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
            info = archive.getinfo(member)
            if info.file_size > 1024 * 1024:
                return False
            text = archive.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError):
        return False
    finally:
        upload.seek(0)
    return text.strip() == expected if exact else f'"{expected}"' in text


def _decodes(head: bytes) -> bool:
    for encoding in ("utf-8", "cp932"):
        for cut in range(4):  # the head may end in the middle of a character
            try:
                head[: len(head) - cut].decode(encoding)
            except UnicodeDecodeError:
                continue
            return True
    return False
