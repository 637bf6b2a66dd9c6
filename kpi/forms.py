from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import ErrorSummaryMixin
from kpi.models import Direction, Indicator
from kpi.periods import fiscal_months

NUMBER_ERRORS = {
    "invalid": _("半角数字で入力してください（例：120、3.5）。"),
    "min_value": _("0以上の数を入力してください。"),
    "max_digits": _("数が大きすぎます。10桁までで入力してください。"),
    "max_decimal_places": _("小数は2桁までで入力してください。"),
    "max_whole_digits": _("数が大きすぎます。10桁までで入力してください。"),
}
AREA_ROWS = 3


def number_field(label, *, required=False, help_text=""):
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        help_text=help_text,
        localize=False,
        error_messages={"required": _("数を入力してください。"), **NUMBER_ERRORS},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class TargetForm(ErrorSummaryMixin, forms.Form):
    """The year's target, baseline and evaluation, and up to three targets by area."""

    target = number_field(_("目標値"), help_text=_("空欄にすると目標なし"))
    baseline = number_field(_("基準値"), help_text=_("比べる元になる値（前年度の実績など）"))
    evaluation = forms.CharField(
        label=_("評価"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("達成・未達成の理由など。報告書に載ります"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, AREA_ROWS + 1):
            self.fields[f"area_{i}"] = forms.CharField(
                label=_("地域 %(n)s") % {"n": i},
                required=False,
                max_length=40,
                help_text=_("例：県内、他県") if i == 1 else "",
            )
            self.fields[f"area_target_{i}"] = number_field(_("地域 %(n)s の目標値") % {"n": i})

    def clean(self):
        data = super().clean()
        areas = []
        seen = set()
        for i in range(1, AREA_ROWS + 1):
            area = (data.get(f"area_{i}") or "").strip()
            value = data.get(f"area_target_{i}")
            if f"area_target_{i}" in self.errors:
                continue
            if area and value is None:
                self.add_error(f"area_target_{i}", _("この地域の目標値を入力してください。"))
            elif value is not None and not area:
                self.add_error(f"area_{i}", _("目標値を分ける地域の名前を入力してください。"))
            elif area in seen:
                self.add_error(f"area_{i}", _("同じ地域が二度入力されています。"))
            elif area:
                seen.add(area)
                areas.append((area, value))
        data["areas"] = areas
        return data

    def area_rows(self):
        return [(self[f"area_{i}"], self[f"area_target_{i}"]) for i in range(1, AREA_ROWS + 1)]


class EntryForm(ErrorSummaryMixin, forms.Form):
    """A hand-counted figure: a month of the year, or the year as a whole."""

    YEAR = "year"

    month = forms.ChoiceField(
        label=_("対象の月"), error_messages={"invalid_choice": _("一覧から月を選んでください。")}
    )
    value = number_field(_("値"), required=True)
    area = forms.CharField(label=_("地域"), required=False, max_length=40, help_text=_("任意"))
    note = forms.CharField(
        label=_("メモ"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("何を数えたか、出典など"),
    )

    def __init__(self, *args, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.months = {m.isoformat()[:7]: m for m in fiscal_months(year)}
        self.fields["month"].choices = [
            (self.YEAR, _("年度の合計（月を分けない）")),
            *(
                (key, _("%(year)s年%(month)s月") % {"year": m.year, "month": m.month})
                for key, m in self.months.items()
            ),
        ]

    def clean_month(self):
        value = self.cleaned_data["month"]
        return None if value == self.YEAR else self.months[value]


class IndicatorForm(ErrorSummaryMixin, forms.ModelForm):
    """A hand-entered indicator's definition; only the settings of a site-counted one."""

    class Meta:
        model = Indicator
        fields = ["name", "unit", "direction", "definition", "published", "sort_order"]
        widgets = {"direction": forms.RadioSelect, "definition": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["direction"].choices = Direction.choices
        if self.instance.pk and self.instance.source:
            for name in ("name", "unit", "definition"):
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        if not self.instance.pk and not self.errors:
            self.instance.key = _unique_key(data.get("name") or "indicator")
        return data


def _unique_key(name):
    from django.utils.text import slugify

    base = slugify(name, allow_unicode=False)[:40] or "hand"
    key = f"hand-{base}"
    n = 1
    while Indicator.objects.filter(key=key).exists():
        n += 1
        key = f"hand-{base}-{n}"
    return key
