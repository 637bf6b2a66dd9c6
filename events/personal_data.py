"""Personal data in events (privacy.registry): the people who register for them.

An event's venue and enquiry contact are public. Registrants' names,
addresses, needs (合理的配慮 may be 要配慮個人情報) and answers are kept for
running the event and erased a set time after it; the counts stay.
"""

from django.utils.translation import gettext_lazy as _

from events import services
from events.models import CalendarFeed, EventFormField, EventPage, Registration
from privacy import registry

REGISTRATION_RECORD = registry.Retention(
    _(
        "イベントの終了から180日。その後の毎日の処理で氏名・連絡先・配慮・回答を消去し、人数の集計だけを残します。"
    ),
    days=services.RETENTION_DAYS,
    since="event",
)

registry.not_personal(
    EventPage,
    ["venue_name", "venue_address", "contact"],
    reason="a public event's venue and enquiry contact, published with the event",
)
registry.not_personal(
    EventFormField, ["clean_name"], reason="the field name of an editor's question, not a person's"
)
registry.register(
    Registration,
    [
        "user",
        "name",
        "email",
        "organisation_name",
        "accessibility",
        "accessibility_other",
        "interpretation_language",
        "answers",
    ],
    retention=REGISTRATION_RECORD,
    purpose=_("イベントの参加申込み（運営と連絡、合理的配慮の準備）"),
)


registry.register(
    CalendarFeed,
    ["user", "token"],
    purpose=_("会員ごとのカレンダー購読用アドレス（申し込んだイベントと分科会の会議）"),
)


@registry.exporter(
    "event_registrations",
    _("イベントの参加申込み"),
    labels={
        "event": _("イベント"),
        "name": _("お名前"),
        "email": _("メールアドレス"),
        "status": _("状態"),
        "created_at": _("申込日時"),
    },
    order=40,
)
def export_registrations(user):
    return [
        {
            "event": registration.event.title,
            "name": registration.name,
            "email": registration.email,
            "status": registration.get_status_display(),
            "created_at": registration.created_at,
        }
        for registration in Registration.objects.filter(user=user)
        .select_related("event")
        .order_by("created_at", "pk")
    ]


@registry.eraser(order=120)
def erase_registrations(user):
    """Their registrations keep only what the counts need (as after the retention period);
    their calendar feed's address stops working."""
    services.anonymise(Registration.objects.filter(user=user))
    CalendarFeed.objects.filter(user=user).delete()


@registry.purger("event_registrations", retention=REGISTRATION_RECORD)
def purge_registrations(now, dry_run=False):
    return services.purge_registrations(now=now, dry_run=dry_run)
