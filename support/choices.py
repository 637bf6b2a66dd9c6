from django.db import models
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    """ISO-like numbering from Monday = 0, as ``date.weekday()`` gives it."""

    MONDAY = 0, _("月曜日")
    TUESDAY = 1, _("火曜日")
    WEDNESDAY = 2, _("水曜日")
    THURSDAY = 3, _("木曜日")
    FRIDAY = 4, _("金曜日")
    SATURDAY = 5, _("土曜日")
    SUNDAY = 6, _("日曜日")


class HolidayRule(models.TextChoices):
    """What a window does on a national holiday or substitute holiday (祝日・振替休日)."""

    CLOSED = "closed", _("祝日・振替休日は休み")
    AS_USUAL = "as_usual", _("祝日も曜日どおりに受け付ける")
    AS_SUNDAY = "as_sunday", _("祝日は日曜日と同じ時間")


class Channel(models.TextChoices):
    """How to reach a window (HSDS ``phone`` and ``contact`` with their kind)."""

    PHONE = "phone", _("電話")
    LINE = "line", _("LINE")
    CHAT = "chat", _("チャット")
    EMAIL = "email", _("メール")
    VISIT = "visit", _("来所")
    HOME_VISIT = "home_visit", _("訪問")


class Language(models.TextChoices):
    """Languages a window's staff speak in a time slot (not the site's own languages)."""

    JAPANESE = "ja", _("日本語")
    EASY_JAPANESE = "ja-x-easy", _("やさしい日本語")
    ENGLISH = "en", _("英語")
    CHINESE = "zh", _("中国語")
    KOREAN = "ko", _("韓国語")
    VIETNAMESE = "vi", _("ベトナム語")
    TAGALOG = "tl", _("タガログ語")
    PORTUGUESE = "pt", _("ポルトガル語")
    SPANISH = "es", _("スペイン語")
    THAI = "th", _("タイ語")
    NEPALI = "ne", _("ネパール語")
    INDONESIAN = "id", _("インドネシア語")
    INTERPRETER = "interpreter", _("電話通訳（多言語）")
