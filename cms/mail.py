"""Sending e-mail through the outbox (see cms.models.OutboundEmail).

    queue_email(["a@example.org"], subject, body, dedupe_key="application:12:accepted")

``render_email("organisations/emails/application_accepted", context, language="ja")``
renders ``<prefix>_subject.txt`` and ``<prefix>_body.txt`` (and
``<prefix>_body.html`` when it exists) in the recipient's language.
"""

import logging

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutboundEmail

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 10


def chosen_language(user):
    """The language ``user`` chose on their account page (/accounts/language/), or "".

    One field decides it: Wagtail's UserProfile.preferred_language, which
    Wagtail's own account settings edit too, so editors and members share it.
    A code the site does not offer counts as no choice.
    """
    if user is None or not getattr(user, "pk", None):
        return ""
    languages = {code for code, _name in settings.LANGUAGES}
    try:
        profile = user.wagtail_userprofile
    except ObjectDoesNotExist:
        return ""
    language = profile.preferred_language or ""
    return language if language in languages else ""


def user_language(user, default=None):
    """The language of e-mails to ``user``: the one they chose on their account page.

    Else ``default`` (e.g. the language an applicant used on the site), else
    the site's own (Japanese).
    """
    return chosen_language(user) or default or settings.LANGUAGE_CODE


def render_email(template_prefix, context, language=None):
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        body = render_to_string(f"{template_prefix}_body.txt", context)
        try:
            html_body = render_to_string(f"{template_prefix}_body.html", context)
        except TemplateDoesNotExist:
            html_body = ""
    # A subject is one line: strip the newlines templates leave, so no header
    # can be injected through a name or title in the context.
    subject = " ".join(subject.split())
    return subject, body, html_body


def render_email_for(user, template_prefix, build_context, *, default=None):
    """``render_email`` in ``user``'s language (user_language), not the sender's.

    ``build_context`` is called inside that language, so the links it
    reverses carry the recipient's language prefix.
    """
    language = user_language(user, default=default)
    with translation.override(language):
        context = build_context()
    return render_email(template_prefix, context, language=language)


def queue_email(to, subject, body, *, html_body="", dedupe_key=None, reply_to=(), attachments=()):
    """Write the e-mail to the outbox and deliver it after the transaction commits.

    With a ``dedupe_key`` the same e-mail is queued at most once, however
    often the caller runs. ``attachments`` are small text files, as
    ``(filename, content, mimetype)``.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    fields = {
        "to": recipients,
        "subject": " ".join(subject.split())[:255],
        "body": body,
        "html_body": html_body,
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "reply_to": list(reply_to),
        "attachments": [
            {"filename": filename, "content": content, "mimetype": mimetype}
            for filename, content, mimetype in attachments
        ],
    }
    if dedupe_key:
        try:
            with transaction.atomic():
                email, created = OutboundEmail.objects.get_or_create(
                    dedupe_key=dedupe_key, defaults=fields
                )
        except IntegrityError:  # a concurrent caller won the race
            return OutboundEmail.objects.get(dedupe_key=dedupe_key)
        if not created:
            return email
    else:
        email = OutboundEmail.objects.create(**fields)
    transaction.on_commit(lambda: enqueue_delivery(email.pk))
    return email


def enqueue_delivery(email_id):
    from .tasks import deliver_email

    try:
        deliver_email.delay(email_id)
    except Exception:  # noqa: BLE001 - broker down: the relay will deliver it later
        logger.warning("Could not enqueue e-mail %s; the relay will retry", email_id)


def deliver(email_id):
    """Send one outbox row unless it was sent already. Safe to call twice.

    Returns True when this call sent it; raises when sending failed (after
    recording the attempt), so the task can retry.
    """
    error = None
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update()
            .filter(pk=email_id, sent_at__isnull=True)
            .first()
        )
        if email is None:
            return False
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body,
            from_email=email.from_email or settings.DEFAULT_FROM_EMAIL,
            to=email.to,
            reply_to=email.reply_to or None,
        )
        if email.html_body:
            message.attach_alternative(email.html_body, "text/html")
        for attachment in email.attachments or []:
            message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
        email.attempts += 1
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001 - recorded, then raised below
            error = exc
            email.last_error = exc.__class__.__name__[:255]
            email.save(update_fields=["attempts", "last_error"])
        else:
            email.sent_at = timezone.now()
            email.last_error = ""
            email.save(update_fields=["attempts", "last_error", "sent_at"])
    if error is not None:
        raise error
    return True


def pending_ids(older_than_seconds=120):
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    return list(
        OutboundEmail.objects.filter(
            sent_at__isnull=True, created_at__lt=cutoff, attempts__lt=MAX_ATTEMPTS
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
