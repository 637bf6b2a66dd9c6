"""Forum e-mails: after commit, access re-checked at send time, once only, unsubscribe."""

from unittest import mock

from django.core import mail

import pytest

from cms.models import OutboundEmail
from forum import notifications
from forum.models import NotificationDelivery, PostEvent
from subcommittees import services as subcommittee_services
from subcommittees.models import SubcommitteeMembership

from .conftest import make_topic, reply

pytestmark = pytest.mark.django_db


def emails_to(user):
    return [email for email in OutboundEmail.objects.all() if user.email in email.to]


def topic_form(subject, content):
    return {
        "subject": subject,
        "content": content,
        "topic_type": "0",
        "attachment-TOTAL_FORMS": "0",
        "attachment-INITIAL_FORMS": "0",
        "poll-TOTAL_FORMS": "0",
        "poll-INITIAL_FORMS": "0",
    }


def test_new_topic_over_http_emails_the_other_members_after_commit(
    client, s1, member, coordinator, other_member, outsider, django_capture_on_commit_callbacks
):
    client.force_login(member)
    url = f"/forum/forum/{s1.forum.slug}-{s1.forum.pk}/topic/create/"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url, topic_form("KANARIA-N1 会議の件", "KANARIA-N1 本文"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert callbacks  # enqueued only after commit
    to_coordinator = emails_to(coordinator)
    assert len(to_coordinator) == 1
    assert "KANARIA-N1" in to_coordinator[0].subject
    assert "ひきこもり支援分科会" in to_coordinator[0].subject
    assert "/forum/unsubscribe/" in to_coordinator[0].body
    assert emails_to(member) == []  # not the poster
    assert emails_to(other_member) == [] and emails_to(outsider) == []
    # Delivered through the outbox to Django's mail.
    assert any(coordinator.email in message.to for message in mail.outbox)


def test_task_running_twice_sends_once(s1, member, coordinator):
    _topic, post = make_topic(s1.forum, member, "二重送信テスト")
    event = PostEvent.objects.get(post=post, kind=PostEvent.Kind.PUBLISHED)
    assert notifications.process_event(event.pk) == 1
    assert notifications.process_event(event.pk) == 0
    PostEvent.objects.filter(pk=event.pk).update(processed_at=None)  # a re-delivered task
    assert notifications.process_event(event.pk) == 0
    assert len(emails_to(coordinator)) == 1
    assert NotificationDelivery.objects.filter(post=post, user=coordinator).count() == 1


def test_access_is_rechecked_when_sending(s1, member, coordinator, secretariat):
    _topic, post = make_topic(s1.forum, coordinator, "KANARIA-N2 退会前の投稿")
    event = PostEvent.objects.get(post=post)
    membership = SubcommitteeMembership.objects.get(subcommittee=s1, user=member)
    subcommittee_services.remove_member(membership, by=secretariat)
    notifications.process_event(event.pk)
    assert emails_to(member) == []


def test_member_of_suspended_organisation_gets_nothing(s1, member, coordinator, org_a):
    from organisations.choices import OrganisationStatus

    _topic, post = make_topic(s1.forum, coordinator, "停止後の投稿")
    org_a.status = OrganisationStatus.SUSPENDED
    org_a.save()
    notifications.process_event(PostEvent.objects.get(post=post).pk)
    assert emails_to(member) == []


def test_unapproved_post_notifies_coordinators_only_then_members_on_approval(
    s1, member, coordinator
):
    topic, _post = make_topic(s1.forum, coordinator, "承認テスト")
    held = reply(topic, member, "KANARIA-N3 承認待ち", approved=False)
    OutboundEmail.objects.all().delete()
    notifications.process_event(PostEvent.objects.get(post=held, kind="held").pk)
    [notice] = emails_to(coordinator)
    assert "承認待ち" in notice.subject and "KANARIA-N3" not in notice.body
    assert emails_to(member) == []
    held.approved = True
    held.save()
    notifications.process_event(PostEvent.objects.get(post=held, kind="published").pk)
    assert any("承認テスト" in email.subject for email in emails_to(coordinator))


def test_daily_digest_once(s1, member, coordinator):
    SubcommitteeMembership.objects.filter(user=member).update(notify="daily")
    for number in range(3):
        _topic, post = make_topic(s1.forum, coordinator, f"KANARIA-D{number} まとめ")
        notifications.process_event(PostEvent.objects.get(post=post).pk)
    assert emails_to(member) == []
    assert notifications.send_daily_digests(force=True) == 1
    [digest] = emails_to(member)
    assert all(f"KANARIA-D{number}" in digest.body for number in range(3))
    assert notifications.send_daily_digests(force=True) == 0
    assert len(emails_to(member)) == 1


def test_digest_drops_posts_the_member_can_no_longer_read(s1, member, coordinator, secretariat):
    SubcommitteeMembership.objects.filter(user=member).update(notify="daily")
    _topic, post = make_topic(s1.forum, coordinator, "KANARIA-D9 消える投稿")
    notifications.process_event(PostEvent.objects.get(post=post).pk)
    membership = SubcommitteeMembership.objects.get(subcommittee=s1, user=member)
    subcommittee_services.remove_member(membership, by=secretariat)
    notifications.send_daily_digests(force=True)
    assert emails_to(member) == []


def test_notify_none_sends_nothing(s1, member, coordinator):
    SubcommitteeMembership.objects.filter(user=member).update(notify="none")
    _topic, post = make_topic(s1.forum, coordinator, "通知なし")
    notifications.process_event(PostEvent.objects.get(post=post).pk)
    notifications.send_daily_digests(force=True)
    assert emails_to(member) == []


def test_broker_down_loses_nothing(s1, member, coordinator, django_capture_on_commit_callbacks):
    broker_down = mock.patch("forum.tasks.process_post_event.delay", side_effect=ConnectionError)
    with broker_down, django_capture_on_commit_callbacks(execute=True):
        _topic, post = make_topic(s1.forum, member, "ブローカー停止中")
    event = PostEvent.objects.get(post=post)
    assert event.processed_at is None and emails_to(coordinator) == []
    for event_id in notifications.pending_event_ids(older_than_seconds=0):
        notifications.process_event(event_id)
    assert len(emails_to(coordinator)) == 1


def test_email_in_members_language(s1, member, coordinator):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(coordinator)
    profile.preferred_language = "en"
    profile.save()
    assert notifications.user_language(coordinator) == "en"
    assert notifications.user_language(member) == "ja"
    _topic, post = make_topic(s1.forum, member, "言語")
    notifications.process_event(PostEvent.objects.get(post=post).pk)
    [email] = emails_to(coordinator)
    assert "/en/forum/" in email.body


def test_unsubscribe_link_works_without_login(client, s1, member):
    membership = SubcommitteeMembership.objects.get(subcommittee=s1, user=member)
    url = notifications.unsubscribe_url(membership).split("testserver", 1)[-1]
    response = client.get(url)
    assert response.status_code == 200 and "ひきこもり支援分科会" in response.content.decode()
    membership.refresh_from_db()
    assert membership.notify == "instant"  # a GET (link scanners) changes nothing
    response = client.post(url)
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.notify == "none"


def test_unsubscribe_with_forged_token_is_404(client, s1, member):
    membership = SubcommitteeMembership.objects.get(subcommittee=s1, user=member)
    token = notifications.unsubscribe_token(membership)
    assert client.post(f"/forum/unsubscribe/{token}x/").status_code == 404
    assert client.get("/forum/unsubscribe/nonsense/").status_code == 404
    membership.refresh_from_db()
    assert membership.notify == "instant"
