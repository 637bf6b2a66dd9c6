"""The demo subcommittees: three of them, one members-only, with topics; safe to run twice."""

from django.urls import reverse

import pytest
from machina.apps.forum_conversation.models import Post, Topic

from cms.models import OutboundEmail
from demo.organisations import ensure_organisations
from demo.subcommittees import ensure_subcommittees
from forum.models import PostEvent
from subcommittees import access
from subcommittees.models import JoinRequest, MeetingRecord, Subcommittee

pytestmark = pytest.mark.django_db


def test_demo_subcommittees(client, django_user_model, django_capture_on_commit_callbacks):
    ensure_organisations()
    with django_capture_on_commit_callbacks(execute=True):
        assert ensure_subcommittees() == (3, 0)
    # Demo posts e-mail nobody: no event recorded, nothing in the outbox.
    assert Post.objects.exists() and not PostEvent.objects.exists()
    assert not OutboundEmail.objects.exists()
    assert Subcommittee.objects.count() == 3
    private = Subcommittee.objects.get(slug="hikikomori-kazoku")
    assert private.is_members_only
    assert Subcommittee.objects.filter(visibility="public").count() == 2
    for subcommittee in Subcommittee.objects.all():
        assert subcommittee.forum is not None
        assert subcommittee.memberships.filter(role="coordinator").exists()
        assert subcommittee.memberships.count() >= 3
        assert Topic.objects.filter(forum=subcommittee.forum, approved=True).exists()
        assert MeetingRecord.objects.filter(subcommittee=subcommittee).exists()
    assert Post.objects.filter(topic__forum=private.forum).count() >= 3
    assert JoinRequest.objects.filter(subcommittee=private, status="pending").exists()

    # A second run creates nothing.
    topics, posts = Topic.objects.count(), Post.objects.count()
    assert ensure_subcommittees() == (0, 3)
    assert (Topic.objects.count(), Post.objects.count()) == (topics, posts)

    # A member reads the members-only one and its topics; an anonymous visitor does not.
    member = django_user_model.objects.get(username="org-admin-aoi-soudan")
    assert access.can_read(member, private)
    client.force_login(member)
    page = client.get(reverse("subcommittees:detail", args=[private.slug])).content.decode()
    assert "初回面談につなぐまでの工夫" in page
    client.logout()
    assert client.get(reverse("subcommittees:detail", args=[private.slug])).status_code == 404
    public_page = client.get(reverse("subcommittees:detail", args=["kodomo-ibasho"]))
    assert "夏休みの開所日、どうしていますか" in public_page.content.decode()
