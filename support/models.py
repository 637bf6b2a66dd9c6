"""Support windows (相談窓口), shaped like Open Referral's HSDS 3.0.

- ``Window`` is an HSDS *service* at one *location*: what it offers in plain
  words, who runs it (a member ``Organisation`` or a named provider), where
  (municipality, address, coordinates; no municipality = the whole
  prefecture), for whom (target groups, troubles), free of charge, anonymous,
  and when it was last checked (``last_verified_on``).
- ``ContactChannel`` is HSDS *phone*/*contact*: phone, LINE, chat, e-mail,
  visit or home visit, with its number or address.
- ``WeeklySlot`` and ``DatedClosure`` are HSDS *schedule*: weekly rules with
  the languages spoken in each slot, and dated exceptions. The holiday rule
  and the year-end closure are fields of the window the secretariat sees.
- ``Trouble`` is the secretariat's vocabulary of troubles in residents' words
  (困りごと), each mapped to the site's target groups and activity types.

The hours logic is in ``support.hours`` (pure functions); ``hours()`` turns a
window's rows (prefetched) into its values.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelsearch import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from organisations.models import ActivityType, Organisation, TargetGroup
from organisations.models.taxonomy import OrderedVocabulary, TranslatedVocabulary
from organisations.models.translations import translation_languages
from support import hours as hours_logic
from support.choices import Channel, HolidayRule, Language, Weekday

LANGUAGE_LABELS = dict(Language.choices)


class LanguageListField(models.CharField):
    """A list of ``Language`` codes, stored as ",ja,vi," so one LIKE finds a code.

    Boring on purpose: the same on SQLite and PostgreSQL, filtered with
    ``languages__contains=",vi,"`` (``language_lookup``).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key, value in (("max_length", 200), ("blank", True), ("default", "")):
            if kwargs.get(key) == value:
                kwargs.pop(key)
        return name, path, args, kwargs

    @staticmethod
    def parse(value):
        if value is None:
            return []
        if isinstance(value, list | tuple):
            return [code for code in value if code]
        return [code for code in str(value).split(",") if code]

    def from_db_value(self, value, expression, connection):
        return self.parse(value)

    def to_python(self, value):
        return self.parse(value)

    def get_prep_value(self, value):
        if isinstance(value, str):
            return value
        codes = self.parse(value)
        return f",{','.join(codes)}," if codes else ""

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        unknown = [code for code in self.parse(value) if code not in LANGUAGE_LABELS]
        if unknown:
            raise ValidationError(_("選べない言語があります：%(codes)s"), params={"codes": unknown})
        if not self.blank and not value:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs):
        from django import forms

        return forms.TypedMultipleChoiceField(
            choices=Language.choices,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )


def language_lookup(code):
    return {"languages__contains": f",{code},"}


class Trouble(TranslatedVocabulary):
    """A trouble as residents say it (困りごと), kept by the secretariat.

    Its name and description are translated like the shared vocabularies
    (``translations``, cms.translation.fields): templates show
    ``translated_name``; the slug (the finder's filter) is the same in every
    language.
    """

    TRANSLATED_FIELDS = ("name", "description")

    @property
    def translated_description(self):
        return self.translated("description")

    slug = models.SlugField(
        _("URL用の名前"), max_length=60, unique=True, help_text=_("半角英数字。例：lonely")
    )
    description = models.CharField(_("説明"), max_length=200, blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="+", verbose_name=_("対応する取組の対象")
    )
    activity_types = models.ManyToManyField(
        ActivityType, blank=True, related_name="+", verbose_name=_("対応する取組の種類")
    )

    class Meta(OrderedVocabulary.Meta):
        verbose_name = _("困りごと")
        verbose_name_plural = _("困りごと")


# /support/<these>/ are the finder's own pages, not windows.
RESERVED_SLUGS = frozenset({"guide"})


class WindowQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Window(ClusterableModel):
    """One support window (相談窓口): HSDS service + location."""

    name = models.CharField(_("窓口の名前"), max_length=120)
    slug = models.SlugField(
        _("URL用の名前"),
        max_length=80,
        unique=True,
        help_text=_("半角英数字とハイフン。/support/<この名前>/ になります。"),
    )
    summary = models.CharField(
        _("どんな窓口か（ひとこと）"),
        max_length=200,
        help_text=_("相談する人にわかる、やさしい言葉で。例：ひとりでさびしいとき、話を聞きます。"),
    )
    what_to_expect = models.TextField(
        _("相談の流れ"),
        blank=True,
        help_text=_("電話をかけると何を聞かれるか、どのくらい話せるかなど。"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_windows",
        verbose_name=_("運営する会員団体"),
    )
    provider_name = models.CharField(
        _("運営者名"),
        max_length=120,
        blank=True,
        help_text=_("会員団体でない場合（県・市町・国の機関など）に入力します。"),
    )
    municipality = models.CharField(
        _("市区町村"),
        max_length=50,
        blank=True,
        db_index=True,
        help_text=_("空欄にすると「県内どこからでも」になります。"),
    )
    address = models.CharField(_("所在地"), max_length=200, blank=True)
    latitude = models.DecimalField(_("緯度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("経度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    target_groups = ParentalManyToManyField(
        TargetGroup, blank=True, related_name="+", verbose_name=_("対象")
    )
    troubles = ParentalManyToManyField(
        Trouble, blank=True, related_name="windows", verbose_name=_("困りごと")
    )
    is_crisis_line = models.BooleanField(
        _("緊急・いのちの相談"),
        default=False,
        help_text=_("24時間の相談や自殺予防の電話。一覧の先頭にいつも表示します。"),
    )
    free_of_charge = models.BooleanField(_("無料"), default=True)
    anonymous = models.BooleanField(_("匿名で相談できる"), default=False)
    holiday_rule = models.CharField(
        _("祝日の扱い"), max_length=20, choices=HolidayRule.choices, default=HolidayRule.CLOSED
    )
    year_end_closed = models.BooleanField(
        _("年末年始（12月29日〜1月3日）は休み"),
        default=True,
        help_text=_("行政機関の休日に合わせて休む窓口はチェックしたままにします。"),
    )
    hours_note = models.CharField(
        _("受付時間の補足"), max_length=200, blank=True, help_text=_("例：第3土曜日は休み")
    )
    last_verified_on = models.DateField(
        _("最終確認日"), help_text=_("窓口に電話などで内容を確かめた日。")
    )
    is_published = models.BooleanField(_("公開する"), default=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = WindowQuerySet.as_manager()

    class Meta:
        ordering = ["-is_crisis_line", "municipality", "name"]
        verbose_name = _("相談窓口")
        verbose_name_plural = _("相談窓口")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("support:window", kwargs={"slug": self.slug})

    @property
    def provider(self):
        return self.organisation.name if self.organisation_id else self.provider_name

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            message = _("このURL用の名前は使えません。ほかの名前にしてください。")
            raise ValidationError({"slug": message})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("緯度と経度は両方入力するか、両方空欄にしてください。"))

    def hours(self) -> hours_logic.Hours:
        """Its hours as plain values (use with prefetched slots and closures)."""
        return hours_logic.Hours(
            slots=tuple(
                hours_logic.Slot(
                    weekday=slot.weekday,
                    opens=slot.opens_at,
                    closes=slot.closes_at,
                    all_day=slot.all_day,
                    languages=tuple(slot.languages),
                )
                for slot in self.slots.all()
            ),
            exceptions=tuple(
                hours_logic.DatedException(
                    day=closure.date,
                    closed=closure.closed,
                    opens=closure.opens_at,
                    closes=closure.closes_at,
                    note=closure.note,
                )
                for closure in self.closures.all()
            ),
            holiday_rule=self.holiday_rule,
            year_end_closed=self.year_end_closed,
        )

    def languages(self) -> list[str]:
        codes = {code for slot in self.slots.all() for code in slot.languages}
        return [code for code in LANGUAGE_LABELS if code in codes]


class ContactChannel(models.Model):
    """A way to reach a window (HSDS phone / contact)."""

    window = ParentalKey(Window, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(_("種類"), max_length=20, choices=Channel.choices)
    value = models.CharField(
        _("番号・宛先"),
        max_length=300,
        blank=True,
        help_text=_(
            "電話は 0120-000-000 の形、LINE・チャットは https:// のURL、メールはアドレス。"
        ),
    )
    label = models.CharField(_("説明"), max_length=100, blank=True, help_text=_("例：通話無料"))
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("連絡方法")
        verbose_name_plural = _("連絡方法")

    def __str__(self):
        return f"{self.get_kind_display()} {self.value}"

    @property
    def href(self):
        """A link that works on a phone: tel:, mailto: or the https URL; "" for none."""
        if not self.value:
            return ""
        if self.kind == Channel.PHONE:
            return "tel:" + "".join(ch for ch in self.value if ch.isdigit() or ch == "+")
        if self.kind == Channel.EMAIL:
            return f"mailto:{self.value}"
        if self.value.startswith("https://"):
            return self.value
        return ""

    def clean(self):
        from django.core.validators import EmailValidator, URLValidator

        from organisations.validators import phone_validator

        needs_value = self.kind in (Channel.PHONE, Channel.LINE, Channel.CHAT, Channel.EMAIL)
        if needs_value and not self.value:
            raise ValidationError({"value": _("この連絡方法には番号か宛先が必要です。")})
        if not self.value:
            return
        if self.kind == Channel.PHONE:
            phone_validator(self.value)
        elif self.kind == Channel.EMAIL:
            EmailValidator(message=_("メールアドレスの形になっていません。"))(self.value)
        elif self.kind in (Channel.LINE, Channel.CHAT):
            URLValidator(schemes=["https"], message=_("https:// で始まるURLを入力してください。"))(
                self.value
            )


class WeeklySlot(models.Model):
    """A weekly opening slot, with the languages spoken in it (HSDS schedule)."""

    window = ParentalKey(Window, on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField(_("曜日"), choices=Weekday.choices)
    all_day = models.BooleanField(_("24時間"), default=False)
    opens_at = models.TimeField(pgettext_lazy("opening time", "開始"), null=True, blank=True)
    closes_at = models.TimeField(
        pgettext_lazy("closing time", "終了"),
        null=True,
        blank=True,
        help_text=_("0:00 は夜中の24時のことです。"),
    )
    languages = LanguageListField(
        _("対応言語"), blank=False, help_text=_("この時間に相談できる言語。")
    )

    class Meta:
        ordering = ["weekday", "-all_day", "opens_at", "pk"]
        verbose_name = _("受付時間")
        verbose_name_plural = _("受付時間")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens_at}-{self.closes_at}"

    def clean(self):
        problem = hours_logic.range_problem(self.opens_at, self.closes_at, self.all_day)
        if problem:
            raise ValidationError(problem)
        if self.all_day:
            self.opens_at = self.closes_at = None

    @property
    def language_labels(self):
        return [LANGUAGE_LABELS[code] for code in self.languages if code in LANGUAGE_LABELS]

    @classmethod
    def save_for(cls, window, slots):
        """Store read hours (``support.hours.Slot``: the import's, the demo's) as the window's."""
        cls.objects.bulk_create(
            cls(
                window=window,
                weekday=slot.weekday,
                all_day=slot.all_day,
                opens_at=slot.opens,
                closes_at=slot.closes,
                languages=list(slot.languages),
            )
            for slot in slots
        )


class DatedClosure(models.Model):
    """A dated exception: closed that day, or open at special hours."""

    window = ParentalKey(Window, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField(_("日付"))
    closed = models.BooleanField(_("休み"), default=True)
    opens_at = models.TimeField(_("特別な開始"), null=True, blank=True)
    closes_at = models.TimeField(_("特別な終了"), null=True, blank=True)
    note = models.CharField(_("理由・お知らせ"), max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("臨時の休み・特別な時間")
        verbose_name_plural = _("臨時の休み・特別な時間")
        constraints = [
            models.UniqueConstraint(fields=["window", "date"], name="support_one_exception_a_day")
        ]

    def __str__(self):
        return str(self.date)

    def clean(self):
        if self.closed:
            self.opens_at = self.closes_at = None
            return
        problem = hours_logic.range_problem(self.opens_at, self.closes_at)
        if problem:
            raise ValidationError(problem)


# --- The site search's view of them (their kind: support/search_kinds.py) -----------
# A proxy that adds index.Indexed without touching the table; unpublished
# windows are left out of the index, and the kind checks again at query time.


class IndexedWindow(index.Indexed, Window):
    search_fields = [
        index.SearchField("title"),
        index.SearchField("summary"),
        index.SearchField("what_to_expect"),
        index.SearchField("municipality"),
        index.SearchField("provider_name"),
        index.RelatedFields("troubles", [index.SearchField("name")]),
        index.RelatedFields("target_groups", [index.SearchField("name")]),
        index.FilterField("id"),
        index.FilterField("is_published"),
        index.FilterField("updated_at"),
    ]

    # Indexed after commit by search.indexing, not by modelsearch's handlers.
    search_auto_update = False

    class Meta:
        proxy = True

    @property
    def title(self):
        return self.name

    @classmethod
    def get_indexed_objects(cls):
        return super().get_indexed_objects().filter(is_published=True)


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("審査待ち")
    ACCEPTED = "accepted", _("反映済み")
    DECLINED = "declined", _("見送り")


class WindowProposal(models.Model):
    """A member organisation proposes a window it runs, or a change to one.

    Nothing goes live from here: the secretariat reads the proposal in the
    admin, creates or edits the window itself, and marks the proposal done.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="support_proposals",
        verbose_name=_("提案した団体"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("提案した人"),
    )
    window = models.ForeignKey(
        Window,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("変更する窓口"),
        help_text=_("新しい窓口の提案なら空欄です。"),
    )
    name = models.CharField(_("窓口の名前"), max_length=120)
    summary = models.CharField(_("どんな窓口か（ひとこと）"), max_length=200)
    municipality = models.CharField(
        _("市区町村"), max_length=50, blank=True, help_text=_("県内どこからでも受ける場合は空欄。")
    )
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    line_url = models.URLField(_("LINEのURL"), max_length=300, blank=True)
    hours = models.TextField(
        _("受付時間と対応言語"),
        help_text=_("例：月〜金 9:00〜17:00（日本語）、日 13:00〜17:00（ベトナム語）"),
    )
    note = models.TextField(_("事務局へのひとこと"), blank=True)
    status = models.CharField(
        _("状態"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.SUBMITTED,
        db_index=True,
    )
    created_at = models.DateTimeField(_("提案日時"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("窓口の提案")
        verbose_name_plural = _("窓口の提案")

    def __str__(self):
        return self.name

    def clean(self):
        from organisations.validators import http_url_validator, phone_validator

        if self.phone:
            phone_validator(self.phone)
        if self.line_url:
            http_url_validator(self.line_url)
        if not (self.phone or self.line_url):
            raise ValidationError(_("電話番号かLINEのURLのどちらかを入力してください。"))


class CorrectionTopic(models.TextChoices):
    CONTACT = "contact", _("電話番号・連絡先がちがう")
    HOURS = "hours", _("受付時間・休みがちがう")
    PLACE = "place", _("場所・地域がちがう")
    CLOSED = "closed", _("窓口がなくなった・つながらない")
    OTHER = "other", _("そのほか")


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("未対応")
    FIXED = "fixed", _("直した")
    DISMISSED = "dismissed", _("問題なしとした")


class WindowCorrection(models.Model):
    """「情報がちがう」: anyone reports a window's wrong information to the secretariat.

    No account, no name: the form asks for none (a resident who called a
    wrong number should not have to sign up to say so); the secretariat's
    queue is 相談窓口 › 情報のまちがいの報告 in the admin, where it fixes the
    window, sets its last-checked date and closes the report. Rate-limited
    per address (``support_correction`` in ACCOUNT_RATE_LIMITS).
    """

    window = models.ForeignKey(
        Window, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("窓口")
    )
    topic = models.CharField(_("どこがちがうか"), max_length=20, choices=CorrectionTopic.choices)
    details = models.TextField(
        _("くわしく"),
        max_length=1000,
        blank=True,
        help_text=_(
            "正しい番号や時間がわかれば書いてください。お名前や連絡先は書かないでください。"
        ),
    )
    status = models.CharField(
        _("状態"),
        max_length=20,
        choices=CorrectionStatus.choices,
        default=CorrectionStatus.OPEN,
        db_index=True,
    )
    created_at = models.DateTimeField(_("報告日時"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("情報のまちがいの報告")
        verbose_name_plural = _("情報のまちがいの報告")

    def __str__(self):
        return f"{self.window} ({self.get_topic_display()})"


class WindowTranslation(models.Model):
    """A window's own words in a resident's language, as organisations' profiles have them.

    The secretariat writes them in the window's admin form (翻訳); the finder,
    the window's page and the leaflet show them under that language's URL
    (/vi/support/…), with the Japanese name beside, which is what a caller
    says on the phone. Without one, the Japanese text is shown. The list
    exports stay Japanese (they are the import's format).
    """

    window = ParentalKey(Window, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("言語"), max_length=15, choices=translation_languages)
    name = models.CharField(
        _("窓口の名前"), max_length=360, blank=True, help_text=_("空欄なら日本語の名前のままです。")
    )
    summary = models.CharField(_("どんな窓口か（ひとこと）"), max_length=600)
    what_to_expect = models.TextField(_("相談の流れ"), blank=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("窓口の翻訳")
        verbose_name_plural = _("窓口の翻訳")
        constraints = [
            models.UniqueConstraint(
                fields=["window", "language"], name="support_one_translation_a_language"
            )
        ]

    def __str__(self):
        return f"{self.window} ({self.language})"
