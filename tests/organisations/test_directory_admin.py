"""The taxonomy admin: activity types, target groups and prefectures under 「分類」."""

from django.urls import reverse

import pytest

from organisations.models import ActivityGroup, ActivityType, Prefecture, TargetGroup

from .factories import ApplicationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_secretariat_finds_the_vocabularies_under_one_menu(as_persona, secretariat):
    client = as_persona("secretariat")
    html = client.get("/admin/").content.decode()
    # The sidebar is rendered from JSON, where 「分類」 is escaped.
    assert "分類".encode("unicode_escape").decode() in html
    for name in ("activitygroup", "activitytype", "targetgroup", "prefecture"):
        assert client.get(reverse(f"{name}:index")).status_code == 200


def test_lists_follow_sort_order(as_persona, secretariat):
    TargetGroup.objects.filter(name="支援者支援").update(sort_order=0)
    html = as_persona("secretariat").get(reverse("targetgroup:index")).content.decode()
    assert html.index("支援者支援") < html.index("多世代")
    html = as_persona("secretariat").get(reverse("activitytype:index")).content.decode()
    assert html.index("交流の場の提供") < html.index("地域のNPO等への支援")


def test_secretariat_renames_and_adds_items(as_persona, secretariat):
    client = as_persona("secretariat")
    item = TargetGroup.objects.get(name="多世代")
    response = client.post(
        reverse("targetgroup:edit", args=[item.pk]), {"name": "多世代・地域全体", "sort_order": 1}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.name == "多世代・地域全体"
    group = ActivityGroup.objects.get(name="つながりの場づくり")
    response = client.post(
        reverse("activitytype:add"), {"group": group.pk, "name": "農福連携", "sort_order": 5}
    )
    assert response.status_code == 302
    assert ActivityType.objects.filter(name="農福連携", group=group).exists()


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "org_a_admin"])
def test_others_cannot_open_it(as_persona, persona):
    response = as_persona(persona).get(reverse("activitytype:index"))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/login/" in response["Location"]


def test_secretariat_cannot_delete(as_persona, secretariat):
    item = TargetGroup.objects.get(name="LGBTQ")
    response = as_persona("secretariat").post(reverse("targetgroup:delete", args=[item.pk]))
    assert response.status_code in (302, 403)
    assert TargetGroup.objects.filter(pk=item.pk).exists()


def test_items_in_use_are_not_deleted(admin_client_su, db):
    organisation = OrganisationFactory(activities=[("居場所づくり", True)])
    used = ActivityType.objects.get(name="居場所づくり")

    page = admin_client_su.get(reverse("activitytype:delete", args=[used.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "使われているため削除できません" in html
    assert "Yes, delete" not in html and "はい、削除します" not in html

    response = admin_client_su.post(reverse("activitytype:delete", args=[used.pk]), follow=True)
    assert response.status_code == 200
    assert "使われているため削除できません" in response.content.decode()
    assert ActivityType.objects.filter(pk=used.pk).exists()
    assert organisation.activities.filter(activity_type=used).exists()

    # A group with items, a prefecture with organisations or applications.
    group = used.group
    response = admin_client_su.post(reverse("activitygroup:delete", args=[group.pk]), follow=True)
    assert ActivityGroup.objects.filter(pk=group.pk).exists()
    ApplicationFactory(prefecture=Prefecture.objects.get(code="13"))
    for code in ("38", "13"):
        prefecture = Prefecture.objects.get(code=code)
        admin_client_su.post(reverse("prefecture:delete", args=[prefecture.pk]))
        assert Prefecture.objects.filter(pk=prefecture.pk).exists()


def test_unused_items_can_be_deleted_by_a_superuser(admin_client_su, db):
    item = TargetGroup.objects.create(name="一時的な項目", sort_order=99)
    response = admin_client_su.post(reverse("targetgroup:delete", args=[item.pk]))
    assert response.status_code == 302
    assert not TargetGroup.objects.filter(pk=item.pk).exists()
