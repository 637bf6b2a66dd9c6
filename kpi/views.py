"""The secretariat's figures in the Wagtail admin: dashboard, one indicator's
target and hand entries, the report mark, the exports and the A4 page.

Every view asks ``organisations.access.is_secretariat`` first (Wagtail has
already sent anonymous visitors to the login page); editors and members who
reach the admin get 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.dates import fiscal_year_label
from kpi import charts, exports, services
from kpi.forms import EntryForm, IndicatorForm, TargetForm
from kpi.models import HandEntry, Indicator, ReportedYear
from kpi.periods import fiscal_months
from organisations import access

YEARS_SHOWN = 5


def year_param(request):
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    current = services.current_fiscal_year()
    return year if 2000 <= year <= current + 1 else current


class SecretariatMixin:
    def dispatch(self, request, *args, **kwargs):
        if not access.is_secretariat(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def month_labels(year):
    return [_("%(month)s月") % {"month": m.month} for m in fiscal_months(year)]


def cumulative(values):
    total, out = 0, []
    for value in values:
        total += value or 0
        out.append(total)
    return out


def chart_for(year, row, history):
    """Two charts for one indicator: its months (with the cumulative line for a
    flow), and its totals over the last years, each against the target."""
    labels = month_labels(year)
    values = list(row["months"].values())
    is_sum = row["aggregation"] == "sum"
    monthly = charts.bar_chart(
        labels,
        values,
        title=_("%(name)s（%(year)s、月別）")
        % {"name": row["name"], "year": fiscal_year_label(year)},
        line=cumulative(values) if is_sum else None,
        line_label=_("累計"),
        target=row["target"],
        target_label=_("目標"),
    )
    years = sorted(history)
    yearly = charts.bar_chart(
        [str(y) for y in years],
        [history[y] for y in years],
        title=_("%(name)s（年度別）") % {"name": row["name"]},
        target=row["target"],
        target_label=_("今年度の目標"),
    )
    return {
        "monthly": monthly,
        "yearly": yearly,
        "month_rows": list(zip(labels, values, cumulative(values), strict=True)),
        "year_rows": [(fiscal_year_label(y), history[y]) for y in years],
        "is_sum": is_sum,
    }


class DashboardView(SecretariatMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("事業の数字")
    header_icon = "table"
    template_name = "kpi/admin/dashboard.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        year = year_param(self.request)
        services.ensure_indicators()
        indicators = list(Indicator.objects.all())
        rows = services.year_figures(year, indicators=indicators)
        years = range(year - YEARS_SHOWN + 1, year + 1)
        history = services.totals_by_year(years, indicators)
        for row in rows:
            row["chart"] = chart_for(year, row, history.get(row["key"], {}))
        current = services.current_fiscal_year()
        return super().get_context_data(
            year=year,
            year_label=fiscal_year_label(year),
            years=[(y, fiscal_year_label(y)) for y in range(current, current - YEARS_SHOWN, -1)],
            rows=rows,
            reported=ReportedYear.objects.filter(fiscal_year=year).first(),
            **kwargs,
        )


class IndicatorView(SecretariatMixin, WagtailAdminTemplateMixin, TemplateView):
    """Set one indicator's target for a year and enter hand-counted figures."""

    header_icon = "table"
    template_name = "kpi/admin/indicator.html"

    def get_page_title(self):
        return self.indicator.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("kpi_dashboard") + f"?year={self.year}", "label": _("事業の数字")},
            {"url": "", "label": self.indicator.name},
        ]

    def dispatch(self, request, *args, **kwargs):
        self.indicator = get_object_or_404(Indicator, key=kwargs["key"])
        self.year = year_param(request)
        return super().dispatch(request, *args, **kwargs)

    def initial_target(self):
        period = self.indicator.periods.filter(fiscal_year=self.year).first()
        if period is None:
            return {}
        initial = {
            "target": services.as_number(period.target),
            "baseline": services.as_number(period.baseline),
            "evaluation": period.evaluation,
        }
        for i, area in enumerate(period.area_targets.all()[:3], start=1):
            initial[f"area_{i}"] = area.area
            initial[f"area_target_{i}"] = services.as_number(area.target)
        return initial

    def get_context_data(self, **kwargs):
        kwargs.setdefault("target_form", TargetForm(initial=self.initial_target()))
        kwargs.setdefault("entry_form", EntryForm(year=self.year))
        kwargs.setdefault("indicator_form", IndicatorForm(instance=self.indicator))
        rows = services.year_figures(self.year, indicators=[self.indicator])
        return super().get_context_data(
            indicator=self.indicator,
            year=self.year,
            year_label=fiscal_year_label(self.year),
            row=rows[0] if rows else None,
            entries=HandEntry.objects.filter(
                period__indicator=self.indicator, period__fiscal_year=self.year
            ).select_related("entered_by"),
            frozen=services.is_frozen(self.year),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        here = reverse("kpi_indicator", args=[self.indicator.key]) + f"?year={self.year}"
        try:
            if action == "target":
                form = TargetForm(request.POST)
                if not form.is_valid():
                    return self.invalid(target_form=form)
                data = form.cleaned_data
                services.set_target(
                    self.indicator,
                    self.year,
                    target=data["target"],
                    baseline=data["baseline"],
                    evaluation=data["evaluation"],
                    areas=data["areas"],
                )
                messages.success(request, _("目標を保存しました。"))
            elif action == "entry":
                form = EntryForm(request.POST, year=self.year)
                if not form.is_valid():
                    return self.invalid(entry_form=form)
                data = form.cleaned_data
                services.add_entry(
                    self.indicator,
                    self.year,
                    value=data["value"],
                    month=data["month"],
                    area=data["area"].strip(),
                    note=data["note"],
                    by=request.user,
                )
                messages.success(request, _("値を記録しました。"))
            elif action == "delete-entry":
                entry = get_object_or_404(
                    HandEntry,
                    pk=request.POST.get("entry"),
                    period__indicator=self.indicator,
                    period__fiscal_year=self.year,
                )
                services.delete_entry(entry)
                messages.success(request, _("値を削除しました。"))
            elif action == "settings":
                form = IndicatorForm(request.POST, instance=self.indicator)
                if not form.is_valid():
                    return self.invalid(indicator_form=form)
                form.save()
                messages.success(request, _("指標の設定を保存しました。"))
            else:
                return redirect(here)
        except services.FrozenYearError as error:
            messages.error(request, str(error))
        return redirect(here)

    def invalid(self, **forms):
        messages.error(self.request, _("入力内容を確認してください。"))
        return self.render_to_response(self.get_context_data(**forms))


class NewIndicatorView(SecretariatMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("手入力の指標を追加")
    header_icon = "plus"
    template_name = "kpi/admin/new_indicator.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", IndicatorForm())
        return super().get_context_data(year=year_param(self.request), **kwargs)

    def post(self, request):
        form = IndicatorForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("入力内容を確認してください。"))
            return self.render_to_response(self.get_context_data(form=form))
        indicator = form.save()
        messages.success(request, _("指標を追加しました。目標と値を入力してください。"))
        return redirect(
            reverse("kpi_indicator", args=[indicator.key]) + f"?year={year_param(request)}"
        )


class ReportedView(SecretariatMixin, View):
    """Mark a year reported (freeze its figures), or take the mark off."""

    def post(self, request):
        year = year_param(request)
        if request.POST.get("action") == "reopen":
            services.reopen(year)
            messages.success(request, _("報告済みの印を外しました。数字はまた集計されます。"))
        else:
            try:
                services.mark_reported(year, by=request.user)
                messages.success(
                    request,
                    _("%(year)sを報告済みにしました。数字は固定されました。")
                    % {"year": fiscal_year_label(year)},
                )
            except services.FrozenYearError as error:
                messages.error(request, str(error))
        return redirect(reverse("kpi_dashboard") + f"?year={year}")


class ExportView(SecretariatMixin, View):
    def get(self, request, file_format):
        year = year_param(request)
        rows = services.year_figures(year)
        if file_format == "xlsx":
            content = exports.to_xlsx(year, rows)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            content = exports.to_csv(year, rows)
            content_type = "text/csv; charset=utf-8"
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="kpi-{year}.{file_format}"'
        response["Cache-Control"] = "private, no-store"
        return response


class PrintView(SecretariatMixin, TemplateView):
    """The year on A4 paper (print CSS), laid out like the report."""

    template_name = "kpi/print.html"

    def get_context_data(self, **kwargs):
        year = year_param(self.request)
        rows = services.year_figures(year)
        for row in rows:
            values = list(row["months"].values())
            row["chart"] = charts.bar_chart(
                month_labels(year),
                values,
                title=row["name"],
                line=cumulative(values) if row["aggregation"] == "sum" else None,
                line_label=_("累計"),
                target=row["target"],
                target_label=_("目標"),
            )
        return super().get_context_data(
            year=year,
            title=exports.title(year),
            months=month_labels(year),
            rows=rows,
            reported=ReportedYear.objects.filter(fiscal_year=year).first(),
            **kwargs,
        )
