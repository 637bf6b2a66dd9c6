"""The form of a profile translation (/my-organisation/translations/…)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import OrganisationTranslation


class TranslationForm(forms.ModelForm):
    """The message and description in one language; at least one of them.

    Text is kept as typed (no NFKC): full-width punctuation is right in
    Chinese or Easy Japanese.
    """

    class Meta:
        model = OrganisationTranslation
        fields = ["message", "description"]
        widgets = {
            "message": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, language, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # spell-checkers and screen readers
            field.widget.attrs["lang"] = language

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("message") or cleaned.get("description")):
            raise forms.ValidationError(
                _("メッセージか団体の紹介の少なくとも一方を入力してください。"), code="empty"
            )
        return cleaned


class MachineTranslationForm(forms.Form):
    """The secretariat confirms: a machine translation replaces the current one."""

    confirm = forms.BooleanField(
        label=_("今の翻訳を機械翻訳で置き換えることを確認しました"),
        error_messages={"required": _("確認のチェックを入れてください。")},
    )
