"""The embedded default prints e-mails a developer can read, Japanese subjects included."""

import io
import os

from django.core.mail import EmailMultiAlternatives

from cms.console_mail import EmailBackend


def test_subject_and_body_print_as_written():
    stream = io.StringIO()
    message = EmailMultiAlternatives(
        "【つながりネット】入会申込を受け付けました",
        "ご確認ください。\nhttps://example.jp/join/",
        "つながり事務局 <noreply@example.jp>",
        ["tanaka@example.jp"],
    )
    message.attach_alternative("<p>ご確認ください。</p>", "text/html")
    message.attach("案内.ics", "BEGIN:VCALENDAR", "text/calendar")
    EmailBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert "Subject: 【つながりネット】入会申込を受け付けました" in printed
    assert "ご確認ください。\nhttps://example.jp/join/" in printed
    assert "=?utf-8?" not in printed
    assert "[text/html version attached]" in printed
    assert "[attachment: 案内.ics]" in printed


def test_the_embedded_default_uses_it():
    if os.environ.get("EMAIL_URL"):
        return
    from cms.settings import base

    assert base.EMAIL_BACKEND == "cms.console_mail.EmailBackend"
