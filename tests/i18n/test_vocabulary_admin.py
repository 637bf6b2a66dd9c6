"""The secretariat writes the vocabulary's and subcommittees' translations in the admin,
and the demo supplies them for every language (demo/data/vocabulary.yaml)."""

from django.conf import settings
from django.urls import reverse

import pytest

from demo import vocabulary
from organisations.models import ActivityGroup, ActivityType, TargetGroup
from subcommittees.models import Subcommittee
from support.models import Trouble

pytestmark = pytest.mark.django_db

OTHER_LANGUAGES = {code for code, _name in settings.LANGUAGES} - {"ja"}


def test_the_edit_form_has_a_field_per_language_and_saves_them(admin_client_su):
    item = TargetGroup.objects.get(name="高齢者")
    url = reverse("targetgroup:edit", args=[item.pk])
    html = admin_client_su.get(url).content.decode()
    assert 'name="translation_vi_name"' in html
    assert 'name="translation_ja_x_easy_name"' in html
    assert "名称（Tiếng Việt）" in html
    response = admin_client_su.post(
        url,
        {
            "name": "高齢者",
            "sort_order": 4,
            "translation_vi_name": " Người cao tuổi ",
            "translation_ko_name": "",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.translations == {"vi": {"name": "Người cao tuổi"}}  # trimmed; empty dropped
    assert 'value="Người cao tuổi"' in admin_client_su.get(url).content.decode()


def test_a_translation_longer_than_the_limit_is_refused_and_nothing_is_lost(admin_client_su):
    item = ActivityType.objects.get(name="居場所づくり")
    url = reverse("activitytype:edit", args=[item.pk])
    response = admin_client_su.post(
        url,
        {
            "group": item.group_id,
            "name": "居場所づくりの場",
            "sort_order": 2,
            "translation_en_name": "x" * 201,
        },
    )
    assert response.status_code == 200
    assert 'value="居場所づくりの場"' in response.content.decode()
    item.refresh_from_db()
    assert item.name == "居場所づくり" and item.translations == {}


def test_subcommittee_admin_saves_name_and_theme_per_language(admin_client_su):
    subcommittee = Subcommittee.objects.create(name="居場所分科会", slug="ibasho", theme="居場所")
    url = reverse("subcommittee_admin:edit", args=[subcommittee.pk])
    response = admin_client_su.post(
        url,
        {
            "name": "居場所分科会",
            "slug": "ibasho",
            "theme": "居場所",
            "visibility": "public",
            "join_policy": "open",
            "is_active": "on",
            "translation_en_name": "Safe Places",
            "translation_en_theme": "Safe places for everyone",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    subcommittee.refresh_from_db()
    assert subcommittee.translations == {
        "en": {"name": "Safe Places", "theme": "Safe places for everyone"}
    }


def test_trouble_admin_saves_name_and_description_per_language(admin_client_su):
    trouble = Trouble.objects.get(slug="lonely")
    url = reverse("support_troubles:edit", args=[trouble.pk])
    html = admin_client_su.get(url).content.decode()
    assert 'name="translation_vi_name"' in html and 'name="translation_vi_description"' in html
    assert 'type="checkbox" name="target_groups"' in html
    targets = list(trouble.target_groups.values_list("pk", flat=True))
    response = admin_client_su.post(
        url,
        {
            "name": "ひとりでさびしい",
            "slug": "lonely",
            "sort_order": 1,
            "target_groups": targets,
            "translation_vi_name": "Tôi thấy cô đơn",
            "translation_ja_x_easy_description": "はなす 人が いない",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    trouble.refresh_from_db()
    assert trouble.translations == {
        "vi": {"name": "Tôi thấy cô đơn"},
        "ja-x-easy": {"description": "はなす 人が いない"},
    }
    assert list(trouble.target_groups.values_list("pk", flat=True)) == targets
    assert str(trouble) == "ひとりでさびしい"


def test_the_demo_translates_every_vocabulary_row_into_every_language():
    kept = TargetGroup.objects.get(name="高齢者")
    kept.translations = {"en": {"name": "Seniors"}}
    kept.save()
    assert vocabulary.ensure_translations() > 0
    for model in (ActivityGroup, ActivityType, TargetGroup, Trouble):
        for row in model.objects.all():
            assert set(row.translations) == OTHER_LANGUAGES, row.name
    kept.refresh_from_db()
    assert kept.translations["en"] == {"name": "Seniors"}  # an editor's text is kept
    assert kept.translations["vi"] == {"name": "Người cao tuổi"}
    assert vocabulary.ensure_translations() == 0  # a second run changes nothing


def test_the_demo_subcommittees_are_translated_into_every_language():
    for slug, languages in vocabulary.translations()["subcommittees"].items():
        assert set(languages) == OTHER_LANGUAGES, slug
        for texts in languages.values():
            assert texts["name"] and texts["theme"]
