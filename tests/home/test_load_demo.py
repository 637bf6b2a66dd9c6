"""``manage.py load_demo``: a complete demo site, built once however often it runs."""

import datetime
import io
import shutil
import tempfile

from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings
from django.utils import timezone

from wagtail.documents.models import Document
from wagtail.models import Collection, Page, PageViewRestriction, Revision, Site

import pytest
from allauth.account.models import EmailAddress
from machina.apps.forum_conversation.models import Post

from cms.dates import fiscal_year_of
from cms.models import OutboundEmail
from demo import content
from events.models import EventIndexPage, EventPage
from forum.models import NotificationDelivery, PostEvent
from home.models import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    ReportDocument,
    ReportIndexPage,
    ReportPage,
    SiteSettings,
    StandardPage,
)
from organisations.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path, request):
    """Files go to a throw-away directory: the test's own, or its class's shared one."""
    settings.MEDIA_ROOT = getattr(request.cls, "media_root", None) or tmp_path


def load_demo(**options):
    out = io.StringIO()
    call_command("load_demo", force=True, stdout=out, **options)
    return out.getvalue()


def row_counts():
    models = (Page, Revision, Document, ReportDocument, Collection, User, EmailAddress)
    return {model.__name__: model.objects.count() for model in models}


class DemoSiteTests(TestCase):
    """Checks on one demo build, which is shared because building it takes seconds.

    Each test runs in a savepoint, so the ones that run the command again or
    edit a page leave the shared build as it was.
    """

    @classmethod
    def setUpClass(cls):
        cls.media_root = tempfile.mkdtemp(prefix="load-demo-")
        cls._media_override = override_settings(MEDIA_ROOT=cls.media_root)
        cls._media_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls._media_override.disable()
        shutil.rmtree(cls.media_root, ignore_errors=True)

    @classmethod
    def setUpTestData(cls):
        # As when the command runs for real, what waits for the commit runs:
        # wagtail-localize publishes a translation only then.
        with cls.captureOnCommitCallbacks(execute=True):
            cls.output = load_demo()

    # --- Running twice ---------------------------------------------------------

    def test_second_run_creates_and_changes_nothing(self):
        before = row_counts()
        revisions = dict(Page.objects.values_list("pk", "latest_revision_id"))

        output = load_demo()

        assert row_counts() == before
        assert dict(Page.objects.values_list("pk", "latest_revision_id")) == revisions
        assert "すべて作成済み" in output
        assert "作成 created  0" in output

    def test_runs_with_debug_on_and_remakes_a_missing_pdf(self):
        # On the class's build rather than a second one of its own: the DEBUG
        # check comes before anything is built, and the PDF is remade by a re-run.
        with self.settings(DEBUG=True):
            call_command("load_demo", stdout=io.StringIO())  # no --force needed
        assert NewsPage.objects.live().filter(locale__language_code="ja").count() == 10

        document = Document.objects.order_by("pk").first()
        document.file.storage.delete(document.file.name)
        load_demo()

        document.refresh_from_db()
        assert document.file.storage.exists(document.file.name)
        assert Document.objects.count() == 5

    def test_refresh_restores_an_edited_page_and_leaves_the_rest(self):
        page = NewsPage.objects.get(slug="members-wanted")
        page.title = "編集者が書き換えた見出し"
        page.save_revision().publish()
        revisions = Revision.objects.count()

        load_demo()
        page.refresh_from_db()
        assert page.title == "編集者が書き換えた見出し"  # a plain re-run never overwrites

        load_demo(refresh=True)
        page.refresh_from_db()
        assert page.title == "会員団体を募集しています"
        assert Revision.objects.count() == revisions + 1  # only the edited page was republished

    def test_nobody_is_emailed(self):
        """Demo forum posts record no notification event, so no member hears of them."""
        assert Post.objects.exists()
        assert PostEvent.objects.count() == 0
        assert NotificationDelivery.objects.count() == 0
        assert OutboundEmail.objects.count() == 0

    # --- What it builds ----------------------------------------------------------

    def test_site_tree_and_menu(self):
        home = Site.objects.get(is_default_site=True).root_page.specific
        assert isinstance(home, HomePage)
        assert home.lead == content.HOME["lead"]
        assert home.latest_revision_id and home.live
        assert len(home.body) >= 3

        children = {page.slug: page.specific for page in home.get_children().live()}
        assert isinstance(children["news"], NewsIndexPage)
        assert isinstance(children["events"], EventIndexPage)
        assert isinstance(children["reports"], ReportIndexPage)
        for slug in ("about", "charter", "privacy"):
            assert isinstance(children[slug], StandardPage)
        menu = list(home.get_children().live().in_menu().values_list("slug", flat=True))
        assert menu == ["about", "news", "events", "reports", "practices"]
        assert "support" not in children  # /support/ is the finder (support app)

        charter = children["charter"].body.render_as_block()
        for rule in ("幹事団体", "一般団体", "推薦書", "反社会的勢力", "変更届", "退会届", "除名"):
            assert rule in charter
        assert "分科会" in charter and "4月1日" in charter
        assert "要配慮個人情報" in children["privacy"].body.render_as_block()

    def test_news_spread_over_months_with_varied_categories(self):
        news = NewsPage.objects.live().filter(locale__language_code="ja")
        assert news.count() == 10
        assert len({item.category for item in news}) >= 4
        dates = [item.date for item in news]
        assert max(dates) <= timezone.localdate()
        assert max(dates) - min(dates) > datetime.timedelta(days=150)
        assert all(2 <= len(item.body) <= 4 and item.summary for item in news)

    def test_five_reports_each_with_its_own_pdf(self):
        reports = ReportPage.objects.live()
        assert reports.count() == 5
        assert len({report.fiscal_year for report in reports}) == 3
        kinds = {report.report_type for report in reports}
        assert kinds >= {"annual", "materials", "minutes", "survey"}

        documents = set()
        for report in reports:
            (attachment,) = report.documents.all()
            document = attachment.document
            documents.add(document.pk)
            with document.open_file() as handle:
                assert handle.read(5) == b"%PDF-"
            assert document.file.name.endswith(".pdf")
            assert document.file_size == document.file.size
            assert len(document.file_hash) == 40
            assert document.collection.name == "報告書・会議資料"
        assert len(documents) == 5

        # The first annual report carries the seeds' KPIs in a definition table.
        first_annual = reports.filter(report_type="annual").order_by("fiscal_year").first()
        table = first_annual.body.render_as_block()
        assert "伴走支援団体数" in table and "延べ20団体" in table and "43名" in table

    def test_minutes_are_members_only_with_their_pdf(self):
        """Restricted to the 会員 group (not "signed-in users"), so its PDF is too."""
        minutes = ReportPage.objects.get(report_type="minutes")
        (restriction,) = PageViewRestriction.objects.filter(page=minutes)
        assert restriction.restriction_type == PageViewRestriction.GROUPS
        assert list(restriction.groups.values_list("name", flat=True)) == ["会員"]
        assert not PageViewRestriction.objects.filter(
            restriction_type=PageViewRestriction.LOGIN
        ).exists()
        document = minutes.documents.get().document
        page = self.client.get(minutes.url)
        assert page.status_code == 302 and "/accounts/login/?next=" in page["Location"]
        pdf = self.client.get(document.url)
        assert pdf.status_code == 302 and "/accounts/login/?next=" in pdf["Location"]
        assert minutes not in ReportPage.objects.public()
        # The members of the demo's organisations read it; an account with none does not.
        member = Membership.objects.filter(organisation__status="active").first().user
        self.client.force_login(member)
        assert self.client.get(minutes.url).status_code == 200
        assert self.client.get(document.url).status_code == 200
        self.client.force_login(User.objects.create_user("nobody", "nobody@example.jp"))
        assert self.client.get(minutes.url).status_code == 404
        assert self.client.get(document.url).status_code == 404

    def test_a_login_restriction_left_by_an_earlier_demo_becomes_the_group_one(self):
        minutes = ReportPage.objects.get(report_type="minutes")
        PageViewRestriction.objects.filter(page=minutes).update(
            restriction_type=PageViewRestriction.LOGIN
        )
        load_demo()
        (restriction,) = PageViewRestriction.objects.filter(page=minutes)
        assert restriction.restriction_type == PageViewRestriction.GROUPS
        assert list(restriction.groups.values_list("name", flat=True)) == ["会員"]

    def test_six_events_three_past_three_upcoming(self):
        now = timezone.now()
        events = EventPage.objects.live().filter(locale__language_code="ja")
        assert events.count() == 6
        assert events.filter(start__gt=now).count() == 3
        assert events.filter(end__lt=now).count() == 3
        for event in events:
            assert event.registration_deadline < timezone.localtime(event.start).date()
            assert event.capacity and event.fee == "無料" and event.registration_url
        forum = events.get(slug="tsunagari-forum")
        assert forum.capacity == 250
        assert forum.format == "hybrid"
        assert {event.format for event in events} == {"venue", "online", "hybrid"}

    def test_site_settings(self):
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        assert settings.email == "secretariat@example.org"
        assert settings.office_hours.startswith("平日 8:30〜17:15")
        assert "孤独・孤立対策担当" in settings.secretariat_name

    # --- Languages (issue 16) ----------------------------------------------------

    def test_pages_are_translated_through_wagtail_localize(self):
        from wagtail.models import Locale

        from wagtail_localize.models import Translation

        from cms.translation.models import MachineTranslation, PartialTranslation

        about = StandardPage.objects.get(slug="about", locale__language_code="ja")
        event = EventPage.objects.get(slug="tsunagari-forum", locale__language_code="ja")
        for language in ("en", "vi", "zh-hans", "ko", "pt-br", "ja-x-easy"):
            locale = Locale.objects.get(language_code=language)
            for page in (about, event, HomePage.objects.get(locale__language_code="ja")):
                translated = page.get_translation(locale)
                assert translated.live and translated.alias_of_id is None
                assert Translation.objects.filter(
                    source__object_id=page.translation_key, target_locale=locale, enabled=True
                ).exists(), (page, language)
        # Every text of those pages has its translation: none is marked as partly
        # Japanese or machine-made.
        assert not PartialTranslation.objects.exists()
        assert not MachineTranslation.objects.exists()
        vi = about.get_translation(Locale.objects.get(language_code="vi"))
        assert vi.title == "Giới thiệu mạng lưới"
        assert Locale.objects.get(language_code="th") not in {
            page.locale for page in about.get_translations()
        }

    def test_a_translated_entry_to_the_finder_stays_in_the_readers_language(self):
        from wagtail.models import Locale

        news = NewsPage.objects.get(slug="support-list-updated", locale__language_code="ja")
        vi = news.get_translation(Locale.objects.get(language_code="vi")).specific
        assert vi.title == "Đã cập nhật danh sách nơi tư vấn"
        (button,) = [block for block in vi.body if block.block_type == "call_to_action"]
        assert button.value["text"] == "Tìm nơi tư vấn"
        assert button.value["url"] == "/vi/support/"

    def test_vocabulary_and_subcommittees_are_translated(self):
        from organisations.models import ActivityType, TargetGroup
        from subcommittees.models import Subcommittee

        for row in [*ActivityType.objects.all(), *TargetGroup.objects.all()]:
            assert {"en", "vi", "zh-hans", "ko", "ja-x-easy"} <= set(row.translations), row
        subcommittee = Subcommittee.objects.get(slug="kaimono-ido")
        assert subcommittee.translated("name", "en") == "Transport and Shopping Support"

    def test_accounts_and_their_groups(self):
        admin = User.objects.get(username="admin")
        editor = User.objects.get(username="editor")
        secretariat = User.objects.get(username="secretariat")

        assert admin.is_superuser
        assert not editor.is_superuser and not secretariat.is_superuser
        # 会員: the readers of members-only pages, which editors and the secretariat are.
        assert set(editor.groups.values_list("name", flat=True)) == {"Editors", "会員"}
        assert set(secretariat.groups.values_list("name", flat=True)) == {
            "Moderators",
            "事務局",
            "会員",
        }
        for user in (admin, editor, secretariat):
            assert user.check_password(content.DEMO_PASSWORD)
            assert user.last_name and user.first_name
            assert user.email.endswith("@example.org")
            assert EmailAddress.objects.filter(user=user, email=user.email, verified=True).exists()
            assert user.username in self.output and user.email in self.output
        assert content.DEMO_PASSWORD in self.output
        assert "http://127.0.0.1:8000/admin/" in self.output

    def test_editor_drafts_and_secretariat_publishes(self):
        news_index = NewsIndexPage.objects.get(locale__language_code="ja")
        editor = User.objects.get(username="editor")
        secretariat = User.objects.get(username="secretariat")
        assert news_index.permissions_for_user(editor).can_add_subpage()
        assert not news_index.permissions_for_user(editor).can_publish_subpage()
        assert news_index.permissions_for_user(secretariat).can_publish_subpage()


# --- Runs of its own ---------------------------------------------------------------


def test_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=io.StringIO())
    assert not NewsPage.objects.exists()
    assert not User.objects.filter(username="admin").exists()


# --- Dates that hold on any day --------------------------------------------------


def _days(start, count):
    return [start + datetime.timedelta(days=offset) for offset in range(count)]


@pytest.mark.parametrize("today", _days(datetime.date(2026, 1, 1), 366)[::5])
def test_demo_dates_are_valid_whatever_the_day(today):
    now = datetime.datetime.combine(today, datetime.time(9), tzinfo=content.TOKYO)

    events = content.events(today)
    assert sum(event.start > now for event in events) == 3
    assert sum(event.end < now for event in events) == 3
    for event in events:
        day = event.start.date()
        assert event.start < event.end
        assert event.registration_deadline < day
        assert not content.in_year_end_holidays(day)

    for report in content.reports(today):
        assert report.date <= today
        assert fiscal_year_of(report.date) >= report.fiscal_year
        assert report.date.weekday() < 5

    for item in content.news(today):
        assert item.date <= today
        assert item.date.weekday() < 5
        assert not content.in_year_end_holidays(item.date)
