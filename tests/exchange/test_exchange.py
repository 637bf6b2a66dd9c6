"""ニーズ×シーズ: who sees and does what, posting, suggestions, responding, outcomes."""

import datetime

from django.contrib.auth.models import Group
from django.core import mail
from django.test import TestCase

from cms.models import OutboundEmail
from exchange import matching, stats
from exchange.choices import Stage, Status, ThreadKind
from exchange.models import Listing, Match, Message, Thread
from organisations.choices import MembershipRole, OrganisationStatus
from organisations.models import ActivityType, TargetGroup
from tests.organisations.factories import MembershipFactory, OrganisationFactory, UserFactory


def listing(organisation, **fields):
    targets = fields.pop("targets", [])
    activities = fields.pop("activities", [])
    fields.setdefault("kind", "need")
    fields.setdefault("resource_type", "place")
    fields.setdefault("title", "子ども食堂の会場を探しています")
    fields.setdefault("description", "調理できる場所を探しています。")
    fields.setdefault("status", Status.OPEN)
    created = Listing.objects.create(organisation=organisation, **fields)
    created.target_groups.set(TargetGroup.objects.filter(name__in=targets))
    created.activity_types.set(ActivityType.objects.filter(name__in=activities))
    return created


class World(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.org = OrganisationFactory(municipality="松山市")
        cls.other_org = OrganisationFactory(municipality="松山市")
        cls.suspended_org = OrganisationFactory(status=OrganisationStatus.SUSPENDED)
        cls.member = MembershipFactory(organisation=cls.org, role=MembershipRole.ADMIN).user
        cls.other = MembershipFactory(organisation=cls.other_org).user
        cls.suspended_member = MembershipFactory(organisation=cls.suspended_org).user
        cls.outsider = UserFactory()
        cls.secretariat = UserFactory()
        cls.secretariat.groups.add(Group.objects.get(name="事務局"))
        cls.need = listing(
            cls.org,
            area="松山市",
            targets=["こども・若者"],
            activities=["食を通じたつながり"],
            audience="public",
        )
        cls.members_need = listing(
            cls.org,
            title="会員だけの秘密のニーズ",
            description="会員限定です。",
            audience="members",
        )
        cls.draft = listing(cls.org, title="下書きのニーズ", status=Status.DRAFT)
        cls.offer = listing(
            cls.other_org,
            kind="offer",
            title="公民館の調理室を夜間に貸し出します",
            description="調理台のある調理室を子ども食堂に無料で貸し出します。",
            area="松山市",
            targets=["こども・若者"],
            activities=["食を通じたつながり"],
            audience="members",
        )
        cls.far_offer = listing(
            cls.other_org,
            kind="offer",
            resource_type="money",
            title="助成金の申請相談",
            description="申請書の書き方を教えます。",
        )
        cls.suspended_offer = listing(
            cls.suspended_org,
            kind="offer",
            title="停止中の団体の調理室",
            description="調理室を子ども食堂に貸します。",
            audience="public",
        )


class VisibilityTests(World):
    def test_anonymous_sees_public_only(self):
        html = self.client.get("/exchange/").content.decode()
        assert self.need.title in html
        assert "会員だけの秘密のニーズ" not in html
        assert "下書きのニーズ" not in html
        assert "停止中の団体の調理室" not in html
        assert self.client.get(f"/exchange/{self.members_need.pk}/").status_code == 404
        assert self.client.get(f"/exchange/{self.suspended_offer.pk}/").status_code == 404

    def test_signed_in_non_member_sees_public_only(self):
        self.client.force_login(self.outsider)
        assert self.client.get(f"/exchange/{self.members_need.pk}/").status_code == 404
        assert self.client.get(f"/exchange/{self.need.pk}/").status_code == 200
        assert self.client.get("/exchange/new/").status_code == 404

    def test_member_sees_members_only_not_others_drafts(self):
        self.client.force_login(self.other)
        html = self.client.get("/exchange/").content.decode()
        assert "会員だけの秘密のニーズ" in html
        assert self.client.get(f"/exchange/{self.draft.pk}/").status_code == 404

    def test_owner_sees_own_draft(self):
        self.client.force_login(self.member)
        assert self.client.get(f"/exchange/{self.draft.pk}/").status_code == 200

    def test_suspended_organisations_staff_cannot_post(self):
        self.client.force_login(self.suspended_member)
        assert self.client.get("/exchange/new/").status_code == 404
        assert self.client.get(f"/exchange/{self.members_need.pk}/").status_code == 404

    def test_filters(self):
        self.client.force_login(self.other)
        html = self.client.get("/exchange/?kind=offer&type=money").content.decode()
        html = html.split("exchange-results-heading")[-1]
        assert "助成金の申請相談" in html
        assert "公民館の調理室" not in html
        html = self.client.get("/exchange/?type=nonsense&area=松山市").content.decode()
        assert "使えない条件" in html
        assert "公民館の調理室" in html

    def test_hidden_listing_disappears(self):
        Listing.objects.filter(pk=self.offer.pk).update(is_hidden=True)
        self.client.force_login(self.member)
        assert self.client.get(f"/exchange/{self.offer.pk}/").status_code == 404


class PostingTests(World):
    def data(self, **changes):
        data = {
            "kind": "need",
            "resource_type": "people",
            "title": "ＬＩＮＥ相談の助言がほしい",
            "description": "若者向けのＬＩＮＥ相談を始めたいです。",
            "area": "",
            "audience": "members",
            "publish": "open",
        }
        data.update(changes)
        return data

    def test_member_posts_with_full_width_text(self):
        self.client.force_login(self.member)
        response = self.client.post("/exchange/new/", self.data())
        created = Listing.objects.get(title="LINE相談の助言がほしい")
        assert response.status_code == 302
        assert created.organisation == self.org
        assert created.status == Status.OPEN
        assert created.published_at is not None
        assert created.terms.filter(term="line").exists()

    def test_bad_input_keeps_what_was_typed(self):
        self.client.force_login(self.member)
        response = self.client.post(
            "/exchange/new/",
            self.data(title="  ", starts_on="2026-05-01", ends_on="2026-04-01"),
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "入力内容を確認してください" in html
        assert "若者向けのＬＩＮＥ相談を始めたいです。" in html
        assert "終了日は開始日より後の日にしてください。" in html

    def test_other_organisation_cannot_edit(self):
        self.client.force_login(self.other)
        assert self.client.get(f"/exchange/{self.need.pk}/edit/").status_code == 404
        response = self.client.post(f"/exchange/{self.need.pk}/status/", {"status": "closed"})
        assert response.status_code == 404

    def test_anonymous_is_sent_to_sign_in(self):
        response = self.client.get("/exchange/new/")
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]

    def test_mark_met_by_organisation(self):
        target = listing(self.org, title="解決するニーズ")
        self.client.force_login(self.member)
        self.client.post(
            f"/exchange/{target.pk}/status/", {"status": "met", "met_by": self.other_org.pk}
        )
        target.refresh_from_db()
        assert target.status == Status.MET
        assert target.met_by == self.other_org
        assert target.met_at is not None


class MatchingTests(World):
    def test_suggestions_fit_and_say_why(self):
        found = matching.suggest(self.need)
        assert found[0].listing == self.offer
        reasons = found[0].reasons
        assert "同じ地域：松山市" in reasons
        assert "対象：こども・若者" in reasons
        assert self.suspended_offer not in [s.listing for s in found]

    def test_ended_offer_is_not_suggested(self):
        Listing.objects.filter(pk=self.offer.pk).update(ends_on=datetime.date(2020, 1, 1))
        assert self.offer not in [s.listing for s in matching.suggest(self.need)]

    def test_owner_sees_suggestions_on_the_page(self):
        self.client.force_login(self.member)
        html = self.client.get(f"/exchange/{self.need.pk}/").content.decode()
        assert "合いそうなシーズ" in html
        assert "公民館の調理室を夜間に貸し出します" in html

    def test_anonymous_sees_no_suggestions(self):
        html = self.client.get(f"/exchange/{self.need.pk}/").content.decode()
        assert "合いそうなシーズ" not in html
        assert "公民館の調理室" not in html


class RespondingTests(World):
    def test_respond_thread_reply_and_emails(self):
        self.client.force_login(self.other)
        response = self.client.post(
            f"/exchange/{self.need.pk}/respond/",
            {
                "kind": ThreadKind.CAN_HELP,
                "body": "調理室を使えます。<script>alert(1)</script>",
                "from": self.offer.pk,
            },
        )
        thread = Thread.objects.get(listing=self.need, organisation=self.other_org)
        assert response["Location"] == f"/exchange/threads/{thread.pk}/"
        assert thread.match.stage == Stage.CONTACTED
        emails = [e for e in OutboundEmail.objects.all() if self.member.email in e.to]
        assert len(emails) == 1
        assert self.other.email not in emails[0].body
        html = self.client.get(thread.get_absolute_url()).content.decode()
        assert "<script>alert(1)" not in html
        # the other side replies; the secretariat reads; outsiders do not
        self.client.force_login(self.member)
        self.client.post(thread.get_absolute_url(), {"body": "ありがとうございます。"})
        assert Message.objects.filter(thread=thread).count() == 2
        self.client.post(thread.get_absolute_url(), {"stage": "agreed"})
        thread.match.refresh_from_db()
        assert thread.match.stage == Stage.AGREED
        self.client.force_login(self.secretariat)
        assert self.client.get(thread.get_absolute_url()).status_code == 200
        self.client.force_login(self.outsider)
        assert self.client.get(thread.get_absolute_url()).status_code == 404
        self.client.force_login(self.suspended_member)
        assert self.client.get(thread.get_absolute_url()).status_code == 404

    def test_cannot_respond_to_own_listing_or_empty(self):
        self.client.force_login(self.member)
        assert self.client.get(f"/exchange/{self.need.pk}/respond/").status_code == 404
        self.client.force_login(self.other)
        response = self.client.post(f"/exchange/{self.need.pk}/respond/", {"kind": "can_help"})
        assert response.status_code == 200
        assert "メッセージを入力してください" in response.content.decode() or (
            "必須" in response.content.decode()
        )

    def test_secretariat_introduces(self):
        self.client.force_login(self.member)
        assert self.client.get(f"/exchange/{self.need.pk}/introduce/").status_code == 404
        self.client.force_login(self.secretariat)
        self.client.post(
            f"/exchange/{self.need.pk}/introduce/",
            {"organisation": self.other_org.pk, "body": "ご紹介します。"},
        )
        thread = Thread.objects.get(listing=self.need, kind=ThreadKind.INTRODUCTION)
        assert thread.organisation == self.other_org
        assert any(self.other.email in e.to for e in OutboundEmail.objects.all())
        today = datetime.date.today()
        year = today.year if today.month >= 4 else today.year - 1
        assert stats.fiscal_year_counts(year)["introductions"] == 1

    def test_message_report_and_hide(self):
        thread = Thread.objects.create(
            listing=self.need, organisation=self.other_org, kind="can_help"
        )
        message = Message.objects.create(thread=thread, author=self.other, body="失礼な投稿")
        self.client.force_login(self.member)
        html = self.client.get(thread.get_absolute_url()).content.decode()
        assert f"/moderation/report/exchange_message/{message.pk}/" in html


class StatsTests(World):
    def test_fiscal_year_counts(self):
        counts = stats.fiscal_year_counts(2026)
        assert set(counts) == {
            "needs_posted",
            "offers_posted",
            "needs_matched",
            "needs_met",
            "introductions",
        }
        assert stats.fiscal_year_counts(1999)["needs_posted"] == 0


def test_match_model_unique(db):
    assert Match._meta.constraints[0].name == "exchange_match_once"
    assert mail.outbox == []


class RateLimitTests(World):
    def test_messages_are_rate_limited(self):
        from django.core.cache import cache
        from django.test import override_settings

        cache.clear()
        self.client.force_login(self.other)
        with override_settings(
            RATELIMIT_ENABLE=True, ACCOUNT_RATE_LIMITS={"exchange_message": "1/h/key"}
        ):
            data = {"kind": "can_help", "body": "お手伝いできます。"}
            first = self.client.post(f"/exchange/{self.need.pk}/respond/", data)
            second = self.client.post(f"/exchange/{self.need.pk}/respond/", data)
        assert first.status_code == 302
        assert second.status_code == 429
