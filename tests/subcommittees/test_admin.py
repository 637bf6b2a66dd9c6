"""The secretariat's Wagtail admin for subcommittees."""

from django.urls import reverse

import pytest

from organisations.models import Prefecture, TargetGroup
from subcommittees import access
from subcommittees.models import Subcommittee, SubcommitteeMembership

pytestmark = pytest.mark.django_db


def form_data(coordinator, **overrides):
    data = {
        "name": "居場所づくり分科会",
        "slug": "ibasho-admin",
        "theme": "居場所づくり",
        "description": "説明",
        "prefectures": [Prefecture.objects.get(code="38").pk],
        "municipalities": "松山市",
        "target_groups": [TargetGroup.objects.get(name="高齢者").pk],
        "visibility": "members",
        "join_policy": "request",
        "is_active": "on",
        "coordinators": [coordinator.pk],
    }
    data.update(overrides)
    return data


def test_secretariat_creates_a_subcommittee_with_its_forum(client, secretariat, coordinator):
    client.force_login(secretariat)
    assert client.get(reverse("subcommittee_admin:add")).status_code == 200
    response = client.post(reverse("subcommittee_admin:add"), form_data(coordinator))
    assert response.status_code == 302, response.content.decode()[:2000]
    subcommittee = Subcommittee.objects.get(slug="ibasho-admin")
    assert subcommittee.forum is not None
    assert access.is_coordinator(coordinator, subcommittee)
    assert subcommittee.forum_id in access.readable_forum_ids(coordinator)
    assert subcommittee.forum_id not in access.readable_forum_ids(
        type(coordinator).objects.create(username="nobody")
    )
    assert list(subcommittee.prefectures.values_list("code", flat=True)) == ["38"]
    index = client.get(reverse("subcommittee_admin:index"))
    assert index.status_code == 200 and "居場所づくり分科会" in index.content.decode()
    assert client.get(reverse("subcommittee_admin:edit", args=[subcommittee.pk])).status_code == 200


def test_editing_changes_coordinators_and_visibility(
    client, secretariat, s1, coordinator, member, outsider
):
    client.force_login(secretariat)
    data = form_data(member, slug="kodomo", visibility="public")
    response = client.post(reverse("subcommittee_admin:edit", args=[s1.pk]), data)
    assert response.status_code == 302
    s1.refresh_from_db()
    assert s1.visibility == "public"
    assert access.is_coordinator(member, s1)
    assert not access.is_coordinator(coordinator, s1)
    assert SubcommitteeMembership.objects.filter(subcommittee=s1, user=coordinator).exists()
    assert access.can_read(outsider, s1)


def test_outsiders_cannot_be_coordinators(client, secretariat, outsider):
    client.force_login(secretariat)
    response = client.post(reverse("subcommittee_admin:add"), form_data(outsider))
    assert response.status_code == 200
    assert not Subcommittee.objects.filter(slug="ibasho-admin").exists()


def test_non_ascii_slug_is_refused(client, secretariat, coordinator):
    client.force_login(secretariat)
    client.post(reverse("subcommittee_admin:add"), form_data(coordinator, slug="いばしょ"))
    assert not Subcommittee.objects.exists()


@pytest.mark.parametrize("persona", ["coordinator", "member", "outsider"])
def test_only_the_secretariat(client, request, persona, s1):
    client.force_login(request.getfixturevalue(persona))
    for url in (
        reverse("subcommittee_admin:index"),
        reverse("subcommittee_admin:add"),
        reverse("subcommittee_admin:edit", args=[s1.pk]),
    ):
        assert client.get(url).status_code in (302, 403), url
    data = form_data(request.getfixturevalue(persona), slug="kodomo", visibility="public")
    client.post(reverse("subcommittee_admin:edit", args=[s1.pk]), data)
    s1.refresh_from_db()
    assert s1.visibility == "members"


def test_no_delete(client, secretariat, s1):
    client.force_login(secretariat)
    response = client.post(reverse("subcommittee_admin:delete", args=[s1.pk]))
    assert response.status_code in (302, 403)
    assert Subcommittee.objects.filter(pk=s1.pk).exists()
