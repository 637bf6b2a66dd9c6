"""The finder's filters: a GET form, the URL is the whole state (share it, bookmark it).

Names in the query string: ``trouble`` (a trouble's slug), ``area`` (a
municipality, or ``any`` for windows that take calls from the whole
prefecture only), ``postcode`` (a postal code, read offline into its
municipality by ``support.postal`` when no area is chosen), ``lat``/``lng``
(the browser's location, sent by the finder's own script: nearest first),
``target`` (a target group's id), ``lang`` (a language
code), ``channel``, ``free=1``, ``anonymous=1``, ``open=now``. A value that
is not valid is shown as an error in the reader's language and left out of
the filter; the other filters still apply.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import ErrorSummaryMixin
from organisations.models import TargetGroup
from support.choices import Channel, Language
from support.models import Trouble, Window

ANYWHERE = "any"


class NowCheckbox(forms.CheckboxInput):
    """A checkbox sending ``open=now`` (the URL contract), read back as that string."""

    def __init__(self):
        super().__init__(attrs={"value": "now"}, check_test=lambda value: value == "now")

    def value_from_datadict(self, data, files, name):
        return data.get(name, "")


class FinderForm(forms.Form):
    trouble = forms.ChoiceField(label=_("困りごと"), required=False)
    area = forms.ChoiceField(label=_("地域"), required=False)
    postcode = forms.CharField(
        label=_("郵便番号から"),
        required=False,
        max_length=12,
        help_text=_("例：790-0001。地域を選んでいないときに使います。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    lat = forms.FloatField(
        label=_("現在地（緯度）"),
        required=False,
        min_value=20,
        max_value=46,
        widget=forms.HiddenInput,
    )
    lng = forms.FloatField(
        label=_("現在地（経度）"),
        required=False,
        min_value=122,
        max_value=154,
        widget=forms.HiddenInput,
    )
    target = forms.ChoiceField(label=_("どなたのことですか"), required=False)
    lang = forms.ChoiceField(label=_("話せる言葉"), required=False)
    channel = forms.ChoiceField(label=_("相談のしかた"), required=False)
    free = forms.BooleanField(label=_("無料"), required=False)
    anonymous = forms.BooleanField(label=_("名前を言わずに相談できる"), required=False)
    open = forms.ChoiceField(
        label=_("いま受付中だけ"),
        required=False,
        choices=[("", "—"), ("now", _("いま受付中だけ"))],
        widget=NowCheckbox(),
    )

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        everyone = [("", _("すべて"))]
        self.fields["trouble"].choices = everyone + [
            (trouble.slug, trouble.translated_name) for trouble in Trouble.objects.all()
        ]
        municipalities = (
            Window.objects.published()
            .exclude(municipality="")
            .order_by("municipality")
            .values_list("municipality", flat=True)
            .distinct()
        )
        self.fields["area"].choices = [
            ("", _("すべての地域")),
            (ANYWHERE, _("県内どこからでも相談できる窓口")),
        ] + [(name, name) for name in municipalities]
        self.fields["target"].choices = everyone + [
            (str(group.pk), group.translated_name) for group in TargetGroup.objects.all()
        ]
        self.fields["lang"].choices = everyone + list(Language.choices)
        self.fields["channel"].choices = everyone + list(Channel.choices)

    place = None  # the postal code's municipality (support.postal.Place)

    def clean_postcode(self):
        from support import postal

        value = self.cleaned_data.get("postcode", "")
        if not value:
            return ""
        self.place = postal.place_for(value)
        if self.place is None:
            raise forms.ValidationError(
                _("この郵便番号は見つかりません。7けたの数字で入力してください。")
            )
        return postal.normalise(value)

    def near(self):
        """(latitude, longitude) of the browser's location, or None."""
        chosen = self.chosen() if self.is_bound else {}
        if chosen.get("lat") is None or chosen.get("lng") is None:
            return None
        return chosen["lat"], chosen["lng"]

    def chosen(self):
        """The valid values, whatever else in the query string is wrong."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if value}

    def filter(self, queryset, moment):
        from support import queries

        chosen = self.chosen()
        if chosen.get("trouble"):
            queryset = queryset.filter(troubles__slug=chosen["trouble"])
        area = chosen.get("area")
        if area == ANYWHERE:
            queryset = queryset.filter(municipality="")
        elif area:
            # A window for the whole prefecture serves every municipality too.
            queryset = queryset.filter(municipality__in=[area, ""])
        elif self.place is not None:
            queryset = queryset.filter(municipality__in=[*self.place.names, ""])
        if chosen.get("target"):
            queryset = queryset.filter(target_groups=int(chosen["target"]))
        if chosen.get("channel"):
            queryset = queryset.filter(channels__kind=chosen["channel"])
        if chosen.get("free"):
            queryset = queryset.filter(free_of_charge=True)
        if chosen.get("anonymous"):
            queryset = queryset.filter(anonymous=True)
        language = chosen.get("lang")
        if chosen.get("open") == "now":
            queryset = queries.open_now(queryset, moment, language=language)
        elif language:
            queryset = queries.speaks(queryset, language)
        return queryset.distinct()

    @property
    def is_filtered(self):
        return bool(self.chosen())


class ProposalForm(forms.ModelForm):
    """A member organisation's proposal of a window (or of a change to one of its own)."""

    class Meta:
        from support.models import WindowProposal

        model = WindowProposal
        fields = ["window", "name", "summary", "municipality", "phone", "line_url", "hours", "note"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = Window.objects.filter(organisation=organisation)
        self.fields["window"].empty_label = _("新しい窓口")
        if not self.fields["window"].queryset.exists():
            del self.fields["window"]


class CorrectionForm(ErrorSummaryMixin, forms.ModelForm):
    """「情報がちがう」: what is wrong with a window, from anyone (no name asked)."""

    class Meta:
        from support.models import WindowCorrection

        model = WindowCorrection
        fields = ["topic", "details"]
        widgets = {"topic": forms.RadioSelect, "details": forms.Textarea(attrs={"rows": 4})}
