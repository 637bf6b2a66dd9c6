"""Synthetic member organisations and support windows, for benchmarks and query-count tests.

``make_synthetic_organisations(n)`` bulk-creates ``n`` plain organisations with
a few ★/☆ links each; ``make_synthetic_windows(n)`` as many support windows
with channels, weekly slots and troubles. Neither runs as part of the demo.
"""

import datetime
import random

from django.db import transaction

from .site_models import (
    ActivityType,
    LegalForm,
    Organisation,
    OrganisationActivity,
    OrganisationTarget,
    Prefecture,
    TargetGroup,
    Tier,
)

EHIME, KAGAWA, TOKUSHIMA, KOCHI, HIROSHIMA = "38", "37", "36", "39", "34"

KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
SYNTHETIC_FORMS = [value for value, _label in LegalForm.choices]


def make_synthetic_organisations(n, *, prefix="synthetic", seed=2026, prefecture_codes=None):
    """Bulk-create ``n`` active organisations with 2–4 activity and 1–3 target links each.

    Deterministic for a given seed. Slugs are ``<prefix>-<i>``, so several
    batches can coexist. About one in eight is a steering member; prefectures
    are drawn from ``prefecture_codes`` (default: 愛媛県 and its neighbours).
    Returns the number created.
    """
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    prefectures = list(
        Prefecture.objects.filter(
            code__in=prefecture_codes or [EHIME, KAGAWA, TOKUSHIMA, KOCHI, HIROSHIMA]
        )
    )
    activity_ids = list(ActivityType.objects.values_list("pk", flat=True))
    target_ids = list(TargetGroup.objects.values_list("pk", flat=True))
    organisations = []
    for i in range(n):
        reading = "".join(rng.choice(KANA) for _ in range(6))
        organisations.append(
            Organisation(
                slug=f"{prefix}-{i}",
                name=f"{prefix} 団体{i:05d}",
                name_kana=reading,
                legal_form=rng.choice(SYNTHETIC_FORMS),
                tier=Tier.STEERING if rng.random() < 0.125 else Tier.GENERAL,
                representative="代表 試験 太郎",
                prefecture=rng.choice(prefectures),
                municipality="試験市",
                street_address="1-1",
                phone="000-000-0000",
                email=f"{prefix}-{i}@example.org",
                message="ベンチマーク用の架空の団体です。" * 3,
            )
        )
    with transaction.atomic():
        created = Organisation.objects.bulk_create(organisations, batch_size=500)
        if not created or created[0].pk is None:  # backends that return no ids
            created = list(Organisation.objects.filter(slug__startswith=f"{prefix}-"))
        activities, targets = [], []
        for organisation in created:
            for j, pk in enumerate(rng.sample(activity_ids, rng.randint(2, 4))):
                activities.append(
                    OrganisationActivity(
                        organisation=organisation, activity_type_id=pk, is_main=j == 0
                    )
                )
            for j, pk in enumerate(rng.sample(target_ids, rng.randint(1, 3))):
                targets.append(
                    OrganisationTarget(
                        organisation=organisation, target_group_id=pk, is_main=j == 0
                    )
                )
        OrganisationActivity.objects.bulk_create(activities, batch_size=1000)
        OrganisationTarget.objects.bulk_create(targets, batch_size=1000)
    return len(created)


WINDOW_PLACES = {  # municipality: its rough centre, as in demo/data/support.yaml
    "松山市": (33.84, 132.77),
    "今治市": (34.07, 133.00),
    "宇和島市": (33.22, 132.56),
    "新居浜市": (33.96, 133.28),
    "西条市": (33.92, 133.18),
    "大洲市": (33.51, 132.54),
    "": (None, None),  # the whole prefecture
}
WINDOW_LANGUAGES = [["ja"], ["ja"], ["ja", "en"], ["ja", "vi"], ["ja", "zh", "interpreter"]]


def make_synthetic_windows(n, *, prefix="synthetic", seed=2026):
    """Bulk-create ``n`` published support windows, each with a phone, one to three
    weekly slots on weekdays (some evenings, some 24 h) and one or two troubles."""
    from support.models import ContactChannel, Trouble, WeeklySlot, Window

    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    trouble_ids = list(Trouble.objects.values_list("pk", flat=True))
    places = list(WINDOW_PLACES.items())
    windows = []
    for i in range(n):
        municipality, (latitude, longitude) = rng.choice(places)
        windows.append(
            Window(
                name=f"{prefix} 相談窓口{i:05d}",
                slug=f"{prefix}-window-{i}",
                summary="ベンチマーク用の架空の窓口です。",
                provider_name="試験県",
                municipality=municipality,
                latitude=None if latitude is None else latitude + rng.uniform(-0.05, 0.05),
                longitude=None if longitude is None else longitude + rng.uniform(-0.05, 0.05),
                anonymous=rng.random() < 0.3,
                last_verified_on=datetime.date(2026, 4, 1),
            )
        )
    with transaction.atomic():
        created = Window.objects.bulk_create(windows, batch_size=500)
        if not created or created[0].pk is None:
            created = list(Window.objects.filter(slug__startswith=f"{prefix}-window-"))
        channels, slots, links = [], [], []
        through = Window.troubles.through
        for window in created:
            channels.append(ContactChannel(window=window, kind="phone", value="0120-000-000"))
            languages = rng.choice(WINDOW_LANGUAGES)
            if rng.random() < 0.1:
                slots.extend(
                    WeeklySlot(window=window, weekday=day, all_day=True, languages=languages)
                    for day in range(7)
                )
            else:
                opens = datetime.time(rng.choice([8, 9, 10, 13, 17]))
                closes = datetime.time(min(opens.hour + rng.choice([3, 5, 8]), 23))
                slots.extend(
                    WeeklySlot(
                        window=window,
                        weekday=day,
                        opens_at=opens,
                        closes_at=closes,
                        languages=languages,
                    )
                    for day in rng.sample(range(7), rng.randint(1, 5))
                )
            links.extend(
                through(window_id=window.pk, trouble_id=pk)
                for pk in rng.sample(trouble_ids, rng.randint(1, 2))
            )
        ContactChannel.objects.bulk_create(channels, batch_size=1000)
        WeeklySlot.objects.bulk_create(slots, batch_size=1000)
        through.objects.bulk_create(links, batch_size=1000)
    return len(created)
