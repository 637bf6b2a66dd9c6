"""Vocabulary in the reader's language (issue 16): taxonomy rows and subcommittees.

The rows keep their ids (a filtered URL means the same in every language) and
carry their translations (cms.translation.fields); every list and filter shows
the reader's language, Japanese where a row has no translation.
"""

import re

from django.core.cache import cache
from django.utils import translation

import pytest

from organisations.models import ActivityGroup, ActivityType, TargetGroup
from subcommittees.models import Subcommittee
from tests.organisations.factories import OrganisationFactory
from tests.practices.helpers import make_index, make_practice
from tests.support.factories import make_window

pytestmark = pytest.mark.django_db

VI = {
    "group": "Tạo nơi kết nối mọi người",
    "activity": "Tạo nơi sinh hoạt an tâm",
    "target": "Người cao tuổi",
    "subcommittee": "Tiểu ban Hỗ trợ đi lại và mua sắm",
    "theme": "Giúp người cao tuổi mua sắm và đi lại",
}


def _translate(row, language, **texts):
    row.translations = {**(row.translations or {}), language: texts}
    row.save(update_fields=["translations"])


@pytest.fixture(scope="module")
def world(module_db):
    from tests.conftest import point_default_site_at_home

    home = point_default_site_at_home()
    group = ActivityGroup.objects.get(name="つながりの場づくり")
    activity = ActivityType.objects.get(name="居場所づくり")
    target = TargetGroup.objects.get(name="高齢者")
    _translate(group, "vi", name=VI["group"])
    _translate(activity, "vi", name=VI["activity"])
    _translate(activity, "ja-x-easy", name="安心して いられる 場所を つくる")
    _translate(target, "vi", name=VI["target"])
    organisation = OrganisationFactory(
        name="みかんの木", slug="mikan", activities=[("居場所づくり", True)]
    )
    make_practice(make_index(home), organisation, activities=(("居場所づくり", True),))
    subcommittee = Subcommittee.objects.create(
        name="移動・買い物支援分科会",
        slug="kaimono",
        theme="高齢者の買い物と移動を支える",
        translations={"vi": {"name": VI["subcommittee"], "theme": VI["theme"]}},
    )
    subcommittee.target_groups.set([target])
    make_window(name="多文化相談", slug="tabunka", target_groups=[target])
    return {"activity": activity, "target": target}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_a_row_reads_its_translation_and_falls_back_to_japanese(world):
    activity = world["activity"]
    with translation.override("vi"):
        assert activity.translated_name == VI["activity"]
        assert str(activity) == VI["activity"]
    with translation.override("ko"):  # not translated into Korean: Japanese
        assert activity.translated_name == "居場所づくり"
    with translation.override("ja-x-easy"):
        assert activity.translated_name == "安心して いられる 場所を つくる"
    assert activity.translated("name", "ja") == "居場所づくり"


def test_directory_filters_and_cards_are_in_the_readers_language(client, world):
    activity_id = world["activity"].pk
    vietnamese = client.get("/vi/organisations/").content.decode()
    assert VI["activity"] in vietnamese
    assert VI["target"] in vietnamese
    assert VI["group"] in vietnamese
    # The filter's values are the same ids in every language.
    assert f'name="activity" value="{activity_id}"' in vietnamese
    filtered = client.get(f"/vi/organisations/?activity={activity_id}")
    assert [org.name for org in filtered.context["organisations"]] == ["みかんの木"]
    japanese = client.get("/organisations/").content.decode()
    assert VI["activity"] not in japanese
    assert "居場所づくり" in japanese


def test_write_up_filters_and_cards_are_in_the_readers_language(client, world):
    html = client.get("/vi/practices/").content.decode()
    assert html.count(VI["activity"]) >= 2  # the filter and the card
    assert VI["target"] in html


def test_subcommittee_name_and_theme_are_in_the_readers_language(client, world):
    listing = client.get("/vi/subcommittees/").content.decode()
    assert VI["subcommittee"] in listing
    assert VI["theme"] in listing
    assert VI["target"] in listing
    detail = client.get("/vi/subcommittees/kaimono/").content.decode()
    assert re.search(rf"<h1[^>]*>{re.escape(VI['subcommittee'])}</h1>", detail)
    korean = client.get("/ko/subcommittees/kaimono/").content.decode()
    assert "移動・買い物支援分科会" in korean  # no Korean name: the Japanese one


def test_finder_target_filter_is_in_the_readers_language(client, world):
    html = client.get("/vi/support/").content.decode()
    assert f">{VI['target']}<" in html
    window = client.get("/vi/support/tabunka/").content.decode()
    assert VI["target"] in window


def test_the_site_name_follows_the_reader(client, world):
    html = client.get("/vi/organisations/").content.decode()
    assert "Tsunagari Net" in html
    assert "つながりネット" in client.get("/organisations/").content.decode()
