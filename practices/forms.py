"""The front-end write-up form (取組事例): plain text in, simple HTML out.

The long fields are plain textareas; the service turns them into paragraphs
and line breaks (escaped), and the page model sanitises the result again.
The organisation is never a field: it is the signed-in person's own.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.text import normalise_digits
from organisations.choices import OrganisationStatus
from organisations.forms.fields import AttachmentFileField, RankedVocabularyMixin
from organisations.forms.manage import TextField, UploadedImageField
from organisations.models import Organisation, Prefecture
from practices.models import PracticePage
from practices.services import TEXT_FIELDS, html_to_text

MAX_RESULTS = 5
MAX_PARTNERS = 5
MAX_PHOTOS = 6
NEW_PHOTO_SLOTS = 2
MAX_ATTACHMENTS = 5
NEW_ATTACHMENT_SLOTS = 2


class YearField(forms.IntegerField):
    def to_python(self, value):
        return super().to_python(normalise_digits(value) if isinstance(value, str) else value)


def _model_field(name):
    return PracticePage._meta.get_field(name)


class LongTextField(forms.CharField):
    def __init__(self, name, *, required=True, rows=6):
        field = _model_field(name)
        super().__init__(
            label=field.verbose_name,
            max_length=field.max_length,
            required=required,
            widget=forms.Textarea(attrs={"rows": rows}),
            help_text=_("空行で段落を分けられます。"),
        )


class PracticeForm(RankedVocabularyMixin, forms.Form):
    title = TextField(label=_("取組名"), max_length=255)
    summary = forms.CharField(
        label=_model_field("summary").verbose_name,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_model_field("summary").help_text,
    )
    year = YearField(
        label=_model_field("year").verbose_name,
        min_value=2000,
        max_value=2100,
        help_text=_model_field("year").help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    areas_prefectures = forms.ModelMultipleChoiceField(
        label=_model_field("areas_prefectures").verbose_name,
        queryset=Prefecture.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas_municipalities = TextField(
        label=_model_field("areas_municipalities").verbose_name,
        max_length=500,
        required=False,
        help_text=_model_field("areas_municipalities").help_text,
    )
    purpose = LongTextField("purpose")
    beneficiaries = LongTextField("beneficiaries", rows=4)
    content = LongTextField("content", rows=10)
    outreach = LongTextField("outreach", required=False)
    qualitative_results = LongTextField("qualitative_results", required=False)

    def __init__(self, *args, page=None, **kwargs):
        """``page``: the latest revision of the write-up as an object, to fill the form."""
        initial = kwargs.pop("initial", None) or {}
        current_activities, current_targets, results, partners = {}, {}, [], []
        if page is not None:
            initial.update(
                {
                    "title": page.title,
                    "summary": page.summary,
                    "year": page.year,
                    "areas_prefectures": list(page.areas_prefectures.all()),
                    "areas_municipalities": page.areas_municipalities,
                    **{name: html_to_text(getattr(page, name)) for name in TEXT_FIELDS},
                }
            )
            current_activities = {a.activity_type_id: a.is_main for a in page.activities.all()}
            current_targets = {t.target_group_id: t.is_main for t in page.targets.all()}
            results = list(page.results.all())
            partners = list(page.partners.all())
            self.existing_photos = list(page.photos.all())
            self.existing_attachments = list(page.attachments.all())
        else:
            self.existing_photos = []
            self.existing_attachments = []
        for i, attachment in enumerate(self.existing_attachments, start=1):
            initial[f"attachment_{i}_title"] = attachment.display_title
        for i, photo in enumerate(self.existing_photos, start=1):
            initial[f"photo_{i}_alt"] = photo.alt_text
            initial[f"photo_{i}_caption"] = photo.caption
        for i, partner in enumerate(partners[:MAX_PARTNERS], start=1):
            initial[f"partner_{i}_organisation"] = partner.organisation_id
            initial[f"partner_{i}_name"] = partner.name
        for i, result in enumerate(results[:MAX_RESULTS], start=1):
            initial.update(
                {
                    f"result_{i}_label": result.label,
                    f"result_{i}_value": result.value,
                    f"result_{i}_unit": result.unit,
                    f"result_{i}_period": result.period,
                }
            )
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["title"].widget.attrs["autocomplete"] = "off"
        self.fields["areas_municipalities"].widget.attrs["autocomplete"] = "off"

        self.add_rank_fields(current_activities, current_targets)

        self.result_rows = []
        for i in range(1, MAX_RESULTS + 1):
            row = []
            for part, label, max_length in (
                ("label", _("項目"), 100),
                ("value", _("数値"), 50),
                ("unit", _("単位"), 20),
                ("period", _("期間"), 50),
            ):
                name = f"result_{i}_{part}"
                self.fields[name] = TextField(label=label, max_length=max_length, required=False)
                self.fields[name].widget.attrs["autocomplete"] = "off"
                row.append(name)
            self.result_rows.append(row)

        self.partner_rows = []
        members = Organisation.objects.filter(status=OrganisationStatus.ACTIVE).order_by(
            "name_kana", "pk"
        )
        for i in range(1, MAX_PARTNERS + 1):
            org_name, name_name = f"partner_{i}_organisation", f"partner_{i}_name"
            self.fields[org_name] = forms.ModelChoiceField(
                label=_("会員団体"),
                queryset=members,
                required=False,
                empty_label=_("（会員団体から選ぶ）"),
            )
            self.fields[name_name] = TextField(
                label=_("会員以外の団体名"), max_length=200, required=False
            )
            self.fields[name_name].widget.attrs["autocomplete"] = "off"
            self.partner_rows.append((org_name, name_name))

        self.photo_rows = []
        for i, photo in enumerate(self.existing_photos, start=1):
            self.fields[f"photo_{i}_alt"] = TextField(
                label=_("代替テキスト"), max_length=200, required=False
            )
            self.fields[f"photo_{i}_caption"] = TextField(
                label=_("キャプション"), max_length=200, required=False
            )
            self.fields[f"photo_{i}_delete"] = forms.BooleanField(
                label=_("この写真を削除する"), required=False
            )
            self.photo_rows.append(
                (photo, [f"photo_{i}_alt", f"photo_{i}_caption", f"photo_{i}_delete"])
            )
        self.new_photo_rows = []
        for j in range(1, min(NEW_PHOTO_SLOTS, MAX_PHOTOS - len(self.existing_photos)) + 1):
            self.fields[f"newphoto_{j}_file"] = UploadedImageField(
                label=_("写真を追加"), required=False
            )
            self.fields[f"newphoto_{j}_alt"] = TextField(
                label=_("代替テキスト"),
                max_length=200,
                required=False,
                help_text=_("写真を選んだときは必須です。写っている様子を短く説明してください。"),
            )
            self.fields[f"newphoto_{j}_caption"] = TextField(
                label=_("キャプション"), max_length=200, required=False
            )
            self.new_photo_rows.append(
                [f"newphoto_{j}_file", f"newphoto_{j}_alt", f"newphoto_{j}_caption"]
            )
        for name in self.fields:
            if name.endswith(("_alt", "_caption")) and "photo_" in name:
                self.fields[name].widget.attrs["autocomplete"] = "off"
        self._add_attachment_fields()

    def _add_attachment_fields(self):
        self.attachment_rows = []
        for i, attachment in enumerate(self.existing_attachments, start=1):
            self.fields[f"attachment_{i}_title"] = self._attachment_title_field()
            self.fields[f"attachment_{i}_delete"] = forms.BooleanField(
                label=_("この資料を削除する"), required=False
            )
            self.attachment_rows.append(
                (attachment, [f"attachment_{i}_title", f"attachment_{i}_delete"])
            )
        self.new_attachment_rows = []
        free = MAX_ATTACHMENTS - len(self.existing_attachments)
        for j in range(1, min(NEW_ATTACHMENT_SLOTS, free) + 1):
            self.fields[f"newattachment_{j}_file"] = AttachmentFileField(
                label=_("資料を追加"), required=False
            )
            self.fields[f"newattachment_{j}_title"] = self._attachment_title_field(
                help_text=_("ファイルを選んだときは必須です。リンクの文字として表示されます。")
            )
            self.new_attachment_rows.append([f"newattachment_{j}_file", f"newattachment_{j}_title"])

    @staticmethod
    def _attachment_title_field(help_text=""):
        field = TextField(
            label=_("資料の表示名"), max_length=200, required=False, help_text=help_text
        )
        field.widget.attrs["autocomplete"] = "off"
        return field

    def partner_fields(self):
        return [[self[name] for name in row] for row in self.partner_rows]

    def photo_fields(self):
        return [(photo, [self[name] for name in names]) for photo, names in self.photo_rows]

    def new_photo_fields(self):
        return [[self[name] for name in names] for names in self.new_photo_rows]

    def attachment_fields(self):
        return [
            (attachment, [self[name] for name in names])
            for attachment, names in self.attachment_rows
        ]

    def new_attachment_fields(self):
        return [[self[name] for name in names] for names in self.new_attachment_rows]

    def result_fields(self):
        return [[self[name] for name in row] for row in self.result_rows]

    def clean(self):
        cleaned = super().clean()
        self.clean_ranks()
        results = []
        for label_name, value_name, unit_name, period_name in self.result_rows:
            label = cleaned.get(label_name, "")
            value = cleaned.get(value_name, "")
            unit = cleaned.get(unit_name, "")
            period = cleaned.get(period_name, "")
            if not (label or value or unit or period):
                continue
            if not label:
                self.add_error(label_name, _("項目を入力してください。"))
            if not value:
                self.add_error(value_name, _("数値を入力してください。"))
            results.append({"label": label, "value": value, "unit": unit, "period": period})
        cleaned["results"] = results
        partners = []
        for org_name, name_name in self.partner_rows:
            organisation = cleaned.get(org_name)
            name = cleaned.get(name_name, "")
            if organisation and name:
                self.add_error(
                    name_name,
                    _(
                        "会員団体を選ぶか、会員以外の団体名を入力するか、どちらか一方にしてください。"
                    ),
                )
            elif organisation or name:
                partners.append({"organisation": organisation, "name": name})
        cleaned["partners"] = partners
        photos = []
        for photo, (alt_name, caption_name, delete_name) in self.photo_rows:
            if cleaned.get(delete_name):
                continue
            if not cleaned.get(alt_name) and alt_name not in self.errors:
                self.add_error(alt_name, _("写真の代替テキストを入力してください。"))
            photos.append(
                {
                    "image": photo.image,
                    "upload": None,
                    "alt_text": cleaned.get(alt_name, ""),
                    "caption": cleaned.get(caption_name, ""),
                }
            )
        for file_name, alt_name, caption_name in self.new_photo_rows:
            upload = cleaned.get(file_name)
            alt_text = cleaned.get(alt_name, "")
            if not upload:
                if alt_text and file_name not in self.errors:
                    self.add_error(file_name, _("写真のファイルを選んでください。"))
                continue
            if not alt_text and alt_name not in self.errors:
                self.add_error(alt_name, _("写真の代替テキストを入力してください。"))
            photos.append(
                {
                    "image": None,
                    "upload": upload,
                    "alt_text": alt_text,
                    "caption": cleaned.get(caption_name, ""),
                }
            )
        cleaned["photos"] = photos
        cleaned["attachments"] = self._clean_attachments(cleaned)
        return cleaned

    def _clean_attachments(self, cleaned):
        attachments = []
        for attachment, (title_name, delete_name) in self.attachment_rows:
            if cleaned.get(delete_name):
                continue
            if not cleaned.get(title_name) and title_name not in self.errors:
                self.add_error(title_name, _("資料の表示名を入力してください。"))
            attachments.append(
                {
                    "document": attachment.document,
                    "upload": None,
                    "title": cleaned.get(title_name, ""),
                }
            )
        for file_name, title_name in self.new_attachment_rows:
            upload = cleaned.get(file_name)
            title = cleaned.get(title_name, "")
            if not upload:
                if title and file_name not in self.errors:
                    self.add_error(file_name, _("資料のファイルを選んでください。"))
                continue
            if not title and title_name not in self.errors:
                self.add_error(title_name, _("資料の表示名を入力してください。"))
            attachments.append({"document": None, "upload": upload, "title": title})
        return attachments

    def practice_data(self):
        data = {
            name: self.cleaned_data[name]
            for name in (
                "title",
                "summary",
                "year",
                "areas_prefectures",
                "areas_municipalities",
                *TEXT_FIELDS,
            )
        }
        data["activities"] = self.ranked("activity")
        data["targets"] = self.ranked("target")
        data["results"] = self.cleaned_data["results"]
        data["partners"] = self.cleaned_data["partners"]
        data["photos"] = self.cleaned_data["photos"]
        data["attachments"] = self.cleaned_data["attachments"]
        return data
