"""/support/ (the finder) and /support/<slug>/ (one window).

Both are public and read-only. "Open now" is computed for the viewer's moment
(``support.hours.now()``) on every request, and the responses say so to any
cache (``Cache-Control: max-age=60``): never served from a cache past a minute.
"""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cms import ratelimit
from organisations.models import TargetGroup
from support import exports, queries
from support import hours as hours_logic
from support.choices import Channel, Weekday
from support.forms import CorrectionForm, FinderForm
from support.models import LANGUAGE_LABELS, Trouble, Window

PAGE_SIZE = 20
EXPORTS = {"print", "csv", "xlsx", "hsds"}
DATA_EXPORTS = {"csv", "xlsx", "hsds"}
SCHEMA_DAYS = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
]


def _fresh(response):
    patch_cache_control(response, max_age=60, public=True)
    return response


def reader_language():
    """The reader's language when windows may be translated into it, else None (Japanese)."""
    language = translation.get_language()
    return None if not language or language == settings.LANGUAGE_CODE else language


def _card(window, moment, near=None):
    """A window with what its card shows, from prefetched rows."""
    queries.translated(window)
    window.distance_km = queries.distance_km(window, *near) if near else None
    window.status = hours_logic.status_at(window.hours(), moment)
    window.language_labels = [LANGUAGE_LABELS[code] for code in window.languages()]
    window.open_language_labels = (
        [LANGUAGE_LABELS[code] for code in window.status.languages if code in LANGUAGE_LABELS]
        if window.status.is_open
        else []
    )
    window.phone = next((c for c in window.channels.all() if c.kind == Channel.PHONE), None)
    window.line = next((c for c in window.channels.all() if c.kind == Channel.LINE), None)
    return window


def finder(request):
    moment = hours_logic.now()
    form = FinderForm(request.GET or None)
    published = Window.objects.published()
    windows = form.filter(published, moment) if form.is_bound else published
    others = windows.filter(is_crisis_line=False)
    near = form.near() if form.is_bound else None
    by_place = ("municipality", "name")
    others = queries.by_distance(others, *near) if near else others.order_by(*by_place)
    export = request.GET.get("format")
    # The data exports stay Japanese (the import's format); pages and the leaflet
    # show the windows' translations into the reader's language.
    language = None if export in DATA_EXPORTS else reader_language()
    crisis = [
        _card(window, moment)
        for window in queries.with_related(
            published.filter(is_crisis_line=True).order_by("name"), moment.date(), language
        )
    ]
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)

    if export in EXPORTS:
        rows = crisis + [
            queries.translated(window)
            for window in queries.with_related(others, moment.date(), language)
        ]
        if export == "csv":
            return _fresh(exports.csv_response(rows, request))
        if export == "xlsx":
            return _fresh(exports.xlsx_response(rows, request))
        if export == "hsds":
            return _fresh(exports.hsds_response(rows, request))
        for window in rows:
            window.hours_line = exports.hours_text(window)
        return _fresh(
            render(
                request,
                "support/print.html",
                {"windows": rows, "form": form, "moment": moment, "chosen": _chosen_labels(form)},
            )
        )

    page = Paginator(queries.with_related(others, moment.date(), language), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = [_card(window, moment, near) for window in page.object_list]
    trouble = None
    if form.is_bound and form.chosen().get("trouble"):
        trouble = Trouble.objects.filter(slug=form.chosen()["trouble"]).first()
    prefix = query.urlencode()
    prefix = f"?{prefix}&" if prefix else "?"
    response = render(
        request,
        "support/finder.html",
        {
            "form": form,
            "page_obj": page,
            "crisis_windows": crisis,
            "trouble": trouble,
            "moment": moment,
            "near": near,
            "share_url": request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
            if query
            else request.build_absolute_uri(request.path),
            "place": form.place if form.is_bound and not form.chosen().get("area") else None,
            "export_links": [
                (_("印刷用の一覧（A4）"), f"{prefix}format=print"),
                (_("CSVでダウンロード"), f"{prefix}format=csv"),
                (_("Excelでダウンロード"), f"{prefix}format=xlsx"),
                (_("オープンデータ（HSDS JSON）"), f"{prefix}format=hsds"),
            ],
        },
    )
    return _fresh(response)


GUIDE_STEPS = ("trouble", "who", "where")


def guide(request):
    """「困りごとから選ぶ」: trouble → who → where → the finder's results, one question a page.

    Plain GET forms (no JavaScript, no account): each step carries the earlier
    answers as hidden fields, and the last one submits to the finder itself,
    so the result is the same shareable /support/?… link as the filter path.
    A value that is not valid is dropped (``FinderForm.chosen``).
    """
    form = FinderForm(request.GET or None)
    chosen = form.chosen() if form.is_bound else {}
    step = request.GET.get("step")
    step = step if step in GUIDE_STEPS else "trouble"
    number = GUIDE_STEPS.index(step) + 1
    trouble = None
    if chosen.get("trouble"):
        trouble = (
            Trouble.objects.prefetch_related("target_groups").filter(slug=chosen["trouble"]).first()
        )
    answers = {name: chosen[name] for name in ("trouble", "target") if name in chosen}
    # Hidden fields: the answers given before this step's own question.
    carried = {"trouble": {}, "who": {"trouble": answers.get("trouble")}, "where": answers}[step]
    carried = {name: value for name, value in carried.items() if value}
    back = None  # the previous step, its answer chosen again
    if step == "who":
        back = "?" + urlencode({k: v for k, v in answers.items() if k == "trouble"})
    elif step == "where":
        back = "?" + urlencode({"step": "who", **answers})
    groups = []
    if step == "who":
        groups = list(trouble.target_groups.all()) if trouble else []
        if not groups:
            groups = list(TargetGroup.objects.all())
    response = render(
        request,
        "support/guide.html",
        {
            "step": step,
            "number": number,
            "total": len(GUIDE_STEPS),
            "next_step": GUIDE_STEPS[number] if number < len(GUIDE_STEPS) else None,
            "carried": carried,
            "trouble": trouble,
            "troubles": Trouble.objects.all() if step == "trouble" else [],
            "groups": groups,
            "form": form,
            "back": back,
            "answers": answers,
        },
    )
    return _fresh(response)


def _chosen_labels(form):
    """The chosen filters as (label, value label) pairs, for the leaflet's heading."""
    chosen = form.chosen() if form.is_bound else {}
    labels = []
    for name, value in chosen.items():
        field = form.fields[name]
        if field.widget.is_hidden:  # the browser's location: no heading for it
            continue
        choices = dict(getattr(field, "choices", ()))
        if choices:
            labels.append((field.label, choices.get(value, value)))
        else:
            labels.append((field.label, "" if value is True else value))
    return labels


def opening_hours_schema(window, table):
    """schema.org OpeningHoursSpecification for the window's weekly slots."""
    specs = []
    for weekday, slots in table:
        for slot in slots:
            opens = "00:00" if slot.all_day else slot.opens.strftime("%H:%M")
            closes = (
                "23:59"
                if slot.all_day or slot.closes == hours_logic.MIDNIGHT
                else (slot.closes.strftime("%H:%M"))
            )
            specs.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[weekday]}",
                    "opens": opens,
                    "closes": closes,
                }
            )
    for closure in window.closures.all():
        specs.append(
            {
                "@type": "OpeningHoursSpecification",
                "validFrom": closure.date.isoformat(),
                "validThrough": closure.date.isoformat(),
                "opens": "00:00" if closure.closed else closure.opens_at.strftime("%H:%M"),
                "closes": "00:00" if closure.closed else closure.closes_at.strftime("%H:%M"),
            }
        )
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService" if not window.organisation_id else "Service",
        "name": window.name,
        "description": window.summary,
        "areaServed": window.municipality or None,
        "provider": {"@type": "Organization", "name": window.provider} if window.provider else None,
        "hoursAvailable": specs,
    }
    phones = [c.value for c in window.channels.all() if c.kind == Channel.PHONE]
    if phones:
        data["availableChannel"] = {
            "@type": "ServiceChannel",
            "servicePhone": {"@type": "ContactPoint", "telephone": phones[0]},
        }
    data = {key: value for key, value in data.items() if value is not None}
    # Safe inside <script>: "<", ">" and "&" are escaped as JSON unicode escapes.
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def window_detail(request, slug):
    moment = hours_logic.now()
    window = get_object_or_404(
        queries.with_related(
            Window.objects.published(), moment.date(), reader_language()
        ).prefetch_related("troubles"),
        slug=slug,
    )
    _card(window, moment)
    hours = window.hours()
    table = hours_logic.weekly_table(hours)
    rows = [
        (
            Weekday(weekday).label,
            [
                (slot, "・".join(str(LANGUAGE_LABELS.get(code, code)) for code in slot.languages))
                for slot in slots
            ],
        )
        for weekday, slots in table
    ]
    response = render(
        request,
        "support/window_detail.html",
        {
            "window": window,
            "hours_rows": rows,
            "has_hours": bool(hours.slots),
            "holiday_rule_label": window.get_holiday_rule_display(),
            "schema_json": opening_hours_schema(window, table),
            "moment": moment,
            "unknown_hours_label": _("時間は要確認：まずお電話を"),
            "share_url": request.build_absolute_uri(window.get_absolute_url()),
        },
    )
    return _fresh(response)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report_correction(request, slug):
    """「情報がちがう」 for a published window: anyone, rate-limited, to the secretariat's queue."""
    window = get_object_or_404(Window.objects.published(), slug=slug)
    form = CorrectionForm(request.POST or None)
    context = {"window": window, "form": form}
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(request, "support_correction"):
            context["rate_limited"] = True
            return ratelimit.too_many_requests(request, "support/correction.html", context)
        correction = form.save(commit=False)
        correction.window = window
        correction.save()
        messages.success(
            request, _("ありがとうございます。事務局が確かめて、窓口の情報を直します。")
        )
        return redirect(window.get_absolute_url())
    if form.is_bound:
        context["error_summary"] = form.error_summary()
    return render(request, "support/correction.html", context)
