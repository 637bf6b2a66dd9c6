"""Figures of a fiscal year: materialised site counts, hand entries, targets,
and the frozen snapshot of a reported year.

``year_figures(year)`` is the one shape the dashboard, the exports and the
home page's block all read: a list of dicts, one per indicator, built live
from ``MonthlyFigure`` and ``HandEntry`` (a handful of queries whatever the
size of the network), or read from ``ReportedYear.snapshot`` once the year is
reported, so a submitted report never moves.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms import page_cache
from cms.dates import fiscal_year_of
from kpi import registry
from kpi.models import (
    AreaTarget,
    HandEntry,
    Indicator,
    IndicatorPeriod,
    MonthlyFigure,
    ReportedYear,
)
from kpi.periods import fiscal_months, fiscal_year_dates

# Years materialised by the periodic job: this one and the one before (late
# corrections to last year are caught until it is reported).
YEARS_BACK = 1


class FrozenYearError(Exception):
    """The year was marked reported: its figures and targets no longer change."""


def current_fiscal_year():
    return fiscal_year_of(timezone.localdate())


def ensure_indicators():
    """An Indicator row for every registered site count (kept in step with the
    registry's name, unit and definition); hand-entered ones are left alone."""
    existing = {ind.source: ind for ind in Indicator.objects.exclude(source="")}
    for order, (key, count) in enumerate(registry.all_counts().items()):
        fields = {
            "name": str(count.label)[:100],
            "unit": str(count.unit)[:20],
            "definition": str(count.definition),
            "aggregation": count.aggregation,
        }
        indicator = existing.get(key)
        if indicator is None:
            Indicator.objects.get_or_create(
                key=key, defaults={"source": key, "sort_order": 10 + order, **fields}
            )
        elif any(getattr(indicator, name) != value for name, value in fields.items()):
            Indicator.objects.filter(pk=indicator.pk).update(**fields)
            # No signal from update(): the home page shows the name and unit.
            page_cache.content_changed()


def is_frozen(year):
    return ReportedYear.objects.filter(fiscal_year=year).exists()


def materialise(years=None, *, keys=None):
    """Recount the registered indicators month by month into ``MonthlyFigure``.

    Safe to run twice, or at the same time: each (indicator, year) is
    replaced whole in one transaction. Reported years are skipped: their
    figures stay as they were reported.
    """
    if years is None:
        current = current_fiscal_year()
        years = range(current - YEARS_BACK, current + 1)
    frozen = set(
        ReportedYear.objects.filter(fiscal_year__in=years).values_list("fiscal_year", flat=True)
    )
    counts = registry.all_counts()
    done = 0
    changed = False
    for year in years:
        if year in frozen:
            continue
        first, last = fiscal_year_dates(year)
        last = min(last, timezone.localdate())  # no figures for months to come
        if last < first:
            continue
        for key, count in counts.items():
            if keys is not None and key not in keys:
                continue
            rows = {}
            for month, part, value in count.count(first, last):
                rows[(month, part or "")] = Decimal(value or 0)
            with transaction.atomic():
                kept = MonthlyFigure.objects.filter(key=key, month__range=(first, last))
                before = {(f.month, f.part): f.value for f in kept}
                kept.delete()
                MonthlyFigure.objects.bulk_create(
                    MonthlyFigure(key=key, month=month, part=part, value=value)
                    for (month, part), value in rows.items()
                )
            changed = changed or before != rows
            done += 1
    if changed:
        # bulk_create sends no signals: tell the page cache the home page's
        # published figures may have moved (cms/page_cache.py).
        page_cache.bump_version()
    return done


# --- Reading a year ----------------------------------------------------------


def as_number(value):
    """A Decimal as an int when whole, else a float (JSON and display)."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _year_total(monthly, aggregation):
    """A flow's months add up; a state's year is its latest month with a figure."""
    known = {month: v for month, v in monthly.items() if v is not None}
    if not known:
        return 0
    if aggregation == registry.LAST:
        return known[max(known)]
    return sum(known.values())


def achievement(direction, total, target):
    """ "達成" / "未達成" / "" (no target)."""
    if target is None:
        return ""
    met = total >= target if direction == "higher" else total <= target
    return _("達成") if met else _("未達成")


def year_figures(year, *, indicators=None):
    """The year's figures, one dict per indicator (see the module docstring)."""
    reported = ReportedYear.objects.filter(fiscal_year=year).first()
    if reported is not None:
        rows = reported.snapshot.get("indicators", [])
        if indicators is not None:
            keys = {ind.key for ind in indicators}
            rows = [row for row in rows if row["key"] in keys]
        return rows
    return _live_figures(year, indicators)


def _live_figures(year, indicators=None):
    first, last = fiscal_year_dates(year)
    month_keys = [m.isoformat()[:7] for m in fiscal_months(year)]
    if indicators is None:
        indicators = list(Indicator.objects.all())
    periods = {
        p.indicator_id: p
        for p in IndicatorPeriod.objects.filter(
            fiscal_year=year, indicator__in=indicators
        ).prefetch_related("area_targets")
    }
    sources = [ind.source for ind in indicators if ind.source]
    site = {}
    for figure in MonthlyFigure.objects.filter(key__in=sources, month__range=(first, last)):
        site.setdefault(figure.key, []).append(figure)
    entries = {}
    for entry in HandEntry.objects.filter(
        period__fiscal_year=year, period__indicator__in=indicators
    ).select_related("entered_by"):
        entries.setdefault(entry.period.indicator_id, []).append(entry)

    out = []
    for indicator in indicators:
        period = periods.get(indicator.pk)
        aggregation = indicator.aggregation
        # A state (members at month end) has no value for a month not yet counted.
        empty = None if aggregation == registry.LAST else Decimal(0)
        monthly = dict.fromkeys(month_keys, empty)
        parts = {}
        yearly = Decimal(0)
        area_actual = {}
        entry_rows = []
        count = indicator.site_count
        if indicator.source:
            for figure in site.get(indicator.source, []):
                key = figure.month.isoformat()[:7]
                if figure.part:
                    parts.setdefault(figure.part, dict.fromkeys(month_keys, empty))
                    parts[figure.part][key] = figure.value
                else:
                    monthly[key] = figure.value
        for entry in entries.get(indicator.pk, []):
            if entry.month:
                key = entry.month.isoformat()[:7]
                if key in monthly:
                    monthly[key] = (monthly[key] or 0) + entry.value
            else:
                yearly += entry.value
            if entry.area:
                area_actual[entry.area] = area_actual.get(entry.area, Decimal(0)) + entry.value
            entry_rows.append(
                {
                    "month": entry.month.isoformat()[:7] if entry.month else "",
                    "area": entry.area,
                    "value": as_number(entry.value),
                    "note": entry.note,
                    "entered_by": entry.entered_by.get_username() if entry.entered_by else "",
                    "entered_at": timezone.localtime(entry.entered_at).isoformat(),
                }
            )
        total = _year_total(monthly, aggregation) + yearly
        part_labels = count.parts if count else {}
        target = period.target if period else None
        out.append(
            {
                "key": indicator.key,
                "name": indicator.name,
                "unit": indicator.unit,
                "direction": indicator.direction,
                "definition": indicator.definition,
                "source": indicator.source,
                "aggregation": aggregation,
                "published": indicator.published,
                "months": {k: as_number(v) for k, v in monthly.items()},
                "yearly_entries": as_number(yearly),
                "total": as_number(total),
                "parts": [
                    {
                        "part": part,
                        "label": str(part_labels.get(part, part)),
                        "total": as_number(_year_total(values, aggregation)),
                    }
                    for part, values in sorted(parts.items())
                ],
                "baseline": as_number(period.baseline) if period else None,
                "target": as_number(target),
                "area_targets": [
                    {
                        "area": area.area,
                        "target": as_number(area.target),
                        "actual": as_number(area_actual.get(area.area, 0)),
                    }
                    for area in (period.area_targets.all() if period else [])
                ],
                "evaluation": period.evaluation if period else "",
                "achievement": achievement(indicator.direction, total, target),
                "entries": entry_rows,
            }
        )
    return out


def totals_by_year(years, indicators):
    """{key: {year: total}} for year-on-year comparison (frozen years from their snapshot)."""
    out = {ind.key: {} for ind in indicators}
    for year in years:
        for row in year_figures(year, indicators=indicators):
            out.setdefault(row["key"], {})[year] = row["total"]
    return out


# --- Changing a year ---------------------------------------------------------


def _check_open(year):
    if is_frozen(year):
        raise FrozenYearError(_("%(year)s年度は報告済みのため変更できません。") % {"year": year})


def set_target(indicator, year, *, target, baseline=None, evaluation="", areas=()):
    """Set an indicator's target (and its split by area) for a year."""
    _check_open(year)
    with transaction.atomic():
        period, _created = IndicatorPeriod.objects.update_or_create(
            indicator=indicator,
            fiscal_year=year,
            defaults={"target": target, "baseline": baseline, "evaluation": evaluation},
        )
        period.area_targets.all().delete()
        AreaTarget.objects.bulk_create(
            AreaTarget(period=period, area=area, target=value) for area, value in areas
        )
    return period


def add_entry(indicator, year, *, value, month=None, area="", note="", by):
    """Record a hand-counted figure for a month of the year, or for the whole year."""
    _check_open(year)
    first, last = fiscal_year_dates(year)
    if month is not None and not first <= month <= last:
        raise ValueError("month outside the fiscal year")
    with transaction.atomic():
        period, _created = IndicatorPeriod.objects.get_or_create(
            indicator=indicator, fiscal_year=year
        )
        return HandEntry.objects.create(
            period=period, month=month, area=area, value=value, note=note, entered_by=by
        )


def delete_entry(entry):
    _check_open(entry.period.fiscal_year)
    entry.delete()


def mark_reported(year, *, by):
    """Freeze the year: recount it one last time, then keep its figures as they are."""
    with transaction.atomic():
        if ReportedYear.objects.select_for_update().filter(fiscal_year=year).exists():
            raise FrozenYearError(_("%(year)s年度はすでに報告済みです。") % {"year": year})
        ensure_indicators()
        materialise([year])
        snapshot = {
            "frozen_at": timezone.now().isoformat(),
            "indicators": _live_figures(year),
        }
        return ReportedYear.objects.create(fiscal_year=year, reported_by=by, snapshot=snapshot)


def reopen(year):
    """Take the reported mark off (a mistake): the figures are counted live again."""
    ReportedYear.objects.filter(fiscal_year=year).delete()


def published_figures(year=None):
    """The figures the secretariat chose to publish, for the home page."""
    year = current_fiscal_year() if year is None else year
    indicators = list(Indicator.objects.filter(published=True))
    if not indicators:
        return year, []
    return year, year_figures(year, indicators=indicators)
