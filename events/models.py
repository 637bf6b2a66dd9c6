"""Event pages: the events index at /events/ and one page per event, with its .ics."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractFormField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from modelcluster.fields import ParentalKey

from cms.blocks import BodyStreamBlock
from cms.pagination import paginate
from cms.privacy import PRIVATE_PAGE_OPTIONS


class EventType(models.TextChoices):
    FORUM = "forum", _("フォーラム・シンポジウム")
    TRAINING = "training", _("研修会・勉強会")
    VISIT = "visit", _("視察・見学会")
    MEETING = "meeting", _("会議")
    EXCHANGE = "exchange", _("交流会")
    OTHER = "other", _("その他")


class EventFormat(models.TextChoices):
    VENUE = "venue", pgettext_lazy("開催形式", "会場")
    ONLINE = "online", _("オンライン")
    HYBRID = "hybrid", _("会場＋オンライン")


class EventIndexPage(Page):
    """イベント: upcoming events first, then the past ones, newest first.

    ``/events/calendar.ics`` is the subscribable feed of its public events.
    """

    intro = models.TextField(_("リード文"), max_length=500, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    private_page_options = PRIVATE_PAGE_OPTIONS
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1
    site_section = "events"  # {% section_index "events" %}
    past_per_page = 10

    class Meta:
        verbose_name = _("イベント一覧")

    def events(self, parent=None):
        from cms import privacy

        # .public(), restrictions read once per version
        return privacy.public(EventPage.objects.live().child_of(parent or self))

    def events_for(self, request, parent=None):
        """The public events, and for those who read members-only pages the
        members-only events too (never a subcommittee's meetings: theirs)."""
        from organisations.access import reads_members_only

        public = self.events(parent)
        if not reads_members_only(request.user):
            return public
        from cms.privacy import refused

        members_only = (
            EventPage.objects.live()
            .child_of(parent or self)
            .not_public()
            .filter(members_only=True, owned=False)
        )
        readable = [event.pk for event in members_only if not refused(event, request)]
        return EventPage.objects.filter(
            models.Q(pk__in=public.values("pk")) | models.Q(pk__in=readable)
        )

    def get_context(self, request, *args, **kwargs):
        from cms import i18n  # imports wagtail.views: not while models load
        from cms.page_cache import changes_with_time

        context = super().get_context(request, *args, **kwargs)
        changes_with_time(request)  # upcoming becomes past
        now = timezone.now()
        # as news: the Japanese index's
        events = self.events_for(request, i18n.original_page(self))
        context["upcoming_events"] = i18n.pages_in_language(
            events.filter(end__gte=now).order_by("start", "pk")
        )
        context["past_events"] = i18n.paginated_in_language(
            paginate(
                request, events.filter(end__lt=now).order_by("-start", "-pk"), self.past_per_page
            )
        )
        return context


class EventPage(RoutablePageMixin, Page):
    event_type = models.CharField(
        _("種類"), max_length=20, choices=EventType.choices, default=EventType.FORUM
    )
    start = models.DateTimeField(_("開始日時"))
    end = models.DateTimeField(_("終了日時"))
    summary = models.TextField(_("概要"), max_length=500)
    venue_name = models.CharField(_("会場名"), max_length=200, blank=True)
    venue_address = models.CharField(_("会場の所在地"), max_length=255, blank=True)
    online_url = models.URLField(
        _("オンライン参加のURL"),
        blank=True,
        help_text=_(
            "Zoom などの参加用URL。会場とオンラインの両方を書けばハイブリッド開催になります"
        ),
    )
    capacity = models.PositiveIntegerField(
        _("定員"),
        null=True,
        blank=True,
        help_text=_("会場の人数。定員なしなら空欄"),
    )
    online_capacity = models.PositiveIntegerField(
        _("オンラインの定員"),
        null=True,
        blank=True,
        help_text=_("オンライン参加の人数。定員なしなら空欄"),
    )
    referral_seats = models.PositiveIntegerField(
        _("紹介枠"),
        default=0,
        help_text=_(
            "会員団体の窓口から紹介された方のために取っておく会場の席数（定員の内数）。"
            "0にすると残りの席は一般に開放されます。"
        ),
    )
    organiser = models.CharField(_("主催"), max_length=200, default="つながりネット事務局")
    fee = models.CharField(_("参加費"), max_length=100, blank=True, default="無料")
    registration_url = models.URLField(_("申込みURL"), blank=True)
    registration_deadline = models.DateField(_("申込締切"), null=True, blank=True)
    registration_open = models.BooleanField(
        _("このサイトで申込みを受け付ける"),
        default=False,
        help_text=_("定員・締切・キャンセル待ちをこのサイトで管理します。"),
    )
    members_only = models.BooleanField(
        _("会員限定"),
        default=False,
        help_text=_(
            "会員団体の職員だけが見て申し込めるイベントにします（公開の一覧・カレンダー・検索には出ません）。"
            "保存すると「会員」グループへの公開制限が付きます。外すときは公開設定も変えてください。"
        ),
    )
    # A meeting of a subcommittee (events.owners decides who sees and registers).
    owned = models.BooleanField(_("分科会の会議"), default=False, editable=False)
    contact = models.CharField(_("問い合わせ先"), max_length=255, blank=True)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("詳細"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("event_type"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")])], heading=_("日時")
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("venue_name"), FieldPanel("venue_address"), FieldPanel("online_url")],
            heading=_("会場・オンライン"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("fee"),
                FieldPanel("organiser"),
                FieldPanel("registration_url"),
                FieldPanel("contact"),
            ],
            heading=_("参加のご案内"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_open"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("online_capacity")]),
                FieldPanel("referral_seats"),
                FieldPanel("registration_deadline"),
                FieldPanel("members_only"),
                InlinePanel("registration_fields", label=_("追加の質問")),
            ],
            heading=_("参加申込み"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("venue_name"),
        index.SearchField("venue_address"),
        index.SearchField("body"),
        index.FilterField("start"),
        index.FilterField("end"),
    ]

    private_page_options = PRIVATE_PAGE_OPTIONS
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("イベント")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.members_only or self.owned:
            self.restrict_to_members()

    def restrict_to_members(self):
        """Restrict the page to the 会員 group (Wagtail's privacy), unless it already is.

        Then Wagtail keeps it out of listings, feeds, search and sitemaps for
        everyone else, and sends signed-out readers to sign in. Never lifted
        here: unticking 会員限定 leaves the page private until an editor
        changes its privacy too (failing closed).
        """
        from wagtail.models import PageViewRestriction

        from organisations.services.audience import members_group

        group = members_group()
        restrictions = PageViewRestriction.objects.filter(
            page=self, restriction_type=PageViewRestriction.GROUPS
        )
        if restrictions.filter(groups=group).exists():
            return
        restriction = PageViewRestriction.objects.create(
            page=self, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set([group])

    def serve(self, request, *args, **kwargs):
        # Wagtail's restriction (the 会員 group) is checked before this; an
        # owned event (a subcommittee's meeting) asks its owner besides.
        if self.owned:
            from events import owners

            if not owners.owner().can_view(request.user, self):
                raise Http404
        return super().serve(request, *args, **kwargs)

    @classmethod
    def get_indexed_objects(cls):
        return super().get_indexed_objects().filter(owned=False)

    def get_indexed_instance(self):
        """Meetings stay out of the site search: they are their subcommittee's."""
        return None if self.owned else super().get_indexed_instance()

    @property
    def format(self):
        if self.venue_name and self.online_url:
            return EventFormat.HYBRID
        return EventFormat.ONLINE if self.online_url else EventFormat.VENUE

    @property
    def format_label(self):
        return EventFormat(self.format).label

    @property
    def is_past(self):
        return self.end < timezone.now()

    @property
    def is_same_day(self):
        return timezone.localtime(self.start).date() == timezone.localtime(self.end).date()

    @property
    def search_date(self):
        """The event's day in search results (not when its notice was published)."""
        return timezone.localtime(self.start).date()

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("終了日時は開始日時より後にしてください。")
        if not (self.venue_name or self.online_url):
            errors["venue_name"] = _(
                "会場名かオンライン参加のURLの少なくとも一方を入力してください。"
            )
        if (
            self.registration_deadline
            and self.start
            and self.registration_deadline > timezone.localtime(self.start).date()
        ):
            errors["registration_deadline"] = _("申込締切は開催日より前にしてください。")
        if self.referral_seats and (self.capacity is None or self.referral_seats > self.capacity):
            errors["referral_seats"] = _("紹介枠は会場の定員以下の数にしてください。")
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from cms.page_cache import changes_with_time

        context = super().get_context(request, *args, **kwargs)
        changes_with_time(request)  # the seats left, the registration deadline
        if self.registration_open:
            from events import services

            context["registration_state"] = services.registration_state(self, request.user)
            context["seats"] = [
                (mode.label, services.seats_left(self, mode)) for mode in self.attendance_modes
            ]
        context["schema_org"] = self.schema_org(request, context.get("seats"))
        return context

    def schema_org(self, request, seats=None):
        """schema.org ``Event`` as JSON for a ld+json block, with the seats still free."""
        import json

        from django.utils.safestring import mark_safe

        modes = {
            EventFormat.VENUE: "https://schema.org/OfflineEventAttendanceMode",
            EventFormat.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
            EventFormat.HYBRID: "https://schema.org/MixedEventAttendanceMode",
        }
        locations = []
        if self.venue_name:
            locations.append(
                {"@type": "Place", "name": self.venue_name, "address": self.venue_address}
            )
        if self.online_url:
            # The page, not the meeting link: that goes to registrants only.
            locations.append({"@type": "VirtualLocation", "url": self.get_full_url(request)})
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "description": self.summary,
            "startDate": self.start.isoformat(),
            "endDate": self.end.isoformat(),
            "eventAttendanceMode": modes[self.format],
            "eventStatus": "https://schema.org/EventScheduled",
            "location": locations[0] if len(locations) == 1 else locations,
            "organizer": {"@type": "Organization", "name": self.organiser},
            "url": self.get_full_url(request),
        }
        if seats and all(left is not None for _label, left in seats):
            data["remainingAttendeeCapacity"] = sum(left for _label, left in seats)
        text = json.dumps(data, ensure_ascii=False)
        for char, escaped in (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026")):
            text = text.replace(char, escaped)
        return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped

    def capacity_for(self, mode):
        return self.online_capacity if mode == AttendanceMode.ONLINE else self.capacity

    @property
    def attendance_modes(self):
        """The modes one may register for: the venue, online, or both (hybrid)."""
        modes = []
        if self.venue_name:
            modes.append(AttendanceMode.VENUE)
        if self.online_url:
            modes.append(AttendanceMode.ONLINE)
        return modes or [AttendanceMode.VENUE]

    @path("ics/", name="ics")
    def ics(self, request):
        from events.calendar import event_ics_response

        return event_ics_response(self, request)

    @path("register/", name="register")
    def register(self, request):
        from events.views import register

        return register(request, self)

    @path("register/done/", name="registered")
    def registered(self, request):
        from events.views import registered

        return registered(request, self)

    @path("register/cancel/<str:token>/", name="cancel")
    def cancel(self, request, token):
        from events.views import cancel

        return cancel(request, self, token)

    @path("register/offer/<str:token>/", name="accept_offer")
    def accept_offer(self, request, token):
        from events.views import accept_offer

        return accept_offer(request, self, token)


class EventFormField(AbstractFormField):
    """One of the editor's extra questions on an event's registration form."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="registration_fields")

    class Meta(AbstractFormField.Meta):
        verbose_name = _("追加の質問")


class AttendanceMode(models.TextChoices):
    VENUE = "venue", pgettext_lazy("参加方法", "会場で参加")
    ONLINE = "online", _("オンラインで参加")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("参加確定")
    WAITING = "waiting", _("キャンセル待ち")
    OFFERED = "offered", _("空席のご案内中")
    CANCELLED = "cancelled", _("キャンセル")
    ATTENDED = "attended", _("出席")
    NO_SHOW = "no_show", _("欠席（連絡なし）")


# Statuses that hold a seat: an offer keeps the seat until it runs out.
SEAT_HOLDING = [
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.OFFERED,
    RegistrationStatus.ATTENDED,
    RegistrationStatus.NO_SHOW,
]
ACTIVE = [*SEAT_HOLDING, RegistrationStatus.WAITING]


class AccessibilityNeed(models.TextChoices):
    WHEELCHAIR = "wheelchair", _("車いす席")
    SIGN_LANGUAGE = "sign_language", _("手話通訳")
    CAPTIONS = "captions", _("文字通訳・字幕")
    CHILDCARE = "childcare", _("託児")
    OTHER = "other", _("その他")


class InterpretationLanguage(models.TextChoices):
    NONE = "", _("不要")
    EASY_JAPANESE = "ja-easy", _("やさしい日本語")
    ENGLISH = "en", _("英語")
    CHINESE = "zh", _("中国語")
    KOREAN = "ko", _("韓国語")
    VIETNAMESE = "vi", _("ベトナム語")
    OTHER = "other", _("その他")


def new_token():
    return secrets.token_urlsafe(32)


# The code shown at the door: no 0/O or 1/I to misread.
CHECK_IN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CHECK_IN_CODE_LENGTH = 8


def new_check_in_code():
    return "".join(secrets.choice(CHECK_IN_ALPHABET) for _ in range(CHECK_IN_CODE_LENGTH))


class Registration(models.Model):
    """One registration for an event: a seat, a place on the waiting list, or a cancellation.

    Seats change only in events.services, inside a transaction that holds the
    event's lock. The cancel token is the registrant's key (cancel, accept an
    offer); it is sent by e-mail only.
    """

    event = models.ForeignKey(
        EventPage,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("イベント"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("アカウント"),
    )
    name = models.CharField(_("お名前"), max_length=100)
    email = models.EmailField(_("メールアドレス"))
    organisation_name = models.CharField(_("所属"), max_length=200, blank=True)
    party_size = models.PositiveSmallIntegerField(_("人数"), default=1)
    mode = models.CharField(
        _("参加方法"), max_length=10, choices=AttendanceMode.choices, default=AttendanceMode.VENUE
    )
    accessibility = models.JSONField(_("合理的配慮"), default=list, blank=True)
    accessibility_other = models.CharField(_("合理的配慮（その他）"), max_length=500, blank=True)
    interpretation_language = models.CharField(
        _("通訳の言語"),
        max_length=10,
        choices=InterpretationLanguage.choices,
        blank=True,
        default="",
    )
    answers = models.JSONField(_("追加の質問への回答"), default=dict, blank=True)
    referred = models.BooleanField(
        _("紹介枠"),
        default=False,
        help_text=_("会員団体の窓口からの紹介で、紹介枠の席を使えます。"),
    )
    language = models.CharField(_("メールの言語"), max_length=10, default="ja")
    status = models.CharField(
        _("状態"), max_length=10, choices=RegistrationStatus.choices, db_index=True
    )
    created_at = models.DateTimeField(_("申込日時"), default=timezone.now, db_index=True)
    offered_until = models.DateTimeField(_("空席のご案内の期限"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("キャンセル日時"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("受付日時"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # Shown (and as a QR code) to the registrant for check-in; it opens nothing itself.
    check_in_code = models.CharField(
        _("受付コード"),
        max_length=CHECK_IN_CODE_LENGTH,
        default=new_check_in_code,
        editable=False,
        db_index=True,
    )

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("参加申込み")
        verbose_name_plural = _("参加申込み")
        constraints = [
            # One active registration per address and event: a form sent twice
            # (double click, back and resend) registers once.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~models.Q(status="cancelled") & ~models.Q(email=""),
                name="events_registration_one_active_per_email",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.event})"

    @property
    def check_in_code_display(self):
        code = self.check_in_code
        return f"{code[:4]}-{code[4:]}"

    @property
    def holds_seat(self):
        return self.status in SEAT_HOLDING

    @property
    def accessibility_text(self):
        return pgettext("列挙の区切り", "、").join(self.accessibility_labels())

    @property
    def answers_text(self):
        return " / ".join(
            f"{label}: {', '.join(map(str, value)) if isinstance(value, list) else value}"
            for label, value in (self.answers or {}).items()
        )

    def accessibility_labels(self):
        labels = [
            str(AccessibilityNeed(value).label)
            for value in self.accessibility
            if value in AccessibilityNeed.values and value != AccessibilityNeed.OTHER
        ]
        if self.accessibility_other:
            labels.append(self.accessibility_other)
        return labels


class CalendarFeed(models.Model):
    """A member's personal calendar feed: its private token is the URL's only key."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_calendar_feed",
        verbose_name=_("アカウント"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("作成日時"), default=timezone.now)

    class Meta:
        verbose_name = _("個人用カレンダー")
        verbose_name_plural = _("個人用カレンダー")

    def __str__(self):
        return str(self.user)
