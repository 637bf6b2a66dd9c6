"""「まだ必要ですか？」: one reminder per need per period, in the recipient's language."""

import datetime

from django.core import mail
from django.test import TestCase

from wagtail.users.models import UserProfile

from cms.models import OutboundEmail
from exchange import reminders
from exchange.choices import Status
from organisations.choices import MembershipRole
from tests.exchange.test_exchange import listing
from tests.organisations.factories import MembershipFactory, OrganisationFactory

NOW = datetime.datetime(2026, 12, 6, 9, 0, tzinfo=datetime.UTC)


def ago(days):
    return NOW - datetime.timedelta(days=days)


class StillNeededTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.org = OrganisationFactory()
        cls.japanese = MembershipFactory(organisation=cls.org, role=MembershipRole.ADMIN).user
        cls.english = MembershipFactory(organisation=cls.org).user
        profile = UserProfile.get_for_user(cls.english)
        profile.preferred_language = "en"
        profile.save()
        cls.old = listing(cls.org, title="古いニーズ", published_at=ago(61))
        cls.fresh = listing(cls.org, title="新しいニーズ", published_at=ago(59))
        listing(cls.org, title="解決したニーズ", published_at=ago(90), status=Status.MET)
        listing(cls.org, title="古いシーズ", kind="offer", published_at=ago(90))
        listing(cls.org, title="隠したニーズ", published_at=ago(90), is_hidden=True)

    def reminded(self):
        return OutboundEmail.objects.filter(dedupe_key__startswith="exchange:still-needed:")

    def test_once_per_need_per_period_to_each_staff_member(self):
        assert reminders.send_still_needed_reminders(NOW) == 2
        assert reminders.send_still_needed_reminders(NOW + datetime.timedelta(hours=6)) == 0
        emails = list(self.reminded())
        assert len(emails) == 2
        # Each in its recipient's language (the catalogue's English for one).
        subjects = sorted(email.subject for email in emails)
        assert subjects == [
            "[Needs & Offers] Still needed? “古いニーズ”",
            "【ニーズ×シーズ】まだ必要ですか？「古いニーズ」",
        ]
        # A period later, still open: asked again, once; the fresh need reached
        # its first period by then too (2 needs × 2 staff).
        later = NOW + datetime.timedelta(days=60)
        assert reminders.send_still_needed_reminders(later) == 4
        assert reminders.send_still_needed_reminders(later) == 0
        assert self.reminded().filter(subject__contains="古いニーズ").count() == 4
        assert self.reminded().filter(subject__contains="新しいニーズ").count() == 2

    def test_in_each_recipients_language(self):
        reminders.send_still_needed_reminders(NOW)
        by_address = {email.to[0]: email for email in self.reminded()}
        english = by_address[self.english.email]
        japanese = by_address[self.japanese.email]
        assert f"/en/exchange/{self.old.pk}/" in english.body
        assert f"/exchange/{self.old.pk}/" in japanese.body
        assert "/en/" not in japanese.body

    def test_closed_need_is_not_reminded(self):
        self.old.status = Status.CLOSED
        self.old.save()
        assert reminders.send_still_needed_reminders(NOW) == 0
        assert not mail.outbox or all("古いニーズ" not in m.subject for m in mail.outbox)

    def test_task_runs(self):
        from exchange.tasks import send_still_needed_reminders

        send_still_needed_reminders()  # now: the old need is older than a period
        assert self.reminded().filter(subject__contains="古いニーズ").exists()
