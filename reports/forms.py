from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_DETAILS, Reason


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("通報の理由"),
        choices=Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("通報の理由を選んでください。")},
    )
    details = forms.CharField(
        label=_("詳しい内容"),
        required=False,
        max_length=MAX_DETAILS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("どこが問題か、わかる範囲で書いてください（1000字まで）。"),
        error_messages={
            "max_length": _("詳しい内容は1000字以内で書いてください（いま%(show_value)d字）。")
        },
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == Reason.OTHER and not (cleaned.get("details") or "").strip():
            self.add_error("details", _("「その他」を選んだときは、詳しい内容を書いてください。"))
        return cleaned
