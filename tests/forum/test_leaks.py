"""Canary leak tests for the forums (SECURITY.md C1/C2/C3, forum part).

Unique strings are planted in a members-only subcommittee's topic subject,
post body, attachment name and content, poll question and option, and in a
post still awaiting approval. Every forum surface is fetched as each persona;
a canary the persona may not read must appear nowhere (body or headers), and
the ones they may read must appear (recall). The same crawl runs again after
each state change: member removed, subcommittee made members-only, topic
moved into a members-only forum, post unapproved.

The site search (/search/, every language prefix, every kind, snippets
included) is part of the crawl; its index is filled once, when the world is
planted, so the re-runs after each state change also show that search
filters at query time rather than trusting what the index still holds. A
members-only meeting record of S1 carries canaries too. Pages are checked
with their tags stripped as well, since a snippet's <mark> can split a
canary in the HTML.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.html import strip_tags

import pytest
from machina.core.db.models import get_model

from cms.models import OutboundEmail
from forum import notifications
from forum.models import PostEvent
from subcommittees import services as subcommittee_services
from subcommittees.models import MeetingRecord, Subcommittee, SubcommitteeMembership
from tests.organisations.conftest import make_personas
from tests.search.helpers import index_everything
from tests.worlds import module_media, per_test_fixtures

from .conftest import attach, forum_url, make_s1, make_s2, make_topic, reply, url_of

TopicPoll = get_model("forum_polls", "TopicPoll")
TopicPollOption = get_model("forum_polls", "TopicPollOption")

pytestmark = pytest.mark.django_db

S1_CANARIES = {
    "subject": "KANARIA-S1-subj-7f3a",
    "body": "KANARIA-S1-body-91c2",
    "attachment name": "KANARIA-S1-file-55d0",
    "attachment content": "KANARIA-S1-content-e4b1",
    "poll question": "KANARIA-S1-pollq-0a9e",
    "poll option": "KANARIA-S1-pollopt-c3f8",
    "meeting title": "KANARIA-S1-meeting-2b7d",
    "meeting minutes": "KANARIA-S1-minutes-8e1f",
}
S2_PUBLIC = "PUBLIC-S2-subj-12ab"
S2_PUBLIC_BODY = "PUBLIC-S2-body-34cd"
PENDING = "KANARIA-S2-pending-6e6e"

CHECKS = {"count": 0}  # canary assertions made (reported in the closing note)


class World:
    pass


# The attachment's file is written once, for the module's world.
globals().update(module_media("leaks-media"))


@pytest.fixture(scope="module")
def planted(module_db, media):
    """The personas and the planted world, built once for the module (tests/worlds.py).

    Each test runs in a savepoint of its own, so the state changes it makes
    (a member removed, a post unapproved) are gone for the next one.
    """
    people = make_personas()
    coordinator, member = people["org_a_admin"], people["org_a_staff"]
    other_member, outsider = people["org_b_admin"], people["outsider"]
    secretariat = people["secretariat"]
    s1 = make_s1(secretariat, coordinator, member)
    s2 = make_s2(secretariat, other_member)
    w = World()
    w.s1, w.s2 = s1, s2
    w.s1_topic, w.s1_post = make_topic(
        s1.forum, coordinator, S1_CANARIES["subject"], f"秘密の相談 {S1_CANARIES['body']}"
    )
    w.attachment = attach(
        w.s1_post,
        f"{S1_CANARIES['attachment name']}.pdf",
        f"%PDF-1.4 {S1_CANARIES['attachment content']}".encode(),
    )
    poll = TopicPoll.objects.create(
        topic=w.s1_topic, question=S1_CANARIES["poll question"], max_options=1
    )
    TopicPollOption.objects.create(poll=poll, text=S1_CANARIES["poll option"])
    TopicPollOption.objects.create(poll=poll, text="いいえ")
    w.s1_topic.subscribers.add(member, coordinator)
    w.s2_topic, w.s2_post = make_topic(
        s2.forum, other_member, S2_PUBLIC, f"公開の話題 {S2_PUBLIC_BODY}"
    )
    w.pending = reply(w.s2_topic, other_member, f"承認待ち {PENDING}", approved=False)
    w.s2_topic.subscribers.add(member, outsider)
    w.meeting = MeetingRecord.objects.create(
        subcommittee=s1,
        date="2026-10-01",
        title=f"定例会 {S1_CANARIES['meeting title']}",
        agenda="見守りの相談",
        minutes=f"議事録 {S1_CANARIES['meeting minutes']}",
        visibility=MeetingRecord.Visibility.MEMBERS,
    )
    for event in PostEvent.objects.all():
        notifications.process_event(event.pk)
    index_everything()
    return {
        "world": w,
        "coordinator": coordinator,
        "member": member,
        "other_member": other_member,
        "outsider": outsider,
        "secretariat": secretariat,
    }


globals().update(
    per_test_fixtures(
        "planted", ["world", "coordinator", "member", "other_member", "outsider", "secretariat"]
    )
)

# The crawls of the world as planted, by viewer: the tests that look at it
# unchanged (the first two) see the same pages, so the second one reuses them.
PRISTINE_CRAWLS = {}


def pristine_crawl(client, w, viewer):
    """``crawl`` of the unchanged world, made once per viewer for the module."""
    who = getattr(viewer, "username", "anonymous")
    if who not in PRISTINE_CRAWLS:
        PRISTINE_CRAWLS[who] = crawl(client, w, viewer)
    return dict(PRISTINE_CRAWLS[who])


def search_urls():
    """The site search for the canaries' common word, in every language, and by kind."""
    urls = []
    for code, _name in settings.LANGUAGES:
        prefix = "" if code == settings.LANGUAGE_CODE else f"/{code}"
        urls.append(f"{prefix}/search/?q=KANARIA")
    return urls + [
        "/search/?q=PUBLIC",
        "/search/?q=秘密の相談",
        "/search/?q=議事録&kind=meeting",
        "/en/search/?q=定例会",
        "/search/?q=KANARIA&kind=forum",
        "/search/?q=KANARIA&kind=subcommittee",
        "/search/?q=ひきこもり",
    ]


def surfaces(w, viewer):
    s1, s2 = w.s1.forum, w.s2.forum
    urls = [
        "/forum/",
        forum_url(s1),
        forum_url(s2),
        url_of(w.s1_topic),
        url_of(w.s2_topic),
        f"/forum/member/profile/{w.s1_post.poster_id}/",
        f"/forum/member/profile/{w.s1_post.poster_id}/posts/",
        f"/forum/member/profile/{w.pending.poster_id}/",
        f"/forum/member/profile/{w.pending.poster_id}/posts/",
        "/forum/member/subscriptions/",
        "/forum/tracking/unread-topics/",
        "/forum/moderation/queue/",
        f"/forum/moderation/queue/{w.pending.pk}/",
        f"/forum/moderation/queue/{w.s1_post.pk}/",
        "/forum/feeds/topics/",
        f"/forum/feeds/forum/{s1.slug}-{s1.pk}/topics/",
        f"/forum/feeds/forum/{s1.slug}-{s1.pk}/topics/all/",
        f"/forum/feeds/forum/{s2.slug}-{s2.pk}/topics/",
        "/forum/search/?q=KANARIA",
        "/forum/search/?q=PUBLIC",
        f"/forum/attachment/{w.attachment.pk}/",
        "/subcommittees/",
        f"/subcommittees/{w.s1.slug}/",
        f"/subcommittees/{w.s2.slug}/",
        f"/subcommittees/{w.s1.slug}/meetings/",
        f"/subcommittees/{w.s1.slug}/meetings/{w.meeting.pk}/",
        *search_urls(),
    ]
    if viewer.is_authenticated:
        urls.append(f"/forum/member/profile/{viewer.pk}/posts/")
    return urls


def crawl(client, w, viewer):
    client.logout()
    if viewer.is_authenticated:
        client.force_login(viewer)
    pages = {}
    for url in surfaces(w, viewer):
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
        html = content.decode("utf-8", "replace")
        pages[url] = f"{html}\n{strip_tags(html)}\n{headers}"
    return pages


def mails_of(user, since=0):
    """The user's e-mails (those queued after outbox row ``since``)."""
    if not user.is_authenticated:
        return {}
    return {
        f"mail #{email.pk}": email.subject + "\n" + email.body
        for email in OutboundEmail.objects.filter(pk__gt=since)
        if user.email in email.to
    }


def last_mail_id():
    return OutboundEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def assert_absent(pages, canaries, who):
    for where, text in pages.items():
        for canary in canaries:
            CHECKS["count"] += 1
            assert canary not in text, f"{canary} leaked to {who} in {where}"


def assert_present(pages, canary, who, minimum=1):
    CHECKS["count"] += 1
    found = [where for where, text in pages.items() if canary in text]
    assert len(found) >= minimum, f"{who} cannot see {canary} (over-filtering)"
    return found


def s1_canaries():
    return list(S1_CANARIES.values())


def check_s1_visibility(client, w, allowed, denied, mails_since=0, crawler=crawl):
    for viewer in denied:
        who = getattr(viewer, "username", "anonymous")
        pages = crawler(client, w, viewer)
        pages.update(mails_of(viewer, since=mails_since))
        assert_absent(pages, s1_canaries(), who)
    for viewer in allowed:
        who = viewer.username
        pages = crawler(client, w, viewer)
        for canary in s1_canaries():
            assert_present(pages, canary, who)
        # The topic page, the posts list, the feed, search and subscriptions.
        assert_present(pages, S1_CANARIES["subject"], who, minimum=6)
        # The site search finds the topic, the post and the record (titles, snippets).
        searched = {url: text for url, text in pages.items() if url in search_urls()}
        for name in ("subject", "body", "meeting title", "meeting minutes"):
            assert_present(searched, S1_CANARIES[name], f"{who} (search)")
        assert_present(searched, S1_CANARIES["subject"], f"{who} (search, en)", minimum=2)


def test_members_only_canaries(client, world, member, coordinator, other_member, outsider):
    check_s1_visibility(
        client,
        world,
        allowed=[member, coordinator],
        denied=[AnonymousUser(), outsider, other_member],
        crawler=pristine_crawl,
    )
    # The members were told by e-mail; the others were not.
    assert any(S1_CANARIES["subject"] in text for text in mails_of(member).values())


def test_pending_post_is_shown_only_to_poster_and_moderators(
    client, world, member, other_member, outsider, secretariat
):
    for viewer in (AnonymousUser(), outsider, member):
        pages = pristine_crawl(client, world, viewer)
        pages.update(mails_of(viewer))
        assert_absent(pages, [PENDING], getattr(viewer, "username", "anonymous"))
        assert_present(pages, S2_PUBLIC_BODY, getattr(viewer, "username", "anonymous"))
    # machina shows a held post in the moderation queue, not in the topic.
    assert_present(pristine_crawl(client, world, other_member), PENDING, "S2 coordinator (poster)")
    assert_present(pristine_crawl(client, world, secretariat), PENDING, "secretariat")


def test_after_member_removed(client, world, member, coordinator, secretariat, outsider):
    membership = SubcommitteeMembership.objects.get(subcommittee=world.s1, user=member)
    since = last_mail_id()
    subcommittee_services.remove_member(membership, by=secretariat)
    # A new post after the removal reaches the remaining members only.
    reply(world.s1_topic, coordinator, f"退会後の投稿 {S1_CANARIES['body']}")
    for event in PostEvent.objects.filter(processed_at=None):
        notifications.process_event(event.pk)
    check_s1_visibility(
        client, world, allowed=[coordinator], denied=[member, outsider], mails_since=since
    )


def test_after_subcommittee_made_members_only(
    client, world, member, other_member, outsider, secretariat
):
    subcommittee_services.change_visibility(
        world.s2, Subcommittee.Visibility.MEMBERS, by=secretariat
    )
    for viewer in (AnonymousUser(), outsider, member):
        pages = crawl(client, world, viewer)
        assert_absent(pages, [S2_PUBLIC, S2_PUBLIC_BODY, PENDING], str(viewer))
    pages = crawl(client, world, other_member)
    assert_present(pages, S2_PUBLIC, "S2 member", minimum=3)


def test_after_topic_moved_into_members_only_forum(
    client, world, member, other_member, outsider, coordinator
):
    topic = world.s2_topic
    topic.forum = world.s1.forum
    topic.save()
    for viewer in (AnonymousUser(), outsider, other_member):
        pages = crawl(client, world, viewer)
        assert_absent(pages, [S2_PUBLIC, S2_PUBLIC_BODY], getattr(viewer, "username", "anon"))
    assert_present(crawl(client, world, member), S2_PUBLIC_BODY, "S1 member")


def test_after_post_unapproved(client, world, member, coordinator, outsider):
    post = world.s1_post
    post.approved = False
    post.save()
    for viewer in (member, outsider, AnonymousUser()):
        pages = crawl(client, world, viewer)
        assert_absent(
            pages,
            [S1_CANARIES["body"], S1_CANARIES["attachment content"]],
            getattr(viewer, "username", "anonymous"),
        )


def test_canary_assertions_were_made():
    """Runs last in this module (pytest keeps file order): the count for the report."""
    print(f"\ncanary assertions in test_leaks: {CHECKS['count']}")  # noqa: T201
    assert CHECKS["count"] > 1000
