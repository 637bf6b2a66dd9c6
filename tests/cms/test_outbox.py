"""The e-mail outbox: nothing sent for a rolled-back action, nothing sent twice."""

from django.core import mail as django_mail
from django.db import transaction

import pytest

from cms import mail
from cms.models import OutboundEmail
from cms.tasks import deliver_email, deliver_pending_emails

# serialized_rollback: the flush after each test then skips post_migrate, so
# a later serialized-rollback test (the browser tests) can restore the data
# migrations made (groups, the home page) without clashing content types.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_queued_email_is_sent_after_commit():
    with transaction.atomic():
        email = mail.queue_email("member@example.org", "件名\r\nBcc: x@evil.example", "本文")
        assert django_mail.outbox == []  # not before the commit
    assert len(django_mail.outbox) == 1
    message = django_mail.outbox[0]
    assert message.to == ["member@example.org"]
    assert "\n" not in message.subject and "\r" not in message.subject
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 1


def test_rolled_back_action_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        mail.queue_email("member@example.org", "件名", "本文")
        raise RuntimeError("the action failed")
    assert OutboundEmail.objects.count() == 0
    assert django_mail.outbox == []


def test_delivery_twice_sends_once():
    email = mail.queue_email("member@example.org", "件名", "本文")
    deliver_email.apply(args=[email.pk])  # a second run, as after a late ack
    assert len(django_mail.outbox) == 1


def test_dedupe_key_queues_once():
    for _ in range(3):
        mail.queue_email("member@example.org", "件名", "本文", dedupe_key="event:1:member:2")
    assert OutboundEmail.objects.count() == 1
    assert len(django_mail.outbox) == 1


def test_broker_outage_is_recovered_by_the_relay(monkeypatch, settings):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(deliver_email, "delay", broker_down)
    email = mail.queue_email("member@example.org", "件名", "本文")  # does not raise
    assert django_mail.outbox == []
    monkeypatch.undo()

    OutboundEmail.objects.filter(pk=email.pk).update(
        created_at=email.created_at - __import__("datetime").timedelta(minutes=5)
    )
    deliver_pending_emails.apply()
    assert len(django_mail.outbox) == 1


def test_failed_send_is_recorded_and_retried(monkeypatch):
    calls = {"n": 0}
    original = django_mail.EmailMultiAlternatives.send

    def flaky_send(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("SMTP down")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(django_mail.EmailMultiAlternatives, "send", flaky_send)
    email = OutboundEmail.objects.create(to=["a@example.org"], subject="s", body="b")
    with pytest.raises(OSError):
        mail.deliver(email.pk)
    email.refresh_from_db()
    assert email.sent_at is None and email.attempts == 1 and email.last_error == "OSError"
    assert mail.deliver(email.pk) is True
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 2


def test_render_email_in_the_recipients_language(settings, tmp_path):
    (tmp_path / "t_subject.txt").write_text("{% load i18n %}{% translate 'お知らせ' %}\n{{ name }}")
    (tmp_path / "t_body.txt").write_text("こんにちは {{ name }}")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    subject, body, html = mail.render_email("t", {"name": "<b>山田</b>"}, language="ja")
    assert subject == "お知らせ &lt;b&gt;山田&lt;/b&gt;"
    assert body == "こんにちは &lt;b&gt;山田&lt;/b&gt;"
    assert html == ""
