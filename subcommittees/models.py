"""Subcommittees (分科会), their members, join requests, invitations and meeting records.

Who may read or change any of it is decided in ``subcommittees.access``; every
change goes through ``subcommittees.services`` (one transaction each, the
forum's permissions re-synced inside it).
"""

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from modelsearch import index

from cms.sanitise import sanitise_rich_text
from cms.translation.fields import TranslatedFieldsMixin
from organisations.models import Prefecture, TargetGroup


class Subcommittee(TranslatedFieldsMixin):
    TRANSLATED_FIELDS = ("name", "theme")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("公開（誰でも閲覧でき、参加者が投稿）")
        MEMBERS = "members", _("参加者限定（参加者だけが閲覧・投稿）")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("会員なら誰でも参加できる")
        REQUEST = "request", _("申請して世話人が承認")
        INVITATION = "invitation", _("世話人からの招待のみ")

    name = models.CharField(_("分科会名"), max_length=100)
    slug = models.SlugField(
        _("URL名"),
        max_length=60,
        unique=True,
        allow_unicode=False,
        help_text=_("URLに使う半角英数字とハイフン（例: kodomo-shokudo）"),
    )
    theme = models.CharField(_("テーマ"), max_length=200)
    description = models.TextField(
        _("説明"), blank=True, help_text=_("分科会の目的や活動内容（プレーンテキスト）")
    )
    prefectures = models.ManyToManyField(
        Prefecture, blank=True, related_name="subcommittees", verbose_name=_("対象の都道府県")
    )
    municipalities = models.CharField(
        _("対象の市区町村"), max_length=255, blank=True, help_text=_("例: 松山市、八幡浜市")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="subcommittees", verbose_name=_("取組の対象")
    )
    visibility = models.CharField(
        _("公開範囲"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    join_policy = models.CharField(
        _("参加方法"), max_length=20, choices=JoinPolicy.choices, default=JoinPolicy.REQUEST
    )
    moderate_posts = models.BooleanField(
        _("投稿を承認制にする"),
        default=False,
        help_text=_(
            "オンにすると、参加者の新しいトピックや返信は世話人が承認するまで公開されません。"
            "承認待ちの投稿があると世話人にメールでお知らせします。"
        ),
    )
    forum = models.OneToOneField(
        "forum.Forum",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subcommittee",
        verbose_name=_("フォーラム"),
    )
    is_active = models.BooleanField(
        _("活動中"), default=True, help_text=_("外すと事務局以外には表示されなくなります。")
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("分科会")
        verbose_name_plural = _("分科会")

    def __str__(self):
        return self.name

    @property
    def translated_theme(self):
        return self.translated("theme")

    def get_absolute_url(self):
        return reverse("subcommittees:detail", args=[self.slug])

    @property
    def is_members_only(self):
        return self.visibility == self.Visibility.MEMBERS

    def coordinators(self):
        return [m.user for m in self.memberships.all() if m.role == MembershipRole.COORDINATOR]


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("参加者")
    COORDINATOR = "coordinator", _("世話人")


class NotifyChoice(models.TextChoices):
    INSTANT = "instant", _("新しい投稿のたびにメールで受け取る")
    DAILY = "daily", _("1日1回まとめて受け取る")
    NONE = "none", _("メールを受け取らない")


class SubcommitteeMembership(models.Model):
    Role = MembershipRole
    Notify = NotifyChoice

    subcommittee = models.ForeignKey(
        Subcommittee, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subcommittee_memberships"
    )
    role = models.CharField(
        _("役割"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    notify = models.CharField(
        _("メール通知"), max_length=20, choices=NotifyChoice.choices, default=NotifyChoice.INSTANT
    )
    joined_at = models.DateTimeField(_("参加日時"), auto_now_add=True)

    class Meta:
        ordering = ["role", "joined_at", "pk"]  # coordinators first
        constraints = [
            models.UniqueConstraint(
                fields=["subcommittee", "user"], name="subcommittee_membership_unique"
            )
        ]
        verbose_name = _("分科会の参加者")
        verbose_name_plural = _("分科会の参加者")

    def __str__(self):
        return f"{self.user} ({self.subcommittee})"

    @property
    def is_coordinator(self):
        return self.role == MembershipRole.COORDINATOR


class DecisionStatus(models.TextChoices):
    PENDING = "pending", _("未対応")
    ACCEPTED = "accepted", _("承認")
    DECLINED = "declined", _("見送り")


class JoinRequest(models.Model):
    Status = DecisionStatus

    subcommittee = models.ForeignKey(
        Subcommittee, on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subcommittee_requests"
    )
    message = models.TextField(_("世話人へのメッセージ"), blank=True, max_length=2000)
    status = models.CharField(
        _("状態"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.PENDING
    )
    created_at = models.DateTimeField(_("申請日時"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("対応日時"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subcommittee", "user"],
                condition=Q(status="pending"),
                name="subcommittee_one_pending_request",
            )
        ]
        verbose_name = _("参加申請")
        verbose_name_plural = _("参加申請")

    def __str__(self):
        return f"{self.user} → {self.subcommittee}"


class SubcommitteeInvitation(models.Model):
    Status = DecisionStatus

    subcommittee = models.ForeignKey(
        Subcommittee, on_delete=models.CASCADE, related_name="invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="subcommittee_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("状態"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.PENDING
    )
    created_at = models.DateTimeField(_("招待日時"), auto_now_add=True)
    decided_at = models.DateTimeField(_("回答日時"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subcommittee", "user"],
                condition=Q(status="pending"),
                name="subcommittee_one_pending_invitation",
            )
        ]
        verbose_name = _("分科会への招待")
        verbose_name_plural = _("分科会への招待")

    def __str__(self):
        return f"{self.user} ← {self.subcommittee}"


class RecordVisibility(models.TextChoices):
    PUBLIC = "public", _("分科会を閲覧できる人に公開")
    MEMBERS = "members", _("参加者のみ")


class MeetingRecord(models.Model):
    Visibility = RecordVisibility

    subcommittee = models.ForeignKey(
        Subcommittee, on_delete=models.CASCADE, related_name="meetings"
    )
    date = models.DateField(_("開催日"))
    title = models.CharField(_("会議名"), max_length=200)
    agenda = models.TextField(_("議題"), blank=True, max_length=5000)
    minutes = models.TextField(
        _("議事録"),
        blank=True,
        max_length=50000,
        help_text=_("改行はそのまま表示されます。太字・リスト・リンクが使えます。"),
    )
    visibility = models.CharField(
        _("公開範囲"),
        max_length=20,
        choices=RecordVisibility.choices,
        default=RecordVisibility.MEMBERS,
    )
    # A meeting the coordinators scheduled: its time, place, online link and
    # registrations (RSVP) are an event page's (events.owners: its members only).
    event = models.OneToOneField(
        "events.EventPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subcommittee_meeting",
        verbose_name=_("日時・会場と出欠"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("会議記録")
        verbose_name_plural = _("会議記録")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("subcommittees:meeting_detail", args=[self.subcommittee.slug, self.pk])

    @property
    def minutes_html(self):
        """The minutes as HTML: line breaks kept, then reduced to the allow-list."""
        return mark_safe(sanitise_rich_text(linebreaks(self.minutes)))  # noqa: S308 - sanitised


def meeting_document_path(instance, filename):
    """A random folder per file: names never collide and cannot be guessed or traversed."""
    extension = os.path.splitext(filename)[1].lower()
    return f"subcommittees/meetings/{uuid.uuid4().hex}/document{extension}"


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(MeetingRecord, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("資料名"), max_length=200)
    file = models.FileField(_("ファイル"), upload_to=meeting_document_path, max_length=255)
    original_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("会議資料")
        verbose_name_plural = _("会議資料")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "subcommittees:document",
            args=[self.meeting.subcommittee.slug, self.meeting_id, self.pk],
        )

    @property
    def extension(self):
        return os.path.splitext(self.file.name)[1].lower().lstrip(".")


# --- The site search's view of them (their kinds: subcommittees/search_kinds.py) ---
# Proxies that add index.Indexed and its search_fields without touching the
# tables. Stopped subcommittees are left out; who may read the rest is decided
# at query time by the kinds. The FilterFields are the ones those filters use.


class IndexedSubcommittee(index.Indexed, Subcommittee):
    search_fields = [
        index.SearchField("title"),
        index.SearchField("theme"),
        index.SearchField("description"),
        index.SearchField("municipalities"),
        index.RelatedFields("prefectures", [index.SearchField("name")]),
        index.FilterField("id"),
        index.FilterField("is_active"),
        index.FilterField("visibility"),
        index.FilterField("join_policy"),
        index.FilterField("forum"),
        index.FilterField("updated_at"),
    ]

    # Indexed after commit by search.indexing (its kind in search_kinds.py), not by
    # modelsearch's handlers.
    search_auto_update = False

    class Meta:
        proxy = True

    @property
    def title(self):
        return self.name

    @classmethod
    def get_indexed_objects(cls):
        return super().get_indexed_objects().filter(is_active=True)


class IndexedMeetingRecord(index.Indexed, MeetingRecord):
    search_fields = [
        index.SearchField("title"),
        index.SearchField("agenda"),
        index.SearchField("minutes"),
        index.FilterField("id"),
        index.FilterField("visibility"),
        index.FilterField("subcommittee"),
        index.FilterField("date"),
        index.RelatedFields(
            "subcommittee",
            [
                index.FilterField("id"),
                index.FilterField("is_active"),
                index.FilterField("visibility"),
                index.FilterField("forum"),
            ],
        ),
    ]

    # Indexed after commit by search.indexing (its kind in search_kinds.py), not by
    # modelsearch's handlers.
    search_auto_update = False

    class Meta:
        proxy = True
