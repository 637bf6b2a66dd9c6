"""Needs and offers between member organisations (ニーズ×シーズ, issue 19).

- ``Listing`` is one need or one offer of a member organisation: its type
  (人・場所・物・資金・知識・情報・その他), text, area (a municipality, or the
  whole prefecture), the target groups and activity types it concerns (the
  directory's vocabularies), a period or "ongoing", how to respond, its
  status (draft → open → closed or met) and audience (members or public).
- ``ListingTerm`` holds a listing's analysed terms (``search.analysis``), so
  the matcher (``exchange.matching``) scores text closeness in the database.
- ``Match`` records a need–offer pair's life: suggested → contacted → agreed
  → done, and whether the daily digest told the need's organisation.
- ``Thread`` and ``Message``: the conversation a response ("協力できます",
  "関心があります") or a secretariat introduction (紹介) opens between two
  organisations; both sides and the secretariat read it, no address is shown.

Who sees what is in ``exchange.access``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelsearch import index

from organisations.choices import OrganisationStatus
from organisations.models import ActivityType, Organisation, TargetGroup

from .choices import Audience, Kind, ResourceType, Stage, Status, ThreadKind

VISIBLE_STATUSES = (Status.OPEN, Status.CLOSED, Status.MET)


class ListingQuerySet(models.QuerySet):
    def shown(self):
        """Published, not hidden by the secretariat, of an active member organisation."""
        return self.filter(
            status__in=VISIBLE_STATUSES,
            is_hidden=False,
            organisation__status=OrganisationStatus.ACTIVE,
        )

    def public(self):
        return self.shown().filter(audience=Audience.PUBLIC)

    def open_on(self, day):
        """Open, and not ended before ``day`` (no end: ongoing)."""
        return (
            self.shown()
            .filter(status=Status.OPEN)
            .filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=day))
        )


class Listing(models.Model):
    kind = models.CharField(_("種類"), max_length=10, choices=Kind.choices, db_index=True)
    resource_type = models.CharField(_("何についてか"), max_length=20, choices=ResourceType.choices)
    title = models.CharField(
        _("見出し"),
        max_length=100,
        help_text=_("ひとことで。例：土曜の交流会にベトナム語の通訳を"),
    )
    description = models.TextField(
        _("くわしい内容"),
        max_length=3000,
        help_text=_("いつ、どこで、何が、どのくらい必要か（提供できるか）を書いてください。"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="exchange_listings",
        verbose_name=_("団体"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("作成した人"),
    )
    area = models.CharField(
        _("地域"),
        max_length=50,
        blank=True,
        db_index=True,
        help_text=_("空欄にすると「県内全域」になります。"),
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="+", verbose_name=_("取組の対象")
    )
    activity_types = models.ManyToManyField(
        ActivityType, blank=True, related_name="+", verbose_name=_("取組の種類")
    )
    starts_on = models.DateField(_("開始日"), null=True, blank=True)
    ends_on = models.DateField(
        _("終了日"), null=True, blank=True, help_text=_("空欄にすると「期限なし（継続）」です。")
    )
    how_to_respond = models.TextField(
        _("応じ方"),
        max_length=1000,
        blank=True,
        help_text=_("例：まずはサイトのメッセージでご連絡ください。見学もできます。"),
    )
    status = models.CharField(
        _("状態"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    audience = models.CharField(
        _("公開範囲"), max_length=10, choices=Audience.choices, default=Audience.MEMBERS
    )
    met_by = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("応えてくれた団体"),
    )
    is_hidden = models.BooleanField(
        _("事務局が非表示にした"),
        default=False,
        help_text=_("チェックすると、一覧・検索・詳細のどこにも表示されません。"),
    )
    is_highlighted = models.BooleanField(
        _("トップページで紹介する"),
        default=False,
        help_text=_("どなたにも公開の募集中のものだけがトップページに出ます。"),
    )
    published_at = models.DateTimeField(_("公開日時"), null=True, blank=True)
    met_at = models.DateTimeField(_("解決日時"), null=True, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = ListingQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("ニーズ・シーズ")
        verbose_name_plural = _("ニーズ・シーズ")
        indexes = [models.Index(fields=["kind", "status", "ends_on"], name="exchange_open")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.status != Status.DRAFT and self.published_at is None:
            self.published_at = timezone.now()
        if self.status == Status.MET and self.met_at is None:
            self.met_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("exchange:detail", kwargs={"pk": self.pk})

    @property
    def area_label(self):
        return self.area or _("県内全域")

    @property
    def is_need(self):
        return self.kind == Kind.NEED

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("終了日は開始日より後の日にしてください。")})


class ListingTerm(models.Model):
    """One analysed term of a listing and its weight (title terms count more)."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=100)
    weight = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["term", "listing", "weight"], name="exchange_term")]
        constraints = [
            models.UniqueConstraint(fields=["listing", "term"], name="exchange_term_once")
        ]

    def __str__(self):
        return self.term


class Match(models.Model):
    need = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="offer_matches", verbose_name=_("ニーズ")
    )
    offer = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="need_matches", verbose_name=_("シーズ")
    )
    stage = models.CharField(
        _("段階"), max_length=20, choices=Stage.choices, default=Stage.SUGGESTED, db_index=True
    )
    score = models.FloatField(_("スコア"), default=0)
    reasons = models.JSONField(_("提案の理由"), default=list, blank=True)
    need_notified_at = models.DateTimeField(_("ニーズの団体に知らせた日時"), null=True, blank=True)
    offer_notified_at = models.DateTimeField(_("シーズの団体に知らせた日時"), null=True, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("マッチ")
        verbose_name_plural = _("マッチ")
        constraints = [
            models.UniqueConstraint(fields=["need", "offer"], name="exchange_match_once")
        ]

    def __str__(self):
        return f"{self.need} × {self.offer}"


class Thread(models.Model):
    """A conversation about one listing between its organisation and another."""

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="threads", verbose_name=_("ニーズ・シーズ")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="exchange_threads",
        verbose_name=_("相手の団体"),
    )
    kind = models.CharField(_("きっかけ"), max_length=20, choices=ThreadKind.choices)
    match = models.ForeignKey(
        Match, on_delete=models.SET_NULL, null=True, blank=True, related_name="threads"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("始めた人"),
    )
    created_at = models.DateTimeField(_("開始日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("最後のメッセージ"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("やりとり")
        verbose_name_plural = _("やりとり")
        constraints = [
            models.UniqueConstraint(fields=["listing", "organisation"], name="exchange_thread_once")
        ]

    def __str__(self):
        return f"{self.listing} – {self.organisation}"

    def get_absolute_url(self):
        return reverse("exchange:thread", kwargs={"pk": self.pk})

    def other_side(self, organisation):
        return (
            self.organisation
            if organisation.pk == self.listing.organisation_id
            else (self.listing.organisation)
        )


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("書いた人"),
    )
    author_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("書いた団体"),
        help_text=_("空欄は事務局"),
    )
    body = models.TextField(_("メッセージ"), max_length=4000)
    is_hidden = models.BooleanField(_("非表示"), default=False)
    created_at = models.DateTimeField(_("送信日時"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("メッセージ")
        verbose_name_plural = _("メッセージ")

    def __str__(self):
        return f"{self.thread_id}: {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return f"{self.thread.get_absolute_url()}#message-{self.pk}"


class DigestSetting(models.Model):
    """A member's choice for the e-mail of new matches (default: daily)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exchange_digest"
    )
    choice = models.CharField(_("新しいマッチのメール"), max_length=10, default="daily")
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("マッチのメール設定")
        verbose_name_plural = _("マッチのメール設定")

    def __str__(self):
        return f"{self.user}: {self.choice}"


# --- The site search's view (its kind: exchange/search_kinds.py) -----------------


class IndexedListing(index.Indexed, Listing):
    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.SearchField("area"),
        index.RelatedFields("target_groups", [index.SearchField("name")]),
        index.RelatedFields("activity_types", [index.SearchField("name")]),
        index.FilterField("id"),
        index.FilterField("audience"),
        index.FilterField("updated_at"),
    ]
    search_auto_update = False

    class Meta:
        proxy = True

    @classmethod
    def get_indexed_objects(cls):
        return (
            super()
            .get_indexed_objects()
            .filter(
                status__in=VISIBLE_STATUSES,
                is_hidden=False,
                organisation__status=OrganisationStatus.ACTIVE,
            )
        )
