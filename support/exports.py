"""The finder's list as a leaflet, a spreadsheet and open data (``?format=`` on /support/).

- ``print``: an A4 list (相談窓口一覧) of every window the filters keep, the
  crisis lines first, for the secretariat to hand out; print CSS, no links
  needed on paper (the numbers are written out).
- ``csv`` and ``xlsx``: the same rows as a spreadsheet (the CSV in UTF-8
  with a BOM, so Excel reads Japanese), written by the member register's
  writers (formula cells guarded). They are the import's format
  (``support.importer``) whatever the reader's language: headers and values
  (the hours line, はい/いいえ, 県内どこからでも) in Japanese, so a list
  downloaded under /en/ or /vi/ imports again.
- ``hsds``: Open Referral HSDS 3.0-shaped JSON: services with their
  organisation, location, phones, contacts, languages and schedules
  (RFC 5545 weekdays, as HSDS's ``schedule`` has them).

Each is built from the prefetched windows: a fixed number of queries
whatever their number.
"""

import json

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override, pgettext

from support.choices import Channel
from support.models import LANGUAGE_LABELS

RFC5545_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _time(value):
    return value.strftime("%H:%M") if value else ""


def _day_runs(weekdays, names):
    """[0, 1, 2, 3, 4, 6] → "月〜金・日"; all seven → "毎日"."""
    if len(weekdays) == 7:
        return _("毎日")
    runs, start, previous = [], weekdays[0], weekdays[0]
    for day in [*weekdays[1:], None]:
        if day is not None and day == previous + 1:
            previous = day
            continue
        if previous - start >= 2:
            runs.append(f"{names[start]}〜{names[previous]}")
        else:
            runs.extend(names[d] for d in range(start, previous + 1))
        if day is not None:
            start = previous = day
    return "・".join(runs)


def hours_text(window):
    """The weekly slots in one line, days with the same hours together:
    月〜金 9:00-17:00（日本語） / 日 13:00-17:00（ベトナム語・日本語）."""
    # One-character msgids need a context: 「日」 alone could be "day" or "Sunday".
    names = [
        pgettext("weekday, short", "月"),
        pgettext("weekday, short", "火"),
        pgettext("weekday, short", "水"),
        pgettext("weekday, short", "木"),
        pgettext("weekday, short", "金"),
        pgettext("weekday, short", "土"),
        pgettext("weekday, short", "日"),
    ]
    groups = {}
    for slot in window.slots.all():
        if slot.all_day:
            span = _("24時間")
        else:
            closes = "24:00" if _time(slot.closes_at) == "00:00" else _time(slot.closes_at)
            span = f"{_time(slot.opens_at)}-{closes}"
        languages = "・".join(str(LANGUAGE_LABELS.get(code, code)) for code in slot.languages)
        groups.setdefault((span, languages), []).append(slot.weekday)
    parts = [
        f"{_day_runs(sorted(set(days)), names)} {span}（{languages}）"
        for (span, languages), days in sorted(groups.items(), key=lambda item: min(item[1]))
    ]
    return " / ".join(parts) or _("時間は要確認：まずお電話を")


def channel_value(window, kind):
    return next((c.value for c in window.channels.all() if c.kind == kind and c.value), "")


# The importer's headers (support.importer.COLUMNS), written in Japanese in
# every language; gettext_noop marks them for the translators' glossary only.
CSV_COLUMNS = [
    ("name", gettext_noop("窓口の名前")),
    ("slug", gettext_noop("URL用の名前")),
    ("summary", gettext_noop("どんな窓口か")),
    ("municipality", gettext_noop("市区町村")),
    ("provider", gettext_noop("運営")),
    ("phone", gettext_noop("電話")),
    ("line", gettext_noop("LINE")),
    ("email", gettext_noop("メール")),
    ("hours", gettext_noop("受付時間")),
    ("free", gettext_noop("無料")),
    ("anonymous", gettext_noop("匿名")),
    ("last_verified_on", gettext_noop("最終確認日")),
    ("url", gettext_noop("URL")),
]


def table_rows(windows, request):
    """The header and one row per window, in Japanese (the import's format)."""
    with override(settings.LANGUAGE_CODE):
        rows = [[_(label) for _key, label in CSV_COLUMNS]]
        for window in windows:
            row = [
                window.name,
                window.slug,
                window.summary,
                window.municipality or _("県内どこからでも"),
                window.provider,
                channel_value(window, Channel.PHONE),
                channel_value(window, Channel.LINE),
                channel_value(window, Channel.EMAIL),
                hours_text(window),
                _("はい") if window.free_of_charge else _("いいえ"),
                _("はい") if window.anonymous else _("いいえ"),
                window.last_verified_on,
                request.build_absolute_uri(window.get_absolute_url()),
            ]
            rows.append(row)
    return rows


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(windows, request):
    from organisations.services.register import write_csv

    rows = table_rows(windows, request)
    return _download(write_csv(rows), "text/csv; charset=utf-8", "support-windows.csv")


def xlsx_response(windows, request):
    from organisations.services.register import write_xlsx

    with override(settings.LANGUAGE_CODE):
        title = _("相談窓口一覧")
    content = write_xlsx(table_rows(windows, request), title=title)
    return _download(
        content,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "support-windows.xlsx",
    )


def hsds_service(window, request):
    url = request.build_absolute_uri(window.get_absolute_url())
    organisation = (
        {
            "id": f"organisation-{window.organisation_id}",
            "name": window.organisation.name,
            "url": request.build_absolute_uri(window.organisation.get_absolute_url()),
        }
        if window.organisation_id
        else {"id": f"provider-{window.pk}", "name": window.provider_name}
    )
    languages = sorted({code for slot in window.slots.all() for code in slot.languages})
    return {
        "id": f"service-{window.pk}",
        "name": window.name,
        "description": window.summary,
        "url": url,
        "status": "active",
        "organization": organisation,
        "eligibility_description": "、".join(g.name for g in window.target_groups.all()),
        "fees_description": _("無料") if window.free_of_charge else "",
        "last_modified": window.updated_at.isoformat(),
        "assured_date": window.last_verified_on.isoformat(),
        "languages": [
            {"code": code, "name": str(LANGUAGE_LABELS.get(code, code))} for code in languages
        ],
        "service_areas": [{"name": window.municipality or _("県内全域")}],
        "locations": [
            {
                "location_type": "physical" if window.address else "virtual",
                "address": window.address,
                "city": window.municipality,
                "latitude": float(window.latitude) if window.latitude is not None else None,
                "longitude": float(window.longitude) if window.longitude is not None else None,
            }
        ],
        "phones": [
            {"number": c.value, "type": "voice", "description": c.label}
            for c in window.channels.all()
            if c.kind == Channel.PHONE
        ],
        "contacts": [
            {"channel": c.kind, "value": c.value, "description": c.label}
            for c in window.channels.all()
            if c.kind != Channel.PHONE
        ],
        "schedules": [
            {
                "freq": "WEEKLY",
                "byday": RFC5545_DAYS[slot.weekday],
                "opens_at": "00:00" if slot.all_day else _time(slot.opens_at),
                "closes_at": "24:00"
                if slot.all_day or _time(slot.closes_at) == "00:00"
                else _time(slot.closes_at),
                "languages": list(slot.languages),
            }
            for slot in window.slots.all()
        ]
        + [
            {
                "valid_from": closure.date.isoformat(),
                "valid_to": closure.date.isoformat(),
                "description": closure.note or (_("休み") if closure.closed else ""),
                "opens_at": "" if closure.closed else _time(closure.opens_at),
                "closes_at": "" if closure.closed else _time(closure.closes_at),
            }
            for closure in window.closures.all()
        ],
        "holiday_rule": window.holiday_rule,
        "year_end_closed": window.year_end_closed,
        "crisis_line": window.is_crisis_line,
        "anonymous": window.anonymous,
    }


def hsds_response(windows, request):
    data = {"hsds_version": "3.0", "services": [hsds_service(w, request) for w in windows]}
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="support-windows-hsds.json"'
    return response
