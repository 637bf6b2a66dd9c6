"""Forms of the "My organisation" area and the secretariat's register.

What people type is normalised before validation (cms.text): full-width
digits, hyphens and letters are folded, so 「０８９４－００－００００」 is
accepted as 0894-00-0000. Each ModelForm lists its fields: tier, status, slug
and the membership dates are the secretariat's and never reach these forms
(except the register form in the admin, which is the secretariat's).
"""

import re

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.images.fields import WagtailImageField

from PIL import Image as PILImage

from cms.text import nfkc, normalise_digits, normalise_text, to_katakana
from cms.uploads import refuse_markup
from organisations.choices import OrganisationStatus
from organisations.forms.fields import RankedVocabularyMixin
from organisations.models import Organisation, OrganisationPhoto
from organisations.services.manage import MAX_PHOTOS
from organisations.validators import http_url_validator

IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
IMAGE_FORMATS = {"jpeg", "png", "webp"}
IMAGE_MAX_BYTES = 5 * 1024 * 1024
# Decoding happens in the request: 30 million pixels (a 24-megapixel camera
# photo fits) bounds the memory a single upload can take.
IMAGE_MAX_PIXELS = 30_000_000


# --- Fields that normalise what people type ---------------------------------


class TextField(forms.CharField):
    """One line of text: NFKC-folded (full-width ASCII → ASCII) and trimmed."""

    def to_python(self, value):
        return super().to_python(normalise_text(value) if isinstance(value, str) else value)


class KanaField(TextField):
    """A reading: hiragana is stored as katakana so sorting is consistent."""

    def to_python(self, value):
        return super().to_python(to_katakana(value) if isinstance(value, str) else value)


class DigitsField(forms.CharField):
    """Phone numbers: full-width digits and any dash → ASCII, spaces removed."""

    def to_python(self, value):
        return super().to_python(normalise_digits(value) if isinstance(value, str) else value)


class PostcodeField(DigitsField):
    """〒７９６０００１ → 796-0001."""

    def to_python(self, value):
        value = super().to_python(value)
        value = value.lstrip("〒")
        if re.fullmatch(r"\d{7}", value):
            value = f"{value[:3]}-{value[3:]}"
        return value


class DateField(forms.DateField):
    def to_python(self, value):
        return super().to_python(normalise_digits(value) if isinstance(value, str) else value)


class HttpURLField(forms.URLField):
    """http and https only; a bare domain gets https://."""

    default_validators = [http_url_validator]

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)
        self.error_messages["invalid"] = http_url_validator.message

    def to_python(self, value):
        return super().to_python(nfkc(value).strip() if isinstance(value, str) else value)


class EmailField(forms.EmailField):
    def to_python(self, value):
        return super().to_python(nfkc(value).strip() if isinstance(value, str) else value)


class UploadedImageField(WagtailImageField):
    """A JPEG, PNG or WebP image of at most 5 MB that Willow can open.

    WagtailImageField opens the file with Willow (so HTML or a broken file is
    refused), checks that its real format matches its extension, and refuses
    decompression bombs; this narrows the formats (no SVG, no GIF) and the size,
    and refuses an image that is also a web page (cms.uploads).
    """

    default_validators = [
        FileExtensionValidator(
            IMAGE_EXTENSIONS, message=_("JPEG・PNG・WebP 形式の画像を選んでください。")
        )
    ]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.FileInput)
        super().__init__(*args, **kwargs)
        self.allowed_image_extensions = IMAGE_EXTENSIONS
        self.max_upload_size = IMAGE_MAX_BYTES
        self.max_upload_size_text = filesizeformat(IMAGE_MAX_BYTES)
        self.help_text = _("JPEG・PNG・WebP 形式、5MBまで。")
        not_an_image = _("JPEG・PNG・WebP 形式の画像を選んでください。")
        self.error_messages.update(
            {
                "invalid_image": not_an_image,
                "invalid_image_extension": not_an_image,
                "invalid_image_known_format": _(
                    "ファイルの中身が拡張子（.%(extension)s）と一致しません。"
                ),
                "file_too_large": _("ファイルが大きすぎます（%(file_size)s）。5MBまでです。"),
                "file_too_large_unknown_size": _("ファイルが大きすぎます。5MBまでです。"),
                "file_too_many_pixels": _("画像の画素数が多すぎます。"),
                "empty": _("ファイルが空です。"),
            }
        )
        self.max_image_pixels = IMAGE_MAX_PIXELS
        self.widget.attrs["accept"] = "image/jpeg,image/png,image/webp"

    def check_image_file_format(self, f):
        if f.image.format_name not in IMAGE_FORMATS:
            raise self._not_an_image()
        super().check_image_file_format(f)

    def _not_an_image(self):
        return ValidationError(self.error_messages["invalid_image"], code="invalid_image")

    def to_python(self, data):
        try:
            f = super().to_python(data)
        except ValidationError:
            raise
        except Exception as exc:
            raise self._not_an_image() from exc
        if f is not None:
            self._decode(f)
            refuse_markup(f)
        return f

    def _decode(self, f):
        """Decode every pixel once: a truncated or corrupt file fails here, not later."""
        try:
            f.seek(0)
            with PILImage.open(f) as image:
                image.load()
        except Exception as exc:
            raise self._not_an_image() from exc
        finally:
            f.seek(0)


# --- The profile --------------------------------------------------------------

TEXT_FIELDS = (
    "name",
    "representative",
    "municipality",
    "street_address",
    "contact_name",
    "areas_municipalities",
)
WIDGET_ATTRS = {
    "name": {"autocomplete": "organization"},
    "name_kana": {"autocomplete": "off"},
    "representative": {"autocomplete": "off"},
    "staff_count": {"inputmode": "numeric", "min": "0"},
    "postcode": {"autocomplete": "postal-code", "inputmode": "numeric"},
    "prefecture": {"autocomplete": "address-level1"},
    "municipality": {"autocomplete": "address-level2"},
    "street_address": {"autocomplete": "address-line1"},
    "website": {"autocomplete": "url", "inputmode": "url"},
    "contact_name": {"autocomplete": "name"},
    "phone": {"autocomplete": "tel", "inputmode": "tel"},
    "email": {"autocomplete": "email", "inputmode": "email"},
    "founded_on": {"autocomplete": "off"},
}


class ProfileForm(RankedVocabularyMixin, forms.ModelForm):
    """The organisation's profile as its admin edits it.

    Activity types and target groups are one radio group per item (none / ★ /
    ☆), named ``activity_<id>`` and ``target_<id>``.
    """

    logo_file = UploadedImageField(label=_("ロゴ画像"), required=False)
    remove_logo = forms.BooleanField(label=_("ロゴを削除する"), required=False)

    class Meta:
        model = Organisation
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
            "street_address_visibility",
            "website",
            "contact_name",
            "contact_name_visibility",
            "phone",
            "phone_visibility",
            "email",
            "email_visibility",
            "message",
            "description",
            "areas_prefectures",
            "areas_municipalities",
            "logo_alt_text",
        ]
        field_classes = {
            **dict.fromkeys(TEXT_FIELDS, TextField),
            "name_kana": KanaField,
            "postcode": PostcodeField,
            "phone": DigitsField,
            "website": HttpURLField,
            "email": EmailField,
            "founded_on": DateField,
        }
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "street_address_visibility": forms.RadioSelect,
            "contact_name_visibility": forms.RadioSelect,
            "phone_visibility": forms.RadioSelect,
            "email_visibility": forms.RadioSelect,
            "areas_prefectures": forms.CheckboxSelectMultiple,
            "message": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "postcode": _("例：796-0001"),
            "phone": _("例：0894-22-3111"),
            "website": _("http:// または https:// で始まるURL"),
            "logo_alt_text": _("ロゴを画像で見られない方のための説明。例：「○○の会」のロゴ"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, attrs in WIDGET_ATTRS.items():
            self.fields[name].widget.attrs.update(attrs)
        self.fields["logo_alt_text"].widget.attrs["autocomplete"] = "off"

        organisation = self.instance
        self.add_rank_fields(
            {link.activity_type_id: link.is_main for link in organisation.activities.all()},
            {link.target_group_id: link.is_main for link in organisation.targets.all()},
        )

    def clean(self):
        cleaned = super().clean()
        self.clean_ranks()
        has_logo = cleaned.get("logo_file") or (
            self.instance.logo_id and not cleaned.get("remove_logo")
        )
        if has_logo and not cleaned.get("logo_alt_text"):
            self.add_error("logo_alt_text", _("ロゴの代替テキストを入力してください。"))
        return cleaned


class PhotoForm(forms.ModelForm):
    image_file = UploadedImageField(label=_("写真"), required=False)

    class Meta:
        model = OrganisationPhoto
        fields = ["alt_text", "caption"]
        help_texts = {
            "alt_text": _(
                "写真を見られない方のための説明。例：公民館で高齢者と子どもが一緒に昼食をとる様子"
            ),
        }
        error_messages = {"alt_text": {"required": _("写真の代替テキストを入力してください。")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alt_text"].widget.attrs["autocomplete"] = "off"
        self.fields["caption"].widget.attrs["autocomplete"] = "off"
        if self.instance.pk:
            self.fields["image_file"].label = _("写真を差し替える")
        else:
            self.fields["alt_text"].help_text = _(
                "写真を選んだときは必須です。写真を見られない方のための説明。"
                "例：公民館で高齢者と子どもが一緒に昼食をとる様子"
            )

    def clean(self):
        cleaned = super().clean()
        if (
            not self.instance.pk
            and not cleaned.get("image_file")
            and "image_file" not in self.errors
        ):
            self.add_error("image_file", _("写真のファイルを選んでください。"))
        return cleaned


class BasePhotoFormSet(forms.BaseModelFormSet):
    def __init__(self, *args, organisation, **kwargs):
        kwargs.setdefault("queryset", organisation.photos.all())
        kwargs.setdefault("prefix", "photos")
        super().__init__(*args, **kwargs)


PhotoFormSet = forms.modelformset_factory(
    OrganisationPhoto,
    form=PhotoForm,
    formset=BasePhotoFormSet,
    extra=2,
    max_num=MAX_PHOTOS,
    validate_max=True,
    can_delete=True,
)


# --- Staff ------------------------------------------------------------------


class InvitationForm(forms.Form):
    email = EmailField(
        label=_("招待する方のメールアドレス"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "inputmode": "email"}),
        help_text=_("招待のメールが届きます。リンクの有効期限は7日間です。"),
    )


class PracticeWriterForm(forms.Form):
    """The staff page's switch: may this staff member write write-ups (取組事例)?"""

    allowed = forms.TypedChoiceField(
        label=_("取組事例を書ける"),
        choices=[("1", _("許可する")), ("0", _("許可しない"))],
        coerce=lambda value: value == "1",
    )


class NewAccountForm(forms.Form):
    """Accepting an invitation without an account: a name and a password."""

    last_name = TextField(
        label=_("姓"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    first_name = TextField(
        label=_("名"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    password1 = forms.CharField(
        label=_("パスワード"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("12文字以上。よく使われるパスワードや数字だけのものは使えません。"),
    )
    password2 = forms.CharField(
        label=_("パスワード（確認）"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("パスワードが一致しません。"))
        if password1:
            user = get_user_model()(
                email=self.email,
                last_name=cleaned.get("last_name", ""),
                first_name=cleaned.get("first_name", ""),
            )
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("内容を確認しました"),
        error_messages={"required": _("確認のチェックを入れてください。")},
    )


class WithdrawalForm(ConfirmForm):
    reason = forms.CharField(
        label=_("退会の理由（任意）"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confirm = forms.BooleanField(
        label=_(
            "退会届を提出します。事務局の手続きが終わると、団体の情報は一覧から外れ、スタッフ全員が会員向けの機能を使えなくなります。"
        ),
        error_messages={"required": _("確認のチェックを入れてください。")},
    )

    field_order = ["reason", "confirm"]


# --- The secretariat (Wagtail admin) -----------------------------------------

STATUS_ACTIONS = [
    (OrganisationStatus.SUSPENDED, _("資格停止")),
    (OrganisationStatus.EXPELLED, _("除名")),
    (OrganisationStatus.WITHDRAWN, _("退会（退会届の受理）")),
    (OrganisationStatus.ACTIVE, _("会員に戻す")),
]


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("変更後の状態"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("記録として残ります（例：幹事会の決議、退会届の受理）。"),
        error_messages={"required": _("理由を入力してください。")},
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, label) for value, label in STATUS_ACTIONS if value != organisation.status
        ]


class OrganisationRegisterForm(WagtailAdminModelForm):
    """The admin's edit form: the same normalising as the front end."""

    def clean_postcode(self):
        return PostcodeField().to_python(self.cleaned_data.get("postcode", ""))

    def clean_phone(self):
        return normalise_digits(self.cleaned_data.get("phone", ""))

    def clean_name_kana(self):
        return to_katakana(self.cleaned_data.get("name_kana", ""))

    def clean_name(self):
        return normalise_text(self.cleaned_data.get("name", ""))
