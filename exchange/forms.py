"""Forms of ニーズ×シーズ: the filters (GET), a listing, a message, a status change."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import ErrorSummaryMixin
from cms.text import nfkc
from organisations.models import ActivityType, Organisation, TargetGroup

from .choices import Audience, DigestChoice, Kind, ResourceType, Status, ThreadKind
from .models import Listing

WHOLE_PREFECTURE = "any"


def area_choices():
    """The municipalities the site's member organisations work in, then those already used."""
    names = set()
    for organisation in Organisation.objects.listed().only("municipality", "areas_municipalities"):
        names.add(organisation.municipality)
        names.update(organisation.municipalities_list)
    names.update(Listing.objects.exclude(area="").values_list("area", flat=True).distinct())
    return [(name, name) for name in sorted(name for name in names if name)]


class FilterForm(forms.Form):
    """The list's filters; a value that is not valid is reported and left out."""

    kind = forms.ChoiceField(label=_("ニーズ・シーズ"), required=False)
    type = forms.ChoiceField(label=_("何についてか"), required=False)
    area = forms.ChoiceField(label=_("地域"), required=False)
    target = forms.ChoiceField(label=_("取組の対象"), required=False)
    activity = forms.ChoiceField(label=_("取組の種類"), required=False)
    state = forms.ChoiceField(
        label=_("状態"),
        required=False,
        choices=[("", _("募集中")), ("closed", _("終了・解決済み")), ("all", _("すべて"))],
    )

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        everything = [("", _("すべて"))]
        self.fields["kind"].choices = everything + list(Kind.choices)
        self.fields["type"].choices = everything + list(ResourceType.choices)
        self.fields["area"].choices = [
            ("", _("すべての地域")),
            (WHOLE_PREFECTURE, _("県内全域")),
        ] + area_choices()
        self.fields["target"].choices = everything + [
            (str(group.pk), group.name) for group in TargetGroup.objects.all()
        ]
        self.fields["activity"].choices = everything + [
            (str(item.pk), item.name) for item in ActivityType.objects.all()
        ]

    def chosen(self):
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value}

    def filter(self, queryset):
        chosen = self.chosen()
        state = chosen.get("state")
        if state == "closed":
            queryset = queryset.filter(status__in=[Status.CLOSED, Status.MET])
        elif state != "all":
            queryset = queryset.filter(status=Status.OPEN)
        if chosen.get("kind"):
            queryset = queryset.filter(kind=chosen["kind"])
        if chosen.get("type"):
            queryset = queryset.filter(resource_type=chosen["type"])
        if chosen.get("area") == WHOLE_PREFECTURE:
            queryset = queryset.filter(area="")
        elif chosen.get("area"):
            # What serves the whole prefecture serves every municipality too.
            queryset = queryset.filter(area__in=[chosen["area"], ""])
        if chosen.get("target"):
            queryset = queryset.filter(target_groups=chosen["target"])
        if chosen.get("activity"):
            queryset = queryset.filter(activity_types=chosen["activity"])
        return queryset

    @property
    def is_filtered(self):
        return bool(self.chosen())


class ListingForm(ErrorSummaryMixin, forms.ModelForm):
    publish = forms.ChoiceField(
        label=_("保存のしかた"),
        choices=[("open", _("公開する（募集中）")), ("draft", _("下書きとして保存"))],
        widget=forms.RadioSelect,
        initial="open",
    )

    class Meta:
        model = Listing
        fields = [
            "kind",
            "resource_type",
            "title",
            "description",
            "area",
            "target_groups",
            "activity_types",
            "starts_on",
            "ends_on",
            "how_to_respond",
            "audience",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "resource_type": forms.RadioSelect,
            "audience": forms.RadioSelect,
            "target_groups": forms.CheckboxSelectMultiple,
            "activity_types": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 6}),
            "how_to_respond": forms.Textarea(attrs={"rows": 3}),
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"] = forms.ChoiceField(
            label=_("地域"),
            required=False,
            choices=[("", _("県内全域"))] + area_choices(),
            help_text=_("必要な（提供できる）場所の市町村。どこでもよいときは「県内全域」。"),
        )
        self.fields["audience"].initial = Audience.MEMBERS
        # Radios with no empty "---------" choice: each of these must be chosen.
        self.fields["kind"].choices = Kind.choices
        self.fields["resource_type"].choices = ResourceType.choices
        if self.instance.pk and self.instance.status != Status.DRAFT:
            del self.fields["publish"]
        self.fields["starts_on"].error_messages["invalid"] = _(
            "日付は 2026-04-01 の形で入力してください。"
        )
        self.fields["ends_on"].error_messages["invalid"] = _(
            "日付は 2026-04-01 の形で入力してください。"
        )

    def clean_title(self):
        title = " ".join(nfkc(self.cleaned_data["title"]).split())
        if not title:
            raise forms.ValidationError(_("見出しを入力してください。"))
        return title

    def clean_description(self):
        description = self.cleaned_data["description"].strip()
        if not description:
            raise forms.ValidationError(_("くわしい内容を入力してください。"))
        return description

    def save(self, commit=True):
        listing = super().save(commit=False)
        if "publish" in self.fields:
            listing.status = self.cleaned_data["publish"]
        if commit:
            listing.save()
            self.save_m2m()
        return listing


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("メッセージ"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "相手の団体とこのページでやりとりします。メールアドレスや電話番号は相手に表示されません。"
        ),
    )

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("メッセージを入力してください。"))
        return body


class RespondForm(MessageForm):
    kind = forms.ChoiceField(
        label=_("どのように応じますか"),
        choices=[
            (ThreadKind.CAN_HELP, ThreadKind.CAN_HELP.label),
            (ThreadKind.INTERESTED, ThreadKind.INTERESTED.label),
        ],
        widget=forms.RadioSelect,
        initial=ThreadKind.CAN_HELP,
    )
    field_order = ["kind", "body"]


class IntroduceForm(MessageForm):
    organisation = forms.ModelChoiceField(
        label=_("紹介する団体"), queryset=Organisation.objects.none()
    )
    field_order = ["organisation", "body"]

    def __init__(self, *args, listing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.listed().exclude(
            pk=listing.organisation_id
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状態"),
        choices=[
            (Status.OPEN, Status.OPEN.label),
            (Status.MET, Status.MET.label),
            (Status.CLOSED, Status.CLOSED.label),
        ],
        widget=forms.RadioSelect,
    )
    met_by = forms.ModelChoiceField(
        label=_("応えてくれた団体（任意）"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args, listing, **kwargs):
        kwargs.setdefault("initial", {"status": listing.status, "met_by": listing.met_by_id})
        super().__init__(*args, **kwargs)
        self.fields["met_by"].queryset = Organisation.objects.listed().exclude(
            pk=listing.organisation_id
        )


class DigestForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("新しいマッチのお知らせメール"),
        choices=DigestChoice.choices,
        widget=forms.RadioSelect,
    )
