"""Forms of the secretariat's register import and export (Wagtail admin)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.services.tables import MAX_FILE_BYTES, RegisterFileError, decode_text

EXTENSIONS = (".csv", ".xlsx")
ZIP_MAGIC = b"PK\x03\x04"


class RegisterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("名簿ファイル"),
        help_text=_(
            "CSV（UTF-8 または Shift_JIS）か Excel（.xlsx）、5MBまで。"
            "1行目は項目名（団体名、都道府県 など）にしてください。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith(EXTENSIONS):
            raise forms.ValidationError(
                _("CSV（.csv）か Excel（.xlsx）のファイルを選んでください。")
            )
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("ファイルが大きすぎます（5MBまで）。"))
        content = upload.read(MAX_FILE_BYTES + 1)
        if len(content) > MAX_FILE_BYTES:
            raise forms.ValidationError(_("ファイルが大きすぎます（5MBまで）。"))
        if not content.strip():
            raise forms.ValidationError(_("ファイルが空です。"))
        # The name is only a claim: the content must match it.
        if name.endswith(".xlsx"):
            if not content.startswith(ZIP_MAGIC):
                raise forms.ValidationError(_("Excel（.xlsx）のファイルではありません。"))
        else:
            try:
                text = decode_text(content)
            except RegisterFileError as error:
                raise forms.ValidationError(str(error)) from error
            if content.startswith(ZIP_MAGIC) or "\x00" in text:
                raise forms.ValidationError(_("CSVのファイルではありません。"))
        self.cleaned_data["content"] = content
        return upload


class RegisterExportForm(forms.Form):
    file_format = forms.ChoiceField(
        label=_("形式"),
        choices=[("xlsx", _("Excel（.xlsx）")), ("csv", _("CSV（UTF-8、Excelで開けます）"))],
        initial="xlsx",
        widget=forms.RadioSelect,
    )
    include_inactive = forms.BooleanField(
        label=_("資格停止・退会・除名の団体も含める"),
        required=False,
    )
