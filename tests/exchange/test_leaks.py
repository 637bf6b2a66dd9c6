"""Canaries: members-only and suspended organisations' listings leak nowhere.

A unique word is planted in a members-only listing, in a public listing of a
suspended organisation and in a hidden one. Anonymous visitors and signed-in
non-members must find none of them in the list, the detail pages, the site
search, the home page or the sitemap; a member finds the members-only one.
The daily digest never names them to anyone who may not read them.
"""

from django.contrib.auth.models import Group
from django.core import mail  # noqa: F401
from django.test import TestCase

from cms.models import OutboundEmail
from exchange import digest
from exchange.choices import Status
from exchange.models import Listing
from organisations.choices import MembershipRole, OrganisationStatus
from tests.organisations.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.search.helpers import index_everything

from .test_exchange import listing

MEMBERS_CANARY = "カナリアぴよぴよ会員"
SUSPENDED_CANARY = "カナリアぴよぴよ停止"
HIDDEN_CANARY = "カナリアぴよぴよ非表示"


class LeakTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.org = OrganisationFactory()
        cls.suspended = OrganisationFactory(status=OrganisationStatus.SUSPENDED)
        cls.member = MembershipFactory(organisation=cls.org, role=MembershipRole.ADMIN).user
        cls.outsider = UserFactory()
        cls.members_only = listing(
            cls.org, kind="offer", title=f"調理室 {MEMBERS_CANARY}", audience="members"
        )
        cls.of_suspended = listing(
            cls.suspended, kind="offer", title=f"調理室 {SUSPENDED_CANARY}", audience="public"
        )
        cls.hidden = listing(
            cls.org,
            kind="offer",
            title=f"調理室 {HIDDEN_CANARY}",
            audience="public",
            is_hidden=True,
            is_highlighted=True,
        )
        Listing.objects.filter(pk=cls.members_only.pk).update(is_highlighted=True)
        index_everything()

    def pages(self):
        urls = [
            "/exchange/",
            "/exchange/?state=all",
            "/search/?q=カナリアぴよぴよ",
            "/search/?q=カナリアぴよぴよ&kind=exchange",
            "/sitemap.xml",
            "/",
        ]
        planted = (self.members_only, self.of_suspended, self.hidden)
        urls += [f"/exchange/{item.pk}/" for item in planted]
        return "\n".join(self.client.get(url).content.decode() for url in urls)

    def test_anonymous_and_non_members_find_no_canary(self):
        for user in (None, self.outsider):
            if user:
                self.client.force_login(user)
            text = self.pages()
            for canary in (MEMBERS_CANARY, SUSPENDED_CANARY, HIDDEN_CANARY):
                assert canary not in text, (user, canary)

    def test_member_finds_members_only_but_not_suspended_or_hidden(self):
        self.client.force_login(self.member)
        text = self.pages()
        assert MEMBERS_CANARY in text
        assert SUSPENDED_CANARY not in text

    def test_search_follows_suspension(self):
        other = OrganisationFactory()
        item = listing(other, kind="offer", title="調理室 カナリアあとで停止", audience="public")
        index_everything()
        link = f'href="/exchange/{item.pk}/"'
        assert link in self.client.get("/search/?q=カナリアあとで停止").content.decode()
        other.status = OrganisationStatus.SUSPENDED
        other.save()
        assert self.client.get(f"/exchange/{item.pk}/").status_code == 404
        assert link not in self.client.get("/search/?q=カナリアあとで停止").content.decode()


class DigestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.need_org = OrganisationFactory()
        cls.offer_org = OrganisationFactory()
        cls.need_staff = MembershipFactory(organisation=cls.need_org).user
        cls.offer_staff = MembershipFactory(organisation=cls.offer_org).user
        cls.quiet = MembershipFactory(organisation=cls.need_org).user
        cls.secretariat = UserFactory()
        cls.secretariat.groups.add(Group.objects.get(name="事務局"))
        common = {
            "area": "松山市",
            "resource_type": "place",
            "targets": ["こども・若者"],
            "activities": ["食を通じたつながり"],
        }
        cls.need = listing(cls.need_org, title="子ども食堂の調理室", **common)
        cls.offer = listing(
            cls.offer_org,
            kind="offer",
            title="子ども食堂に調理室を貸します",
            description="子ども食堂の調理に使える調理室です。",
            **common,
        )
        cls.suspended_org = OrganisationFactory(status=OrganisationStatus.SUSPENDED)
        listing(
            cls.suspended_org,
            kind="offer",
            title=f"子ども食堂の調理室 {SUSPENDED_CANARY}",
            **common,
        )

    def test_daily_digest_once_to_both_sides_following_settings(self):
        from exchange.models import DigestSetting

        DigestSetting.objects.create(user=self.quiet, choice="none")
        sent = digest.send_daily_digests(force=True)
        emails = list(OutboundEmail.objects.all())
        recipients = {address for email in emails for address in email.to}
        assert sent == 2
        assert recipients == {self.need_staff.email, self.offer_staff.email}
        assert all(SUSPENDED_CANARY not in email.body for email in emails)
        assert "子ども食堂に調理室を貸します" in next(
            e.body for e in emails if self.need_staff.email in e.to
        )
        assert digest.send_daily_digests(force=True) == 0
        assert Listing.objects.get(pk=self.need.pk).status == Status.OPEN
