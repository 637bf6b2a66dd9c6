"""The registration form: the standard questions, then the editor's own (Wagtail's form builder)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.forms.forms import FormBuilder

from cms.forms import ErrorSummaryMixin
from events.models import AccessibilityNeed, AttendanceMode, InterpretationLanguage

MAX_PARTY = 10
STANDARD_FIELDS = [
    "name",
    "email",
    "organisation_name",
    "party_size",
    "mode",
    "accessibility",
    "accessibility_other",
    "interpretation_language",
    "referred",
]


class RegistrationForm(ErrorSummaryMixin, forms.Form):
    name = forms.CharField(label=_("お名前"), max_length=100)
    email = forms.EmailField(
        label=_("メールアドレス"),
        help_text=_("申込みの確認と当日のご案内をお送りします。"),
        error_messages={
            "invalid": _("メールアドレスの形式で入力してください（例：name@example.jp）。")
        },
    )
    organisation_name = forms.CharField(
        label=_("所属（団体名など）"), max_length=200, required=False
    )
    party_size = forms.TypedChoiceField(
        label=_("人数"),
        help_text=_("ご本人を含めた人数です。団体の職員の方をまとめて申し込めます。"),
        choices=[(n, str(n)) for n in range(1, MAX_PARTY + 1)],
        coerce=int,
        initial=1,
    )
    mode = forms.ChoiceField(
        label=_("参加方法"), choices=AttendanceMode.choices, widget=forms.RadioSelect
    )
    accessibility = forms.MultipleChoiceField(
        label=_("合理的配慮"),
        help_text=_("必要なものがあれば選んでください。ご要望に沿えるよう準備します。"),
        choices=AccessibilityNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    accessibility_other = forms.CharField(
        label=_("合理的配慮（その他・詳しく）"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    interpretation_language = forms.ChoiceField(
        label=_("通訳の言語"),
        choices=InterpretationLanguage.choices,
        required=False,
    )

    referred = forms.BooleanField(
        label=_("会員団体の窓口からの紹介として申し込む（紹介枠）"),
        help_text=_("窓口で支援している方を紹介するときに選んでください。紹介枠の席を使えます。"),
        required=False,
    )

    def __init__(self, *args, event, can_refer=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if not (can_refer and event.referral_seats):
            del self.fields["referred"]
        modes = event.attendance_modes
        self.fields["mode"].choices = [(m.value, m.label) for m in modes]
        self.fields["mode"].initial = modes[0].value
        if len(modes) == 1:
            self.fields["mode"].widget = forms.HiddenInput()
        self.question_fields = list(event.registration_fields.all())
        self.fields.update(FormBuilder(self.question_fields).formfields)

    def clean(self):
        data = super().clean()
        needs = data.get("accessibility") or []
        if AccessibilityNeed.OTHER in needs and not data.get("accessibility_other", "").strip():
            self.add_error(
                "accessibility_other", _("「その他」を選んだときは、内容を書いてください。")
            )
        return data

    def standard_fields(self):
        return [self[name] for name in STANDARD_FIELDS if name != "mode" and name in self.fields]

    def extra_fields(self):
        return [self[field.clean_name] for field in self.question_fields]

    def answers(self):
        """The editor's questions' answers, by the question's label, as JSON values.

        Keyed by label, not by field name, so an answer still reads right in
        the export after the editor removed or reordered the question.
        """
        answers = {}
        for field in self.question_fields:
            value = self.cleaned_data.get(field.clean_name)
            if isinstance(value, (list, tuple)):
                value = list(value)
            elif value is not None and not isinstance(value, (str, int, float, bool)):
                value = str(value)
            answers[field.label] = value
        return answers

    def registration_fields(self):
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": data["email"],
            "organisation_name": data.get("organisation_name", ""),
            "party_size": data["party_size"],
            "mode": data["mode"],
            "accessibility": list(data.get("accessibility") or []),
            "accessibility_other": data.get("accessibility_other", ""),
            "interpretation_language": data.get("interpretation_language", ""),
            "answers": self.answers(),
            "referred": bool(data.get("referred")),
        }
