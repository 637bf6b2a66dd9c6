"""What the site counts by itself: one documented query per indicator.

Each function takes the first and last day of a period (both included;
dates in Asia/Tokyo) and returns ``(month, part, value)`` rows, see
``registry.py``. ``register_all`` declares them (KpiConfig.ready).
Definitions are written for the secretariat: they appear on the dashboard
and in the export, so two screens never disagree about what a figure means.
"""

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from machina.core.db.models import get_model as get_machina_model

from events import services as event_services
from events.models import EventPage, Registration, RegistrationStatus
from exchange.choices import Kind as ListingKind
from exchange.choices import Status as ListingStatus
from exchange.choices import ThreadKind
from exchange.models import Listing, Thread
from kpi import registry
from kpi.models import SearchDay
from kpi.periods import as_month, aware_bounds, month_end, months
from kpi.receivers import write_searches
from organisations.choices import ApplicationStatus, OrganisationStatus, Tier
from organisations.models import Application, Organisation, StatusHistory
from practices.models import PracticePage
from subcommittees.models import MeetingRecord, Subcommittee


def _by_month(queryset, field, value=None):
    """``(month, "", value)`` rows of ``queryset`` grouped by the month of ``field``."""
    rows = (
        queryset.annotate(kpi_month=TruncMonth(field))
        .values("kpi_month")
        .annotate(kpi_value=value or Count("pk"))
        .order_by("kpi_month")
    )
    return [(as_month(row["kpi_month"]), "", row["kpi_value"] or 0) for row in rows]


def new_members(first, last):
    """Organisations whose 入会日 (joined_on) falls in the period, whatever
    their status today (one that joined and left in the year still joined)."""
    return _by_month(Organisation.objects.filter(joined_on__range=(first, last)), "joined_on")


def members(first, last):
    """Member organisations at each month's end, in all and by tier: those whose
    latest status-history row on that day says 会員 (active). Suspended
    (資格停止), withdrawn and expelled organisations are not counted.
    One query reads the history up to the period's last day; the sweep over
    month ends is done in Python."""
    history = (
        StatusHistory.objects.filter(valid_from__lte=last)
        .order_by("valid_from", "pk")
        .values_list("organisation_id", "valid_from", "status", "tier")
    )
    rows = []
    state = {}
    pending = iter(history)
    row = next(pending, None)
    for month in months(first, last):
        end = month_end(month)
        while row is not None and row[1] <= end:
            state[row[0]] = (row[2], row[3])
            row = next(pending, None)
        by_tier = dict.fromkeys(Tier.values, 0)
        for status, tier in state.values():
            if status == OrganisationStatus.ACTIVE:
                by_tier[tier] = by_tier.get(tier, 0) + 1
        rows.append((month, "", sum(by_tier.values())))
        rows.extend((month, tier, count) for tier, count in by_tier.items())
    return rows


def applications_received(first, last):
    """Membership applications submitted in the period whose e-mail address was
    confirmed (an unconfirmed one never reached the secretariat)."""
    return _by_month(
        Application.objects.filter(
            submitted_at__range=aware_bounds(first, last), email_confirmed_at__isnull=False
        ).exclude(status=ApplicationStatus.UNCONFIRMED),
        "submitted_at",
    )


def applications_decided(first, last):
    """Applications accepted or declined in the period (by 決定日時), in all and by decision."""
    start, end = aware_bounds(first, last)
    rows = (
        Application.objects.filter(decided_at__gte=start, decided_at__lt=end)
        .annotate(kpi_month=TruncMonth("decided_at"))
        .values("kpi_month", "status")
        .annotate(kpi_value=Count("pk"))
        .order_by("kpi_month")
    )
    out = {}
    for row in rows:
        month = as_month(row["kpi_month"])
        out[(month, "")] = out.get((month, ""), 0) + row["kpi_value"]
        out[(month, row["status"])] = row["kpi_value"]
    return [(month, part, value) for (month, part), value in out.items()]


def practices_published(first, last):
    """Write-ups (取組事例) first published in the period and live now, in
    Japanese (their translations are the same write-up)."""
    start, end = aware_bounds(first, last)
    return _by_month(
        PracticePage.objects.live()
        .filter(locale__language_code=settings.LANGUAGE_CODE, alias_of__isnull=True)
        .filter(first_published_at__gte=start, first_published_at__lt=end),
        "first_published_at",
    )


def forum_topics(first, last):
    """Forum topics started in the period and approved (moderated ones once let through)."""
    Topic = get_machina_model("forum_conversation", "Topic")
    start, end = aware_bounds(first, last)
    return _by_month(
        Topic.objects.filter(approved=True, created__gte=start, created__lt=end), "created"
    )


def forum_posts(first, last):
    """Approved forum posts written in the period, first posts of topics included."""
    Post = get_machina_model("forum_conversation", "Post")
    start, end = aware_bounds(first, last)
    return _by_month(
        Post.objects.filter(approved=True, created__gte=start, created__lt=end), "created"
    )


def active_subcommittees(first, last):
    """Subcommittees (分科会) that are active now and were created by each
    month's end. Closing a subcommittee is not dated, so a past year's value
    is only final once the year is marked reported (frozen)."""
    created = list(
        Subcommittee.objects.filter(
            is_active=True, created_at__lt=aware_bounds(first, last)[1]
        ).values_list("created_at", flat=True)
    )
    rows = []
    for month in months(first, last):
        end = aware_bounds(month, month_end(month))[1]
        rows.append((month, "", sum(1 for when in created if when < end)))
    return rows


def meetings_held(first, last):
    """Subcommittee meetings whose record gives a 開催日 in the period."""
    return _by_month(MeetingRecord.objects.filter(date__range=(first, last)), "date")


def _events(first, last):
    start, end = aware_bounds(first, last)
    return EventPage.objects.live().filter(
        locale__language_code=settings.LANGUAGE_CODE,
        alias_of__isnull=True,
        start__gte=start,
        start__lt=end,
    )


def events_held(first, last):
    """Events (forums, training, visits) that started in the period and are
    published, counted once whatever their translations."""
    return _by_month(_events(first, last), "start")


def _registrations(first, last, statuses):
    start, end = aware_bounds(first, last)
    return _by_month(
        Registration.objects.filter(event__start__gte=start, event__start__lt=end),
        "event__start",
        Count("pk", filter=Q(status__in=statuses)),
    )


def registrations(first, last):
    """Registrations for events that started in the period, counted like the
    event's own figures (events.services.counts: confirmed, attended and
    no-show; party size not added)."""
    return _registrations(first, last, event_services.COUNTED_AS_REGISTERED)


def attendance(first, last):
    """Registrations checked in as attended at events that started in the period."""
    return _registrations(first, last, [RegistrationStatus.ATTENDED])


def translated_pages(first, last):
    """Pages first published in the period in a language other than Japanese
    (translations, machine or human; aliases not counted), live now."""
    start, end = aware_bounds(first, last)
    return _by_month(
        Page.objects.live()
        .exclude(locale__language_code=settings.LANGUAGE_CODE)
        .filter(alias_of__isnull=True, first_published_at__gte=start, first_published_at__lt=end),
        "first_published_at",
    )


def searches(first, last):
    """Searches made on the site search page (a daily counter: no query text,
    no person, no address is kept; further pages of the same results are not
    counted). What the last minute's searches gathered in the cache is
    written first."""
    write_searches()
    return _by_month(SearchDay.objects.filter(day__range=(first, last)), "day", Sum("count"))


def _needs_published(first, last):
    start, end = aware_bounds(first, last)
    return Listing.objects.exclude(status=ListingStatus.DRAFT).filter(
        kind=ListingKind.NEED, published_at__gte=start, published_at__lt=end
    )


def needs_posted(first, last):
    """Needs (ニーズ) published in the period, by their 公開日時, whatever their
    state today (closed, met or hidden later still count); drafts never published
    are not counted (exchange.stats: ``needs_posted``)."""
    return _by_month(_needs_published(first, last), "published_at")


def needs_matched(first, last):
    """Needs published in the period that got at least one conversation (a
    response from another organisation or a secretariat introduction), counted
    in the month the need was published (exchange.stats: ``needs_matched``)."""
    return _by_month(
        _needs_published(first, last),
        "published_at",
        Count("pk", distinct=True, filter=Q(threads__isnull=False)),
    )


def needs_met(first, last):
    """Needs marked 解決済み (met) in the period, by their 解決日時
    (exchange.stats: ``needs_met``)."""
    start, end = aware_bounds(first, last)
    return _by_month(
        Listing.objects.filter(
            kind=ListingKind.NEED, status=ListingStatus.MET, met_at__gte=start, met_at__lt=end
        ),
        "met_at",
    )


def introductions(first, last):
    """Introductions (紹介) the secretariat made in the period: conversations it
    opened between a listing's organisation and another (exchange.stats:
    ``introductions``)."""
    start, end = aware_bounds(first, last)
    return _by_month(
        Thread.objects.filter(
            kind=ThreadKind.INTRODUCTION, created_at__gte=start, created_at__lt=end
        ),
        "created_at",
    )


# (key, name, unit, function, definition, options): the definitions are what
# the secretariat reads on the dashboard and in the export.
SITE_COUNTS = (
    (
        "new_members",
        _("新規会員団体数"),
        _("団体"),
        new_members,
        _("入会日が期間内の団体の数。その後に退会した団体も含みます。"),
        {},
    ),
    (
        "members",
        _("年度末の会員団体数"),
        _("団体"),
        members,
        _(
            "各月末（年度は3月31日）に「会員」の状態にあった団体の数。会員区分別の内訳つき。"
            "資格停止・退会・除名の団体は含みません。状態と会員区分の履歴から数えます。"
        ),
        {"aggregation": registry.LAST, "parts": "tiers"},
    ),
    (
        "applications_received",
        _("入会申込みの受付数"),
        _("件"),
        applications_received,
        _("期間内に受け付けた入会申込みの数（メールアドレスの確認が済んだもの）。"),
        {},
    ),
    (
        "applications_decided",
        _("入会申込みの審査数"),
        _("件"),
        applications_decided,
        _("期間内に承認または不承認を決定した入会申込みの数。決定別の内訳つき。"),
        {"parts": "decisions"},
    ),
    (
        "practices_published",
        _("公開した取組事例数"),
        _("件"),
        practices_published,
        _("期間内に初めて公開され、現在も公開中の取組事例の数（日本語版のみ。翻訳は数えません）。"),
        {},
    ),
    (
        "forum_topics",
        _("フォーラムのトピック数"),
        _("件"),
        forum_topics,
        _("期間内に立てられ、承認済みのフォーラムのトピックの数。"),
        {},
    ),
    (
        "forum_posts",
        _("フォーラムの投稿数"),
        _("件"),
        forum_posts,
        _("期間内に書かれ、承認済みのフォーラムの投稿の数（トピックの最初の投稿を含みます）。"),
        {},
    ),
    (
        "active_subcommittees",
        _("活動中の分科会数"),
        _("分科会"),
        active_subcommittees,
        _("各月末までに作られ、現在活動中の分科会の数。年度を報告済みにすると固定されます。"),
        {"aggregation": registry.LAST},
    ),
    (
        "meetings_held",
        _("分科会の開催回数"),
        _("回"),
        meetings_held,
        _("開催日が期間内の分科会の会議記録の数。"),
        {},
    ),
    (
        "events_held",
        _("イベントの開催回数"),
        _("回"),
        events_held,
        _(
            "開始日時が期間内の公開中のイベント（フォーラム・研修会・見学会など）の数。翻訳は数えません。"
        ),
        {},
    ),
    (
        "registrations",
        _("イベントの申込者数"),
        _("人"),
        registrations,
        _("期間内に始まったイベントの申込みの数（確定・参加・欠席。キャンセルと待機は除きます）。"),
        {},
    ),
    (
        "attendance",
        _("イベントの参加者数"),
        _("人"),
        attendance,
        _("期間内に始まったイベントで、受付で参加と記録された申込みの数。"),
        {},
    ),
    (
        "translated_pages",
        _("翻訳したページ数"),
        _("ページ"),
        translated_pages,
        _("期間内に日本語以外の言語で初めて公開され、現在も公開中のページの数。"),
        {},
    ),
    (
        "searches",
        _("サイト内検索の回数"),
        _("回"),
        searches,
        _(
            "サイト内検索で検索した回数。日ごとの回数だけを記録し、検索語や検索した人は記録しません。"
        ),
        {},
    ),
    (
        "needs_posted",
        _("投稿されたニーズ数"),
        _("件"),
        needs_posted,
        _(
            "ニーズ×シーズで期間内に公開されたニーズの数。"
            "その後に終了・解決・非表示になったものも含みます（下書きは数えません）。"
        ),
        {},
    ),
    (
        "needs_matched",
        _("つながったニーズ数"),
        _("件"),
        needs_matched,
        _(
            "期間内に公開されたニーズのうち、ほかの団体からの応答または事務局の紹介で"
            "やりとりが始まったものの数（ニーズを公開した月に数えます）。"
        ),
        {},
    ),
    (
        "needs_met",
        _("解決したニーズ数"),
        _("件"),
        needs_met,
        _("期間内に「解決済み」になったニーズの数（解決日時で数えます）。"),
        {},
    ),
    (
        "introductions",
        _("事務局による紹介の件数"),
        _("件"),
        introductions,
        _("期間内に事務局がニーズ×シーズで団体どうしを紹介した件数。"),
        {},
    ),
)


def register_all():
    parts = {
        "tiers": dict(Tier.choices),
        "decisions": {
            ApplicationStatus.ACCEPTED.value: ApplicationStatus.ACCEPTED.label,
            ApplicationStatus.DECLINED.value: ApplicationStatus.DECLINED.label,
        },
    }
    for key, name, unit, count, definition, options in SITE_COUNTS:
        options = dict(options)
        if "parts" in options:
            options["parts"] = parts[options["parts"]]
        registry.register(key, name, unit, count, definition, **options)
