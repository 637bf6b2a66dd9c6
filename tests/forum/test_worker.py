"""Forum e-mails through a real Celery worker on the real Redis broker.

tests/forum/test_notifications.py checks the rules with tasks run in
process; here the production path runs: the post's transaction commits, the
task goes to Redis, a ``celery worker`` process (tests/workers.py) re-reads
the post, queues the e-mail in the outbox and delivers it. The worker's
e-mail backend writes files, so what it actually sent is checked too.
"""

from datetime import timedelta

from django.utils import timezone

import pytest

from cms.models import OutboundEmail
from forum.models import NotificationDelivery, PostEvent
from subcommittees import services as subcommittee_services
from subcommittees.models import SubcommitteeMembership
from tests.workers import broker_down, real_worker

from .conftest import make_topic

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PROCESS = "forum.tasks.process_post_event"


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


def post_topic(client, user, subcommittee, subject):
    client.force_login(user)
    forum = subcommittee.forum
    response = client.post(
        f"/forum/forum/{forum.slug}-{forum.pk}/topic/create/",
        topic_form(subject, f"{subject} の本文"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return PostEvent.objects.get(post__subject=subject, kind=PostEvent.Kind.PUBLISHED)


def outbox_to(user):
    return list(OutboundEmail.objects.filter(to=[user.email]))


def sent_to(worker, user):
    return [message for message in worker.sent_emails() if user.email in message["To"]]


def delivered_to(user):
    """The outbox rows to ``user`` that the worker delivered (sent_at set)."""
    return OutboundEmail.objects.filter(to=[user.email], sent_at__isnull=False).count()


def processed(event):
    return PostEvent.objects.filter(pk=event.pk, processed_at__isnull=False).exists()


def test_a_post_is_emailed_to_the_other_member_by_the_worker(
    client, s1, member, coordinator, tmp_path
):
    with real_worker(tmp_path) as worker:
        event = post_topic(client, member, s1, "KANARIA-W1 次回の会議")

        # Committed, enqueued on Redis, and nothing ran in the web process.
        assert worker.queued().count(PROCESS) == 1
        assert event.processed_at is None
        assert not OutboundEmail.objects.exists()

        worker.start()
        worker.wait_for(lambda: delivered_to(coordinator) == 1, "the e-mail to the coordinator")

        [email] = outbox_to(coordinator)
        assert "KANARIA-W1" in email.subject
        assert "/forum/unsubscribe/" in email.body
        assert outbox_to(member) == []  # not to the poster
        assert processed(event)
        [message] = sent_to(worker, coordinator)
        assert message["Subject"].strip() == email.subject
        assert "KANARIA-W1" in message.get_body(("plain",)).get_content()
        assert len(worker.sent_emails()) == 1


def test_a_task_that_runs_twice_sends_one_email(s1, member, coordinator, tmp_path):
    with real_worker(tmp_path) as worker:
        _topic, post = make_topic(s1.forum, member, "KANARIA-W2 二重実行")
        event = PostEvent.objects.get(post=post)
        worker.send(PROCESS, event.pk)  # the same task a second time (e.g. re-delivered)
        assert worker.queued().count(PROCESS) == 2

        worker.start()
        worker.wait_for(lambda: delivered_to(coordinator) == 1, "the e-mail to the coordinator")
        worker.wait_for(lambda: worker.queued() == [], "both tasks taken")

        # A worker that died after sending but before marking the event done:
        # the task runs a third time on an unprocessed event.
        PostEvent.objects.filter(pk=event.pk).update(processed_at=None)
        worker.send(PROCESS, event.pk)
        worker.wait_for(lambda: processed(event), "the third run")
        worker.stop()  # waits for the task in hand; then nothing can still send

        assert len(outbox_to(coordinator)) == 1
        assert NotificationDelivery.objects.filter(post=post, user=coordinator).count() == 1
        assert len(sent_to(worker, coordinator)) == 1


def test_a_post_saved_while_the_broker_is_down_is_emailed_by_the_relay(
    client, s1, member, coordinator, tmp_path
):
    with real_worker(tmp_path) as worker:
        with broker_down(worker):
            event = post_topic(client, member, s1, "KANARIA-W3 障害中の投稿")

        # The post is saved and the event recorded; nothing reached the broker.
        assert event.post.approved
        assert event.processed_at is None
        assert worker.queued() == []
        assert not OutboundEmail.objects.exists()

        # The relay takes events older than two minutes (so that it never
        # races the task enqueued after commit): the outage lasted that long.
        PostEvent.objects.filter(pk=event.pk).update(
            created_at=timezone.now() - timedelta(minutes=5)
        )
        worker.send("forum.tasks.run_periodic")
        worker.start()
        worker.wait_for(lambda: delivered_to(coordinator) == 1, "the relayed e-mail")

        worker.send("forum.tasks.run_periodic")  # the next beat finds nothing to do
        worker.wait_for(lambda: worker.queued() == [], "the second relay run taken")
        worker.stop()

        assert len(outbox_to(coordinator)) == 1
        assert len(sent_to(worker, coordinator)) == 1


def test_a_member_removed_before_the_task_runs_gets_nothing(
    s1, member, coordinator, other_member, secretariat, tmp_path
):
    SubcommitteeMembership.objects.create(subcommittee=s1, user=other_member)
    with real_worker(tmp_path) as worker:
        _topic, post = make_topic(s1.forum, coordinator, "KANARIA-W4 退会の前後")
        event = PostEvent.objects.get(post=post)
        assert worker.queued().count(PROCESS) == 1  # enqueued while both were members

        membership = SubcommitteeMembership.objects.get(subcommittee=s1, user=member)
        subcommittee_services.remove_member(membership, by=secretariat)

        worker.start()
        worker.wait_for(lambda: processed(event), "the event processed")
        worker.wait_for(lambda: delivered_to(other_member) == 1, "the remaining member's e-mail")
        worker.stop()

        assert outbox_to(member) == []
        assert not NotificationDelivery.objects.filter(post=post, user=member).exists()
        assert sent_to(worker, member) == []
        assert "KANARIA-W4" in outbox_to(other_member)[0].subject
