"""Synthetic member organisations, for the directory's benchmark and query-count tests.

``make_synthetic_organisations(n)`` bulk-creates ``n`` plain organisations with
a few ★/☆ links each. It never runs as part of the demo.
"""

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
