"""A small forum world for the forum tests (SECURITY.md's fixture world, forum part).

- S1 "members-only": coordinator ``coordinator`` (org A admin), member
  ``member`` (org A staff);
- S2 "public": coordinator ``other_member`` (org B admin) — a member of
  another subcommittee as seen from S1;
- ``outsider`` is signed in but staff of no member organisation;
- ``secretariat`` is in the 事務局 group.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from machina.core.db.models import get_model

from subcommittees import services as subcommittee_services
from subcommittees.models import Subcommittee, SubcommitteeMembership
from tests.organisations import conftest as personas

# The organisation personas, shared (pytest finds fixtures by name here).
org_a = personas.org_a
org_b = personas.org_b
org_a_admin = personas.org_a_admin
org_a_staff = personas.org_a_staff
org_b_admin = personas.org_b_admin
outsider = personas.outsider
secretariat = personas.secretariat

Attachment = get_model("forum_attachments", "Attachment")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")
TopicPoll = get_model("forum_polls", "TopicPoll")
TopicPollOption = get_model("forum_polls", "TopicPollOption")

PDF = b"%PDF-1.4\n% test file\n"


@pytest.fixture
def coordinator(org_a_admin):
    return org_a_admin


@pytest.fixture
def member(org_a_staff):
    return org_a_staff


@pytest.fixture
def other_member(org_b_admin):
    return org_b_admin


@pytest.fixture
def s1(secretariat, coordinator, member):
    return make_s1(secretariat, coordinator, member)


@pytest.fixture
def s2(secretariat, other_member):
    return make_s2(secretariat, other_member)


def make_s1(secretariat, coordinator, member):
    """S1, members-only: ``coordinator`` coordinates it, ``member`` is a member."""
    subcommittee = subcommittee_services.create_subcommittee(
        by=secretariat,
        coordinators=[coordinator],
        name="ひきこもり支援分科会",
        slug="s1",
        theme="ひきこもり",
        visibility=Subcommittee.Visibility.MEMBERS,
        join_policy=Subcommittee.JoinPolicy.REQUEST,
    )
    SubcommitteeMembership.objects.create(subcommittee=subcommittee, user=member)
    subcommittee_services.sync_forum(subcommittee)
    return subcommittee


def make_s2(secretariat, other_member):
    """S2, public and open: ``other_member`` coordinates it."""
    return subcommittee_services.create_subcommittee(
        by=secretariat,
        coordinators=[other_member],
        name="こども食堂分科会",
        slug="s2",
        theme="こども食堂",
        visibility=Subcommittee.Visibility.PUBLIC,
        join_policy=Subcommittee.JoinPolicy.OPEN,
    )


def make_topic(forum, poster, subject, content="本文です。", approved=True):
    topic = Topic.objects.create(
        forum=forum,
        poster=poster,
        subject=subject,
        type=Topic.TOPIC_POST,
        status=Topic.TOPIC_UNLOCKED,
        approved=approved,
    )
    post = Post.objects.create(
        topic=topic, poster=poster, subject=subject, content=content, approved=approved
    )
    topic.refresh_from_db()
    return topic, post


def reply(topic, poster, content, approved=True):
    post = Post.objects.create(
        topic=topic,
        poster=poster,
        subject=f"Re: {topic.subject}",
        content=content,
        approved=approved,
    )
    topic.refresh_from_db()
    return post


def attach(post, name, content=PDF):
    return Attachment.objects.create(post=post, file=SimpleUploadedFile(name, content))


def url_of(topic):
    return f"/forum/forum/{topic.forum.slug}-{topic.forum.pk}/topic/{topic.slug}-{topic.pk}/"


def forum_url(forum):
    return f"/forum/forum/{forum.slug}-{forum.pk}/"
