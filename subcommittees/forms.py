"""Front-end forms of the subcommittees: join request, invitation, notifications, meetings."""

import os

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from cms.sanitise import sanitise_rich_text
from cms.text import nfkc
from cms.uploads import check_content

from .models import MeetingRecord, NotifyChoice, Subcommittee

# Meeting materials: office documents, PDF and plain text, nothing a browser runs.
# What cms.uploads.check_content makes sure the content really is.
DOCUMENT_EXTENSIONS = {"pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv"}
TEXT_EXTENSIONS = {"txt", "csv"}
DOCUMENT_MAX_BYTES = getattr(settings, "SUBCOMMITTEE_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("世話人へのメッセージ（任意）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("所属団体での取組や、参加したい理由などをお書きください。"),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("招待する方のメールアドレス"),
        help_text=_("つながりネットにログインするときのメールアドレスです。"),
        error_messages={
            "required": _("メールアドレスを入力してください。"),
            "invalid": _("メールアドレスの形式が正しくありません。"),
        },
    )

    def clean_email(self):
        return nfkc(self.cleaned_data["email"]).strip()


class NotifyForm(forms.Form):
    notify = forms.ChoiceField(
        label=_("新しい投稿のメール通知"),
        choices=NotifyChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("通知の受け取り方を選んでください。")},
    )


class ModerationForm(forms.Form):
    """The coordinators' switch for holding members' posts until approved."""

    moderate_posts = forms.BooleanField(
        label=Subcommittee._meta.get_field("moderate_posts").verbose_name,
        help_text=Subcommittee._meta.get_field("moderate_posts").help_text,
        required=False,
    )


class MeetingForm(forms.ModelForm):
    class Meta:
        model = MeetingRecord
        fields = ["date", "title", "agenda", "minutes", "visibility"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 12}),
            "visibility": forms.RadioSelect,
        }
        error_messages = {
            "date": {
                "required": _("開催日を入力してください。"),
                "invalid": _("開催日は 2026-04-01 の形で入力してください。"),
            },
            "title": {"required": _("会議名を入力してください。")},
        }

    def __init__(self, *args, members_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].input_formats = ["%Y-%m-%d", "%Y/%m/%d"]
        if members_only:
            self.fields["visibility"].help_text = _(
                "この分科会は参加者限定のため、会議記録も参加者以外には表示されません。"
            )

    def full_clean(self):
        # Full-width digits in the date ("２０２６-０４-０１") are read as ASCII.
        if self.is_bound and "date" in self.data:
            data = self.data.copy()
            data["date"] = nfkc(data.get("date", ""))
            self.data = data
        super().full_clean()

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_minutes(self):
        """Markup is cleaned before it is stored (and again when shown); plain text stays."""
        minutes = self.cleaned_data["minutes"]
        return sanitise_rich_text(minutes) if "<" in minutes else minutes


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("資料名"),
        max_length=200,
        error_messages={"required": _("資料名を入力してください。")},
    )
    file = forms.FileField(
        label=_("ファイル"),
        help_text=_("PDF・Word・Excel・PowerPoint・テキスト（%(size)s まで）")
        % {"size": filesizeformat(DOCUMENT_MAX_BYTES)},
        error_messages={
            "required": _("ファイルを選んでください。"),
            "empty": _("空のファイルはアップロードできません。"),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
        if extension not in DOCUMENT_EXTENSIONS:
            raise forms.ValidationError(
                _("この種類のファイルはアップロードできません（使えるもの: %(types)s）。")
                % {"types": pgettext("列挙の区切り", "、").join(sorted(DOCUMENT_EXTENSIONS))}
            )
        if upload.size > DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(
                _("ファイルが大きすぎます（%(size)s まで）。")
                % {"size": filesizeformat(DOCUMENT_MAX_BYTES)}
            )
        try:
            check_content(upload, extension)
        except forms.ValidationError as error:
            if error.code == "polyglot":
                raise
            if extension in TEXT_EXTENSIONS:
                raise forms.ValidationError(_("テキストファイルとして読み取れません。")) from error
            raise forms.ValidationError(_("ファイルの中身が拡張子と一致しません。")) from error
        return upload


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M"]


def _datetime_field(label, required_message):
    return forms.DateTimeField(
        label=label,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": required_message,
            "invalid": _("日時は 2026-04-01 14:00 の形で入力してください。"),
        },
    )


class ScheduleMeetingForm(forms.Form):
    """A coming meeting: its time, place and online link; members register (RSVP) for it."""

    title = forms.CharField(
        label=_("会議名"),
        max_length=200,
        error_messages={"required": _("会議名を入力してください。")},
    )
    start = _datetime_field(_("開始日時"), _("開始日時を入力してください。"))
    end = _datetime_field(_("終了日時"), _("終了日時を入力してください。"))
    venue_name = forms.CharField(label=_("会場名"), max_length=200, required=False)
    venue_address = forms.CharField(label=_("会場の所在地"), max_length=255, required=False)
    online_url = forms.URLField(
        label=_("オンライン参加のURL"),
        required=False,
        assume_scheme="https",
        help_text=_("出欠で「参加」と答えた方にだけメールで届きます。ページには表示されません。"),
        error_messages={"invalid": _("https:// で始まるURLを入力してください。")},
    )
    capacity = forms.IntegerField(
        label=_("定員"),
        min_value=1,
        max_value=10000,
        required=False,
        help_text=_("会場の人数。定員なしなら空欄"),
        error_messages={"invalid": _("定員は数字で入力してください。")},
    )
    agenda = forms.CharField(
        label=_("議題"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def full_clean(self):
        # Full-width digits ("２０２６-０４-０１ １４:００") are read as ASCII.
        if self.is_bound:
            data = self.data.copy()
            for name in ("start", "end", "capacity"):
                if name in data:
                    data[name] = nfkc(data.get(name, ""))
            self.data = data
        super().full_clean()

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("終了日時は開始日時より後にしてください。"))
        if start and start <= timezone.now() and not self.initial.get("start"):
            self.add_error("start", _("これからの日時を入力してください。"))
        if not (data.get("venue_name") or data.get("online_url")):
            self.add_error(
                "venue_name",
                _("会場名かオンライン参加のURLの少なくとも一方を入力してください。"),
            )
        return data
