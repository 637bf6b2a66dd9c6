"""Background work the secretariat can see: the outbox, failed jobs, alerts, the beat."""

import datetime
from unittest import mock

from django.contrib.auth.models import Group
from django.core import mail as django_mail
from django.test import TestCase, override_settings
from django.utils import timezone

from cms import background
from cms.celery import check_beat
from cms.models import BackgroundFailure, Heartbeat, OutboundEmail
from cms.tasks import record_failure
from tests.organisations.factories import UserFactory

OUTBOX = "/admin/background/outbox/"
FAILURES = "/admin/background/failures/"


class World(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.secretariat = UserFactory(username="jimukyoku", groups=["事務局"])
        cls.editor = UserFactory(username="editor")
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        cls.superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
        cls.sent = OutboundEmail.objects.create(
            to=["a@example.org"], subject="送信済みのお知らせ", body="b", sent_at=timezone.now()
        )
        cls.failed = OutboundEmail.objects.create(
            to=["b@example.org"],
            subject="失敗したお知らせ",
            body="b",
            attempts=10,
            last_error="SMTPServerDisconnected",
        )
        cls.queued = OutboundEmail.objects.create(
            to=["c@example.org"], subject="待ちのお知らせ", body="b"
        )
        cls.failure = BackgroundFailure.objects.create(
            task="search.tasks.update_search_index",
            args=["forum_conversation.post", [1]],
            error="ConnectionTimeout: search down",
        )


class OutboxAdminTests(World):
    def test_secretariat_lists_and_filters_the_outbox(self):
        self.client.force_login(self.secretariat)
        response = self.client.get(OUTBOX)
        self.assertEqual(response.status_code, 200)
        for subject in ("送信済みのお知らせ", "失敗したお知らせ", "待ちのお知らせ"):
            self.assertContains(response, subject)
        failed = self.client.get(OUTBOX, {"status": "failed"})
        self.assertContains(failed, "失敗したお知らせ")
        self.assertNotContains(failed, "送信済みのお知らせ")
        self.assertNotContains(failed, "待ちのお知らせ")
        self.assertContains(failed, f"{OUTBOX}{self.failed.pk}/retry/")

    def test_others_with_admin_access_are_refused(self):
        self.client.force_login(self.editor)
        self.assertNotEqual(self.client.get(OUTBOX).status_code, 200)
        response = self.client.post(f"{OUTBOX}{self.failed.pk}/retry/")
        # Wagtail's refusal: back to the dashboard with a message.
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        self.failed.refresh_from_db()
        self.assertIsNone(self.failed.sent_at)
        self.assertEqual(self.failed.attempts, 10)

    def test_nobody_adds_edits_or_deletes_an_email(self):
        self.client.force_login(self.superuser)
        for url in (
            f"{OUTBOX}new/",
            f"{OUTBOX}edit/{self.queued.pk}/",
            f"{OUTBOX}delete/{self.queued.pk}/",
        ):
            response = self.client.get(url)
            self.assertIn(response.status_code, (302, 403), url)
        self.assertEqual(OutboundEmail.objects.count(), 3)

    def test_retry_confirms_then_sends_once(self):
        self.client.force_login(self.secretariat)
        url = f"{OUTBOX}{self.failed.pk}/retry/"
        confirm = self.client.get(url)
        self.assertContains(confirm, "失敗したお知らせ")
        self.assertEqual(django_mail.outbox, [])
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url)
        self.assertRedirects(response, OUTBOX, fetch_redirect_response=False)
        self.failed.refresh_from_db()
        self.assertIsNotNone(self.failed.sent_at)
        self.assertEqual(len(django_mail.outbox), 1)
        # A sent e-mail has no retry.
        self.assertEqual(self.client.post(f"{OUTBOX}{self.sent.pk}/retry/").status_code, 404)


class FailureAdminTests(World):
    def test_a_job_failing_for_good_is_recorded(self):
        from search.tasks import update_search_index

        record_failure(
            sender=update_search_index,
            exception=ConnectionError("index unreachable"),
            args=["home.newspage", [3]],
            kwargs={},
        )
        failure = BackgroundFailure.objects.latest("pk")
        self.assertEqual(failure.task, "search.tasks.update_search_index")
        self.assertEqual(failure.args, ["home.newspage", [3]])
        self.assertIn("ConnectionError", failure.error)

    def test_secretariat_retries_a_failed_index_update(self):
        self.client.force_login(self.secretariat)
        listing = self.client.get(FAILURES)
        self.assertContains(listing, "検索インデックスの更新")
        with mock.patch("search.indexing.index_now") as index_now:
            response = self.client.post(f"{FAILURES}{self.failure.pk}/retry/")
        self.assertEqual(response.status_code, 302)
        index_now.assert_called_once()
        self.failure.refresh_from_db()
        self.assertIsNotNone(self.failure.retried_at)
        # Retried once: the second POST finds nothing to retry.
        self.assertEqual(self.client.post(f"{FAILURES}{self.failure.pk}/retry/").status_code, 404)

    def test_editor_cannot_retry(self):
        self.client.force_login(self.editor)
        self.client.post(f"{FAILURES}{self.failure.pk}/retry/")
        self.failure.refresh_from_db()
        self.assertIsNone(self.failure.retried_at)


@override_settings(ADMINS=[("ops", "ops@example.org")])
class AlertTests(World):
    def test_emails_unsent_for_15_minutes_alert_admins_once(self):
        later = timezone.now() + datetime.timedelta(minutes=16)
        self.assertEqual(background.check(later, beat_too=False), ["emails"])
        self.assertEqual(len(django_mail.outbox), 1)
        self.assertIn("unsent for over 15 minutes", django_mail.outbox[0].subject)
        self.assertEqual(django_mail.outbox[0].to, ["ops@example.org"])
        background.check(later, beat_too=False)
        self.assertEqual(len(django_mail.outbox), 1)  # at most once an hour

    def test_fresh_emails_raise_no_alert(self):
        self.assertEqual(background.check(beat_too=False), [])
        self.assertEqual(django_mail.outbox, [])


@override_settings(CELERY_TASK_ALWAYS_EAGER=False, ADMINS=[("ops", "ops@example.org")])
class HeartbeatTests(World):
    def test_healthz_reports_a_late_beat_but_keeps_serving(self):
        background.beat()
        fresh = self.client.get("/healthz").json()
        self.assertEqual((fresh["status"], fresh["beat"]), ("ok", "ok"))
        Heartbeat.objects.update(beat_at=timezone.now() - datetime.timedelta(minutes=6))
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], "degraded")
        self.assertTrue(response.json()["beat"].startswith("error: beat heartbeat"))

    def test_the_worker_mails_admins_when_the_beat_is_late(self):
        check_beat()  # never beat
        self.assertEqual(len(django_mail.outbox), 1)
        self.assertIn("beat has stopped", django_mail.outbox[0].subject)

    def test_the_heartbeat_task_writes_the_time(self):
        from cms.tasks import beat_heartbeat

        beat_heartbeat.apply()
        self.assertLess(background.beat_age(), 5)
