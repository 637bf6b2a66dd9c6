"""Forum attachments: what may be uploaded, and where it is stored.

machina stores an attachment under its original name with no type or size
check (ARCHITECTURE.md). Here:

- only the file types below are accepted, checked by extension *and* by the
  content (cms.uploads: a renamed HTML page is not a PDF, and a PDF with a web
  page inside is refused too), up to
  ``FORUM_ATTACHMENT_MAX_BYTES`` (10 MB unless the settings say otherwise);
- each file is stored in a directory with a random name, so its path cannot
  be guessed; it is only ever served by ``forum.views.AttachmentDownloadView``,
  never straight from MEDIA_ROOT.
"""

import os
import unicodedata
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.forms.models import modelformset_factory
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from machina.apps.forum_conversation.forum_attachments.forms import BaseAttachmentFormset
from machina.conf import settings as machina_settings
from machina.core.db.models import get_model

from cms.uploads import check_content

Attachment = get_model("forum_attachments", "Attachment")

# extension → content type served. What the file really is (and that it is no
# web page besides) is checked by cms.uploads.check_content.
ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


def max_bytes() -> int:
    return getattr(settings, "FORUM_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)


def extension_of(name) -> str:
    return os.path.splitext(str(name or ""))[1].lower().lstrip(".")


def content_type_for(name) -> str:
    """The content type an attachment is served with (by its stored extension)."""
    return ALLOWED_TYPES.get(extension_of(name), "application/octet-stream")


def clean_filename(name) -> str:
    """The base name only, NFKC-folded, without control characters or path parts."""
    name = unicodedata.normalize("NFKC", os.path.basename(str(name or "").replace("\\", "/")))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    return name[-120:] or "file"


def validate_upload(upload):
    """Raise ValidationError (in Japanese) unless ``upload`` is an allowed file."""
    name = clean_filename(getattr(upload, "name", ""))
    extension = extension_of(name)
    if extension not in ALLOWED_TYPES:
        allowed = pgettext("列挙の区切り", "、").join(sorted(ALLOWED_TYPES))
        raise ValidationError(
            _("この種類のファイルは添付できません（添付できる形式：%(allowed)s）。"),
            code="file_type",
            params={"allowed": allowed},
        )
    size = getattr(upload, "size", 0) or 0
    if size > max_bytes():
        raise ValidationError(
            _("ファイルが大きすぎます（上限 %(limit)s）。"),
            code="file_size",
            params={"limit": filesizeformat(max_bytes())},
        )
    if size == 0:
        raise ValidationError(_("空のファイルは添付できません。"), code="file_empty")
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        check_content(upload, extension)
    finally:
        upload.seek(position)


class SafeAttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["file", "comment"]
        labels = {"file": _("ファイル"), "comment": _("説明")}
        # Not ClearableFileInput: its "現在: <a href=/media/...>" shows the
        # storage path, which is never served (the download view is).
        widgets = {"file": forms.FileInput}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload
            validate_upload(upload)
        return upload


AttachmentFormset = modelformset_factory(
    Attachment,
    SafeAttachmentForm,
    formset=BaseAttachmentFormset,
    can_delete=True,
    extra=1,
    max_num=machina_settings.ATTACHMENT_MAX_FILES_PER_POST,
    validate_max=True,
)


@receiver(pre_save, sender=Attachment, dispatch_uid="tsunagari_forum_attachment_name")
def store_under_random_directory(sender, instance, **kwargs):
    """A new file goes to <upload_to>/<random hex>/<cleaned name>; bad types never reach disk."""
    file = instance.file
    if not file or getattr(file, "_committed", True):
        return
    if extension_of(file.name) not in ALLOWED_TYPES:
        raise ValidationError(_("この種類のファイルは添付できません。"))
    file.name = f"{uuid.uuid4().hex}/{clean_filename(file.name)}"
