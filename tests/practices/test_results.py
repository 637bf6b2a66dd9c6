"""Quantitative results as numbers: the parser, the model, the importer, the migration."""

import importlib
from decimal import Decimal

from django.apps import apps

import pytest

from practices import importer
from practices.models import PracticeResult
from practices.results import parse_quantity

from .helpers import make_index, make_practice


@pytest.mark.parametrize(
    ("text", "number", "unit", "qualifier"),
    [
        ("120", Decimal(120), "", ""),
        ("延べ120", Decimal(120), "", "延べ"),
        ("延べ120人", Decimal(120), "人", "延べ"),
        ("約1,480食", Decimal(1480), "食", "約"),
        ("１２０人", Decimal(120), "人", ""),
        ("3.5時間", Decimal("3.5"), "時間", ""),
        ("120〜150", None, "", ""),
        ("多数", None, "", ""),
        ("1回目と2回目", None, "", ""),
    ],
)
def test_parse_quantity(text, number, unit, qualifier):
    quantity = parse_quantity(text)
    assert quantity.number == number
    if number is not None:
        assert (quantity.unit, quantity.qualifier) == (unit, qualifier)


@pytest.fixture
def practice(home_page, db):
    from tests.organisations.factories import OrganisationFactory

    return make_practice(
        make_index(home_page),
        OrganisationFactory(),
        results=(("参加者", "延べ120", "人"), ("食数", "約1,480食", ""), ("来場者", "多数", "")),
    )


def test_saving_reads_the_number_and_keeps_the_text(practice):
    rows = [(r.label, r.value, r.unit, r.number) for r in practice.results.all()]
    assert rows == [
        ("参加者", "延べ120", "人", Decimal(120)),
        ("食数", "約1,480", "食", Decimal(1480)),
        ("来場者", "多数", "", None),
    ]


def test_migration_converts_old_text_and_keeps_the_rest_as_a_note(practice):
    PracticeResult.objects.update(number=None)
    PracticeResult.objects.filter(label="食数").update(value="約1,480食", unit="")
    migration = importlib.import_module("practices.migrations.0003_results_as_numbers")
    migration.convert(apps, None)
    rows = {r.label: (r.value, r.unit, r.number, r.note) for r in PracticeResult.objects.all()}
    assert rows["参加者"] == ("延べ120", "人", Decimal(120), "延べ120人")
    assert rows["食数"] == ("約1,480", "食", Decimal(1480), "約1,480食")
    assert rows["来場者"] == ("多数", "", None, "多数")


def test_importer_reads_a_period_in_brackets():
    assert importer.parse_results("参加者 延べ120人（2024年度）\n開催 24回") == [
        ("参加者", "延べ120", "人", "2024年度"),
        ("開催", "24", "回", ""),
    ]
    with pytest.raises(importer.ValueProblem):
        importer.parse_results("参加者 たくさん")
