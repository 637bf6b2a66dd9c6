"""A throw-away database with the judged set loaded (for evaluate.py and speed.py)."""

from __future__ import annotations

import atexit
import os
from pathlib import Path

import yaml

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

HERE = Path(__file__).resolve().parent


def judged():
    needs = yaml.safe_load((HERE / "needs.yaml").read_text(encoding="utf-8"))["needs"]
    offers = yaml.safe_load((HERE / "offers.yaml").read_text(encoding="utf-8"))["offers"]
    return needs, offers


def test_database():
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    atexit.register(connection.creation.destroy_test_db, old_name, verbosity=0)


def organisation(name):
    from organisations.models import Organisation, Prefecture

    return Organisation.objects.create(
        name=name,
        name_kana="テスト",
        slug=f"org-{Organisation.objects.count() + 1}",
        legal_form="npo",
        representative="代表",
        prefecture=Prefecture.objects.get(name="愛媛県"),
        municipality="松山市",
    )


def listing(item, kind, organisation):
    from exchange.models import Listing
    from organisations.models import ActivityType, TargetGroup

    created = Listing.objects.create(
        kind=kind,
        resource_type=item["type"],
        title=item["title"],
        description=item["description"],
        area=item.get("area") or "",
        organisation=organisation,
        status="open",
        audience="members",
    )
    created.target_groups.set(TargetGroup.objects.filter(name__in=item.get("targets", [])))
    created.activity_types.set(ActivityType.objects.filter(name__in=item.get("activities", [])))
    missing = set(item.get("targets", [])) - set(
        created.target_groups.values_list("name", flat=True)
    )
    assert not missing, (item["id"], missing)
    return created
