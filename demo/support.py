"""Demo support windows (相談窓口) for ``manage.py load_demo``, from ``demo/data/support.yaml``.

``ensure_support_windows(stdout)`` creates the windows whose slug does not
exist yet, with their channels and weekly slots, from a kind (what windows
of one kind share) and the window's own fields. Existing windows are left as
the secretariat edited them, so a second run changes nothing. The slots are
checked with the admin's own rules (``support.hours.validate_slots``): a
mistake in the file stops the load with the window's slug. The hours are
written as the import's 受付時間 column and read by its parser
(``support.importer.parse_hours``).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from organisations.models import Organisation, TargetGroup
from organisations.models.translations import translation_languages
from support import hours as hours_logic
from support import importer
from support.models import ContactChannel, Trouble, WeeklySlot, Window, WindowTranslation

from .files import DemoDataError, read, text


def parse_slots(lines, slug: str) -> list[hours_logic.Slot]:
    """The yaml's hours lines, read by the import's own parser (one format, one parser)."""
    try:
        return importer.parse_hours(" / ".join(str(line) for line in lines or ()))
    except ValueError as error:
        raise DemoDataError(f"demo/data/support.yaml: {slug}: {error}") from None


def _create(row: dict, kinds: dict, places: dict, today: datetime.date) -> Window:
    slug = text(row.get("slug"))
    kind = kinds.get(row.get("kind"))
    if not slug or kind is None:
        raise DemoDataError(f"demo/data/support.yaml: window {row!r} needs a slug and a kind")
    spec = {**kind, **row}
    organisation = None
    if spec.get("organisation"):
        organisation = Organisation.objects.filter(slug=spec["organisation"]).first()
    days_ago = int(spec.get("last_verified_days_ago", 30))
    latitude, longitude = places.get(text(spec.get("municipality")), (None, None))
    window = Window.objects.create(
        name=text(spec.get("name")),
        slug=slug,
        summary=text(spec.get("summary")),
        what_to_expect=text(spec.get("what_to_expect")),
        organisation=organisation,
        provider_name="" if organisation else "つながり県（デモ）",
        municipality=text(spec.get("municipality")),
        latitude=latitude,
        longitude=longitude,
        is_crisis_line=bool(spec.get("crisis", False)),
        free_of_charge=bool(spec.get("free", True)),
        anonymous=bool(spec.get("anonymous", False)),
        holiday_rule=spec.get("holiday_rule", hours_logic.HOLIDAY_CLOSED),
        year_end_closed=bool(spec.get("year_end_closed", True)),
        last_verified_on=today - datetime.timedelta(days=days_ago),
    )
    order = 0
    if spec.get("phone"):
        ContactChannel.objects.create(
            window=window, kind="phone", value=text(spec["phone"]), sort_order=order
        )
        order += 1
    if spec.get("line"):
        ContactChannel.objects.create(
            window=window, kind="line", value=text(spec["line"]), sort_order=order
        )
        order += 1
    for channel in spec.get("channels") or ():
        ContactChannel.objects.create(window=window, kind=channel, sort_order=order)
        order += 1
    WeeklySlot.save_for(window, parse_slots(spec.get("hours"), slug))
    window.troubles.set(Trouble.objects.filter(slug__in=spec.get("troubles") or ()))
    window.target_groups.set(TargetGroup.objects.filter(name__in=spec.get("target_groups") or ()))
    window.save()
    return window


def ensure_support_windows(stdout=None):
    """Create the demo windows that are missing; print how many."""
    data = read("support.yaml")
    kinds = data.get("kinds") or {}
    today = timezone.localdate()
    created = found = 0
    with transaction.atomic():
        existing = set(Window.objects.values_list("slug", flat=True))
        for row in data.get("windows") or ():
            if row.get("slug") in existing:
                found += 1
                continue
            _create(row, kinds, data.get("places") or {}, today)
            created += 1
        translated = ensure_window_translations()
    if stdout is not None:
        stdout.write(
            f"  相談窓口 / support windows   作成 created {created:>2}   既存 found {found:>2}"
            f"   翻訳 translations {translated:>2}"
        )


def ensure_window_translations() -> int:
    """Add ``support_translations.yaml``'s translations the windows lack; returns how many.

    A language the window already has (the secretariat's words) is kept; a
    slug no window has (deleted by the secretariat) is skipped.
    """
    data = read("support_translations.yaml") or {}
    languages = {code for code, _name in translation_languages()}
    windows = Window.objects.in_bulk(list(data), field_name="slug")
    added = []
    for slug, texts_by_language in data.items():
        window = windows.get(slug)
        if window is None:
            continue
        have = set(window.translations.values_list("language", flat=True))
        for language, texts in (texts_by_language or {}).items():
            if language not in languages:
                raise DemoDataError(
                    f"demo/data/support_translations.yaml: {slug}: {language!r} is not a language"
                )
            if language in have:
                continue
            added.append(
                WindowTranslation(
                    window=window,
                    language=language,
                    name=text(texts.get("name")),
                    summary=text(texts.get("summary")),
                    what_to_expect=text(texts.get("what_to_expect")),
                )
            )
    WindowTranslation.objects.bulk_create(added)
    return len(added)
