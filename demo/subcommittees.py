"""Demo subcommittees (分科会) for ``manage.py load_demo``, from ``demo/data/subcommittees.yaml``.

``ensure_subcommittees(stdout)`` adds three subcommittees — two public, one
members-only — with coordinators and members from the demo organisations'
accounts (see ``demo.organisations``), a pending join request, meeting
records, and a few topics with replies in each forum. It runs after the demo
organisations exist, looks subcommittees up by slug and topics by subject, and
creates only what is missing, so a second run changes nothing.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from organisations import access as org_access
from subcommittees import services

from .files import read, text
from .site_models import (
    JoinRequest,
    MeetingRecord,
    Prefecture,
    Subcommittee,
    SubcommitteeRole,
    TargetGroup,
)


@dataclass(frozen=True)
class DemoTopic:
    subject: str
    poster: str  # username
    body: str
    replies: tuple[tuple[str, str], ...] = ()  # (username, body)


@dataclass(frozen=True)
class DemoMeeting:
    days_from_today: int
    title: str
    agenda: str
    minutes: str
    visibility: str


@dataclass(frozen=True)
class DemoSubcommittee:
    slug: str
    name: str
    theme: str
    description: str
    visibility: str
    join_policy: str
    prefectures: tuple[str, ...]
    municipalities: str
    target_groups: tuple[str, ...]
    coordinators: tuple[str, ...]
    members: tuple[str, ...]
    meetings: tuple[DemoMeeting, ...]
    topics: tuple[DemoTopic, ...]
    pending_requests: tuple[tuple[str, str], ...] = ()  # (username, message)


def _subcommittee(row) -> DemoSubcommittee:
    return DemoSubcommittee(
        slug=text(row["slug"]),
        name=text(row["name"]),
        theme=text(row["theme"]),
        description=text(row.get("description")),
        visibility=text(row["visibility"]),
        join_policy=text(row["join_policy"]),
        prefectures=tuple(row.get("prefectures") or ()),
        municipalities=text(row.get("municipalities")),
        target_groups=tuple(row.get("target_groups") or ()),
        coordinators=tuple(row.get("coordinators") or ()),
        members=tuple(row.get("members") or ()),
        pending_requests=tuple(
            (text(request["user"]), text(request["message"]))
            for request in row.get("pending_requests") or ()
        ),
        meetings=tuple(
            DemoMeeting(
                days_from_today=int(meeting["days_from_today"]),
                title=text(meeting["title"]),
                agenda=text(meeting.get("agenda")),
                minutes=text(meeting.get("minutes")),
                visibility=text(meeting["visibility"]),
            )
            for meeting in row.get("meetings") or ()
        ),
        topics=tuple(
            DemoTopic(
                subject=text(topic["subject"]),
                poster=text(topic["by"]),
                body=text(topic["text"]),
                replies=tuple(
                    (text(reply["by"]), text(reply["text"])) for reply in topic.get("replies") or ()
                ),
            )
            for topic in row.get("topics") or ()
        ),
    )


SUBCOMMITTEES = tuple(_subcommittee(row) for row in read("subcommittees.yaml")["subcommittees"])


def _users(usernames):
    """The demo accounts that exist and may be members (staff of an active member)."""
    found = get_user_model().objects.filter(username__in=usernames)
    by_name = {user.username: user for user in found}
    return [
        by_name[name]
        for name in usernames
        if name in by_name and org_access.is_member(by_name[name])
    ]


def ensure_subcommittees(stdout=None):
    """Create the missing demo subcommittees, memberships, meetings and topics."""
    created = found = topics = 0
    with transaction.atomic():
        for demo in SUBCOMMITTEES:
            subcommittee = Subcommittee.objects.filter(slug=demo.slug).first()
            if subcommittee is None:
                subcommittee = _create(demo)
                created += 1
            else:
                found += 1
            topics += _ensure_topics(subcommittee, demo)
    if stdout is not None:
        stdout.write(
            f"  分科会 / subcommittees      作成 created {created:>2}   既存 found {found:>2}"
            f"   話題 topics {topics:>2}"
        )
    return created, found


def _create(demo):
    subcommittee = Subcommittee.objects.create(
        slug=demo.slug,
        name=demo.name,
        theme=demo.theme,
        description=demo.description,
        visibility=demo.visibility,
        join_policy=demo.join_policy,
        municipalities=demo.municipalities,
    )
    subcommittee.prefectures.set(Prefecture.objects.filter(name__in=demo.prefectures))
    subcommittee.target_groups.set(TargetGroup.objects.filter(name__in=demo.target_groups))
    for user in _users(demo.coordinators):
        services._add_member(subcommittee, user, SubcommitteeRole.COORDINATOR)
    for user in _users(demo.members):
        services._add_member(subcommittee, user)
    for user in _users([name for name, _message in demo.pending_requests]):
        message = dict(demo.pending_requests)[user.username]
        JoinRequest.objects.get_or_create(
            subcommittee=subcommittee, user=user, status="pending", defaults={"message": message}
        )
    services.ensure_forum(subcommittee)
    services.sync_forum(subcommittee)
    today = timezone.localdate()
    coordinator = next(iter(_users(demo.coordinators)), None)
    for meeting in demo.meetings:
        MeetingRecord.objects.create(
            subcommittee=subcommittee,
            date=today + datetime.timedelta(days=meeting.days_from_today),
            title=meeting.title,
            agenda=meeting.agenda,
            minutes=meeting.minutes,
            visibility=meeting.visibility,
            created_by=coordinator,
        )
    return subcommittee


def _ensure_topics(subcommittee, demo):
    """Topics and approved replies in the subcommittee's forum (once the forum exists)."""
    if subcommittee.forum_id is None:
        return 0
    from forum.notifications import silenced

    # Loading demo data e-mails nobody: no post event is recorded for these posts.
    with silenced():
        created = _create_topics(subcommittee, demo)
    if created:
        subcommittee.forum.refresh_from_db()
        subcommittee.forum.update_trackers()
    return created


def _create_topics(subcommittee, demo):
    from machina.apps.forum_conversation.models import Post, Topic

    users = {user.username: user for user in _users(demo.coordinators + demo.members)}
    created = 0
    for spec in demo.topics:
        poster = users.get(spec.poster)
        if poster is None:
            continue
        if Topic.objects.filter(forum_id=subcommittee.forum_id, subject=spec.subject).exists():
            continue
        topic = Topic.objects.create(
            forum_id=subcommittee.forum_id,
            poster=poster,
            subject=spec.subject,
            type=Topic.TOPIC_POST,
            status=Topic.TOPIC_UNLOCKED,
            approved=True,
        )
        Post.objects.create(
            topic=topic, poster=poster, subject=spec.subject, content=spec.body, approved=True
        )
        for username, body in spec.replies:
            replier = users.get(username)
            if replier is not None:
                Post.objects.create(
                    topic=topic,
                    poster=replier,
                    subject=f"Re: {spec.subject}",
                    content=body,
                    approved=True,
                )
        created += 1
    return created
