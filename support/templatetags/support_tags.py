"""Hours and days on the finder's pages, readable in every language, Japanese where it matters.

Times are always on the 24-hour clock in Japan time ("9:00〜17:00", a slot
ending at midnight as "24:00", as Japanese notices write it), whatever the
reader's language; a day is its month and day in the reader's own order
(Django's MONTH_DAY_FORMAT: 6月3日, June 3, 3 tháng 6) with the weekday.
"""

from django import template
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from support import hours as hours_logic

register = template.Library()


def clock(value, end=False):
    """9:00; 24:00 for a range ending at midnight."""
    if value is None:
        return ""
    if end and value == hours_logic.MIDNIGHT:
        return "24:00"
    return f"{value.hour}:{value.minute:02d}"


@register.simple_tag
def hours_span(opens, closes, all_day=False):
    """A slot's hours: 「24時間」 or 9:00〜17:00 (24-hour, in every language)."""
    if all_day:
        return _("24時間")
    return _("%(opens)s〜%(closes)s") % {"opens": clock(opens), "closes": clock(closes, end=True)}


@register.filter
def day_label(value):
    """6月3日（水） in Japanese, June 3 (Wed) where the translation says so."""
    if value is None:
        return ""
    return _("%(date)s（%(weekday)s）") % {
        "date": date_format(value, get_format("MONTH_DAY_FORMAT")),
        "weekday": date_format(value, "D"),
    }


@register.filter
def moment_label(value):
    """The viewer's moment: its day_label and the 24-hour time."""
    return f"{day_label(value)} {clock(value.time())}"
