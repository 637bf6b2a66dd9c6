"""The membership application form (入会申込書) and the secretariat's decision forms.

Whatever people type is normalised before it is validated (full-width digits
and hyphens, half-width katakana, hiragana readings), so a value is never
rejected for its width alone. Only the fields listed in ``Meta.fields`` can be
set: the status, tier, organisation and decision fields of an application are
never the applicant's to choose.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from cms.forms import ErrorSummaryMixin
from cms.text import nfkc, normalise_digits, normalise_text, to_katakana
from cms.uploads import check_content
from organisations.choices import LegalForm, Tier
from organisations.models import ActivityGroup, Application, Prefecture, TargetGroup
from organisations.services import applications as services

LETTER_MAX_BYTES = 5 * 1024 * 1024
# Each accepted extension and the one the file is stored under; cms.uploads
# checks that the content really is of that type (and no web page besides).
LETTER_EXTENSIONS = {"pdf": "pdf", "png": "png", "jpg": "jpg", "jpeg": "jpg"}
REENTER_FILE = _("推薦書のファイルは保存されていません。お手数ですが、もう一度選択してください。")

MAIN, OTHER, NONE = "main", "other", "none"
RANK_CHOICES = [(MAIN, _("★ 主な取組")), (OTHER, _("☆ その他")), (NONE, _("なし"))]


# --- Fields that normalise before they validate ------------------------------


class TextField(forms.CharField):
    """Names and addresses: NFKC (full-width ASCII and half-width kana folded), trimmed."""

    def to_python(self, value):
        return super().to_python(normalise_text(value) if isinstance(value, str) else value)


class DigitsField(forms.CharField):
    """Postcodes and phone numbers: ０１２－３４５６ → 012-3456."""

    def to_python(self, value):
        return super().to_python(normalise_digits(value) if isinstance(value, str) else value)


class KanaField(forms.CharField):
    """Readings: hiragana or katakana accepted, stored in katakana."""

    def to_python(self, value):
        return super().to_python(to_katakana(value) if isinstance(value, str) else value)


class NormalisedEmailField(forms.EmailField):
    def to_python(self, value):
        value = "".join(nfkc(value).split()) if isinstance(value, str) else value
        return super().to_python(value)


class NormalisedURLField(forms.URLField):
    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)

    def to_python(self, value):
        return super().to_python(normalise_text(value) if isinstance(value, str) else value)


class NormalisedDateField(forms.DateField):
    input_formats = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]

    def to_python(self, value):
        if isinstance(value, str):
            value = normalise_digits(value)
        return super().to_python(value)


class NormalisedIntegerField(forms.IntegerField):
    def to_python(self, value):
        if isinstance(value, str):
            value = normalise_digits(value).replace(",", "")
        return super().to_python(value)


class TextareaField(forms.CharField):
    def to_python(self, value):
        return super().to_python(nfkc(value).strip() if isinstance(value, str) else value)


# --- The application -------------------------------------------------------------


class ApplicationForm(ErrorSummaryMixin, forms.ModelForm):
    """入会申込書. The taxonomy is chosen per item (★ main / ☆ secondary / none)."""

    declares_no_antisocial_ties = forms.BooleanField(
        label=_(
            "当団体（代表者・役員を含む）は、暴力団などの反社会的勢力に該当せず、"
            "反社会的勢力と関係を持っていないことを表明します。"
        ),
        error_messages={"required": _("入会には、反社会的勢力に該当しないことの表明が必要です。")},
    )
    agrees_to_publication = forms.BooleanField(
        label=_(
            "入会後、団体名・所在地・取組の内容などの団体情報を、このサイトで公開し、"
            "会員の間で共有することに同意します。"
        ),
        help_text=_("番地や担当者の連絡先を誰に見せるかは、入会後に団体の管理画面で選べます。"),
        error_messages={"required": _("入会には、団体情報の公開・共有への同意が必要です。")},
    )

    class Meta:
        model = Application
        fields = [
            "name",
            "name_kana",
            "legal_form",
            "representative",
            "founded_on",
            "staff_count",
            "postcode",
            "prefecture",
            "municipality",
            "street_address",
            "website",
            "areas_prefectures",
            "areas_municipalities",
            "activity_summary",
            "applicant_name",
            "applicant_name_kana",
            "applicant_email",
            "applicant_phone",
            "recommender",
            "recommendation_letter",
            "declares_no_antisocial_ties",
            "agrees_to_publication",
        ]
        field_classes = {
            "name": TextField,
            "name_kana": KanaField,
            "representative": TextField,
            "founded_on": NormalisedDateField,
            "staff_count": NormalisedIntegerField,
            "postcode": DigitsField,
            "municipality": TextField,
            "street_address": TextField,
            "website": NormalisedURLField,
            "areas_municipalities": TextField,
            "activity_summary": TextareaField,
            "applicant_name": TextField,
            "applicant_name_kana": KanaField,
            "applicant_email": NormalisedEmailField,
            "applicant_phone": DigitsField,
            "recommender": TextField,
        }
        help_texts = {
            "name": _("正式な名称を入力してください。例：特定非営利活動法人つながりささえあいの会"),
            "name_kana": _("ひらがなかカタカナで入力してください。法人格の読みは不要です。"),
            "representative": _("例：理事長 山田 太郎"),
            "founded_on": _("わかる範囲で入力してください。例：2015-04-01"),
            "staff_count": _("ボランティアを含む、活動に関わる人数の目安です。"),
            "postcode": _("例：796-0001（全角でも入力できます）"),
            "municipality": _("例：八幡浜市"),
            "street_address": _("例：北浜1-2-3 つながりビル2階"),
            "website": _("http:// または https:// で始まるURL。なければ空欄で構いません。"),
            "areas_prefectures": _("活動している都道府県をすべて選んでください。"),
            "areas_municipalities": _("読点（、）で区切って入力。例：八幡浜市、大洲市"),
            "activity_summary": _(
                "孤独・孤立の状態にある人や、その予防につながる活動の内容を、"
                "2,000字以内で書いてください。"
            ),
            "applicant_name": _("この申込みについて事務局から連絡する方のお名前です。"),
            "applicant_name_kana": _("ひらがなかカタカナで入力してください。"),
            "applicant_email": _(
                "確認のメールをお送りします。入会が承認されると、このアドレスが"
                "団体の管理者のログインIDになります。"
            ),
            "applicant_phone": _("例：0894-12-3456（全角でも入力できます）"),
            "recommender": _("推薦を受けた県、市町村、または幹事団体の名称を入力してください。"),
            "recommendation_letter": _(
                "推薦書がある場合は、PDF・JPEG・PNGのいずれか（5MBまで）で添付してください。"
            ),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "name_kana": forms.TextInput(attrs={"autocomplete": "off"}),
            "representative": forms.TextInput(attrs={"autocomplete": "off"}),
            "founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "staff_count": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "postcode": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
            ),
            "prefecture": forms.Select(attrs={"autocomplete": "address-level1"}),
            "municipality": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "street_address": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "website": forms.URLInput(attrs={"autocomplete": "url", "inputmode": "url"}),
            "areas_prefectures": forms.CheckboxSelectMultiple,
            "areas_municipalities": forms.TextInput(attrs={"autocomplete": "off"}),
            "activity_summary": forms.Textarea(attrs={"rows": 6}),
            "applicant_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "applicant_name_kana": forms.TextInput(attrs={"autocomplete": "off"}),
            "applicant_email": forms.EmailInput(
                attrs={"autocomplete": "email", "inputmode": "email"}
            ),
            "applicant_phone": forms.TextInput(
                attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}
            ),
            "recommender": forms.TextInput(attrs={"autocomplete": "off"}),
            "recommendation_letter": forms.ClearableFileInput(
                attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
            ),
        }

    # The consent checkboxes' labels are whole sentences: shorter names for the summary.
    SUMMARY_LABELS = {
        "declares_no_antisocial_ties": _("反社会的勢力に該当しないことの表明"),
        "agrees_to_publication": _("団体情報の公開・共有への同意"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prefecture"].empty_label = _("選んでください")
        self.fields["legal_form"].choices = [("", _("選んでください")), *LegalForm.choices]
        self.fields["prefecture"].queryset = Prefecture.objects.order_by("code")
        self.fields["areas_prefectures"].queryset = Prefecture.objects.order_by("code")
        self.fields["staff_count"].validators.append(MaxValueValidator(100_000))
        self.taxonomy_errors = {"activities": [], "targets": []}
        self.activity_groups = []
        for group in ActivityGroup.objects.prefetch_related("items"):
            names = []
            for item in group.items.all():
                name = f"activity_{item.pk}"
                self.fields[name] = self._rank_field(item.translated_name)
                names.append(name)
            self.activity_groups.append((group, names))
        self.target_fields = []
        for item in TargetGroup.objects.all():
            name = f"target_{item.pk}"
            self.fields[name] = self._rank_field(item.translated_name)
            self.target_fields.append(name)
        # An item the browser sent nothing for shows as "none" again, not blank.
        # (Only the rank fields: "activity_summary" is a text.)
        ranks = [name for _group, names in self.activity_groups for name in names]
        missing = [name for name in ranks + self.target_fields if name not in self.data]
        if self.is_bound and missing:
            self.data = self.data.copy()
            for name in missing:
                self.data[name] = NONE

    @staticmethod
    def _rank_field(label):
        return forms.ChoiceField(
            label=label,
            choices=RANK_CHOICES,
            initial=NONE,
            required=False,
            widget=forms.RadioSelect,
        )

    # --- Template helpers ---------------------------------------------------------

    def activity_sections(self):
        """[(group, [bound field, ...]), ...] in the vocabulary's order."""
        return [(group, [self[name] for name in names]) for group, names in self.activity_groups]

    def target_section(self):
        return [self[name] for name in self.target_fields]

    def error_summary(self):
        items = super().error_summary()
        for key, label in (("activities", _("取組の種類")), ("targets", _("取組の対象"))):
            for message in self.taxonomy_errors[key]:
                items.append((key, label, message))
        return items

    # --- Validation ------------------------------------------------------------

    def clean_recommendation_letter(self):
        letter = self.cleaned_data.get("recommendation_letter")
        if not letter:
            return letter
        if letter.size > LETTER_MAX_BYTES:
            raise ValidationError(
                _("推薦書のファイルは5MB以下にしてください。") + " " + str(REENTER_FILE),
                code="too_big",
            )
        extension = letter.name.rsplit(".", 1)[-1].lower() if "." in letter.name else ""
        detected = LETTER_EXTENSIONS.get(extension)
        problem, code = _("推薦書はPDF・JPEG・PNGのいずれかのファイルにしてください。"), "bad_type"
        try:
            if detected is not None:
                check_content(letter, detected)
                problem = None
        except ValidationError as error:
            if error.code == "polyglot":
                problem, code = error.message, error.code
        if problem:
            raise ValidationError(f"{problem} {REENTER_FILE}", code=code)
        # Stored under a random name (the model's upload_to) with the extension
        # of what the file really is.
        letter.name = f"letter.{detected}"
        return letter

    def clean(self):
        cleaned = super().clean()
        taxonomy = {
            "main_activity_types": [],
            "other_activity_types": [],
            "main_target_groups": [],
            "other_target_groups": [],
        }
        for group, names in self.activity_groups:
            for item, name in zip(group.items.all(), names, strict=True):
                rank = cleaned.get(name) or NONE
                if rank == MAIN:
                    taxonomy["main_activity_types"].append(item)
                elif rank == OTHER:
                    taxonomy["other_activity_types"].append(item)
        targets = {f"target_{item.pk}": item for item in TargetGroup.objects.all()}
        for name in self.target_fields:
            rank = cleaned.get(name) or NONE
            item = targets.get(name)
            if item is None:
                continue
            if rank == MAIN:
                taxonomy["main_target_groups"].append(item)
            elif rank == OTHER:
                taxonomy["other_target_groups"].append(item)
        if not taxonomy["main_activity_types"]:
            self._taxonomy_error(
                "activities", _("主な取組の種類（★）を1つ以上選んでください。"), "no_main_activity"
            )
        if not taxonomy["main_target_groups"]:
            self._taxonomy_error(
                "targets", _("主な取組の対象（★）を1つ以上選んでください。"), "no_main_target"
            )
        cleaned.update(taxonomy)

        name, prefecture = cleaned.get("name"), cleaned.get("prefecture")
        if name and prefecture:
            duplicate = services.find_duplicate(
                name=name, prefecture=prefecture, website=cleaned.get("website", "")
            )
            if duplicate is not None:
                self.add_error(
                    duplicate.field, ValidationError(duplicate.message, code="duplicate")
                )
        return cleaned

    def _taxonomy_error(self, key, message, code):
        self.taxonomy_errors[key].append(message)
        self.add_error(None, ValidationError(message, code=code))

    def _post_clean(self):
        super()._post_clean()
        # A file cannot be kept across a failed submit: ask for it again.
        if (
            self.errors
            and self.files.get(self.add_prefix("recommendation_letter"))
            and "recommendation_letter" not in self.errors
        ):
            self.add_error("recommendation_letter", REENTER_FILE)


# --- The secretariat's decisions -----------------------------------------------------


class AcceptApplicationForm(forms.Form):
    tier = forms.ChoiceField(
        label=_("会員区分"),
        choices=Tier.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("会員区分（幹事団体・一般団体）を選んでください。")},
    )


class DeclineApplicationForm(forms.Form):
    reason = forms.CharField(
        label=_("不承認の理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("申込者へのメールにそのまま記載されます。"),
        error_messages={"required": _("不承認の理由を入力してください。")},
    )
