"""Reporting content (通報) and reviewing the reports: the domain operations.

- ``file_report``: a member reports something they can see and did not write,
  once; a few reports an hour at most (``RATE_LIMIT``). When ``AUTO_HIDE_AT``
  members have reported an object of a kind that allows it (forum posts), the
  object is hidden pending review and its authors are told.
- ``resolve``: a reviewer hides the object or dismisses the reports; every
  open report on that object is closed together. The reporters are told the
  outcome, the authors that their content was hidden (or shown again, when it
  had been hidden automatically). Reporters' names never reach the authors.

E-mails go through the outbox (cms.mail), in each recipient's language, and
only if the change commits. ``report_filed`` and ``report_resolved`` are
signals for whoever keeps a record of moderation.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.dispatch import Signal
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from cms import site_address
from cms.mail import queue_email, render_email, user_language

from . import registry
from .models import HiddenObject, Report, Status

AUTO_HIDE_AT = 3  # distinct members
RATE_LIMIT = 10  # reports per member...
RATE_WINDOW = 60 * 60  # ...per hour

report_filed = Signal()  # sender=Report, report, auto_hidden
report_resolved = Signal()  # sender=Report, reports, action, by

HIDE, DISMISS = "hide", "dismiss"

DUPLICATE = gettext_lazy("この内容はすでに通報済みです。")
RATE_LIMITED = gettext_lazy(
    "短い時間に多くの通報がありました。しばらくしてからもう一度お試しください。"
)


class ReportRefused(Exception):
    """The report cannot be filed; ``str()`` says why, to the member."""


# --- Who may ----------------------------------------------------------------


def may_report_anything(user) -> bool:
    return bool(user.is_authenticated and user.is_active and registry.roles.may_report(user))


def may_report(user, kind, obj) -> bool:
    """A member, who can see ``obj`` and did not write it."""
    return may_report_anything(user) and kind.can_see(user, obj) and not kind.is_own(user, obj)


def has_reported(user, kind, obj) -> bool:
    return Report.objects.filter(kind=kind.key, object_id=obj.pk, reporter=user).exists()


def may_review(user, kind, obj) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if obj is None or kind is None:  # its object is gone: the secretariat closes it
        return registry.roles.reviews_all(user)
    return kind.can_review(user, obj)


def reviews_any(user) -> bool:
    """Has ``user`` a review queue (the secretariat; coordinators of a forum)?"""
    if not (user.is_authenticated and user.is_active):
        return False
    if registry.roles.reviews_all(user):
        return True
    return any(kind.reviews_any(user) for kind in registry.kinds())


# --- Rate limit ---------------------------------------------------------------


def _rate_key(user):
    return f"reports:filed:{user.pk}"


def is_rate_limited(user) -> bool:
    return (cache.get(_rate_key(user)) or 0) >= RATE_LIMIT


def _count_towards_limit(user):
    key = _rate_key(user)
    if not cache.add(key, 1, RATE_WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.add(key, 1, RATE_WINDOW)


# --- Filing -----------------------------------------------------------------------


def file_report(*, kind, obj, reporter, reason, details="") -> Report:
    """File ``reporter``'s report of ``obj``; ReportRefused when they may not."""
    if not may_report(reporter, kind, obj):
        raise ReportRefused(_refusal(reporter, kind, obj))
    if has_reported(reporter, kind, obj):
        raise ReportRefused(str(DUPLICATE))
    if is_rate_limited(reporter):
        raise ReportRefused(str(RATE_LIMITED))
    try:
        with transaction.atomic():
            report = Report.objects.create(
                kind=kind.key,
                object_id=obj.pk,
                reporter=reporter,
                reason=reason,
                details=clean_details(details),
            )
            auto_hidden = _maybe_hide_automatically(kind, obj, report)
    except IntegrityError as error:  # the same member, twice at once
        raise ReportRefused(str(DUPLICATE)) from error
    _count_towards_limit(reporter)
    report_filed.send(sender=Report, report=report, auto_hidden=auto_hidden)
    return report


def _refusal(user, kind, obj):
    if may_report_anything(user) and kind.can_see(user, obj) and kind.is_own(user, obj):
        return gettext("ご自身が書いた内容は通報できません。")
    return gettext("この内容を通報することはできません。")


def clean_details(text) -> str:
    """Plain text of one paragraph or more: no control characters, trimmed.

    It is printed escaped wherever it appears (templates autoescape; e-mails
    never carry it).
    """
    kept = "".join(ch for ch in (text or "") if ch in "\n\t" or ch.isprintable())
    lines = [" ".join(line.split()) for line in kept.replace("\r", "").split("\n")]
    return "\n".join(lines).strip()


def _maybe_hide_automatically(kind, obj, report) -> bool:
    if not kind.auto_hide:
        return False
    open_reports = Report.objects.filter(kind=kind.key, object_id=obj.pk, status=Status.OPEN)
    if open_reports.filter(auto_hidden=True).exclude(pk=report.pk).exists():
        open_reports.update(auto_hidden=True)  # already hidden, pending review
        return False
    if open_reports.values("reporter").distinct().count() < AUTO_HIDE_AT:
        return False
    if kind.is_hidden(obj):  # hidden already for another reason (held for approval)
        return False
    kind.hide(obj, by=None)
    open_reports.update(auto_hidden=True)
    _tell_authors(kind, obj, "auto_hidden", dedupe=f"report:{report.pk}:auto_hidden")
    return True


# --- Reviewing ----------------------------------------------------------------


def resolve(report, *, action, by) -> list[Report]:
    """Hide ``report``'s object or dismiss its reports; close every open report on it.

    Returns the reports closed (none when they were closed already).
    """
    if action not in (HIDE, DISMISS):
        raise ValueError(action)
    kind = registry.get(report.kind)
    with transaction.atomic():
        reports = list(
            Report.objects.select_for_update()
            .filter(kind=report.kind, object_id=report.object_id, status=Status.OPEN)
            .select_related("reporter")
            .order_by("pk")
        )
        if not reports:
            return []
        obj = kind.get(report.object_id) if kind else None
        was_hidden_automatically = any(item.auto_hidden for item in reports)
        if obj is not None:
            if action == HIDE and not kind.is_hidden(obj):
                kind.hide(obj, by=by)
            elif action == DISMISS and was_hidden_automatically and kind.is_hidden(obj):
                kind.unhide(obj, by=by)
        status = Status.HIDDEN if action == HIDE else Status.DISMISSED
        now = timezone.now()
        Report.objects.filter(pk__in=[item.pk for item in reports]).update(
            status=status, resolved_at=now, resolved_by=by
        )
        for item in reports:
            item.status, item.resolved_at, item.resolved_by = status, now, by
            _tell_reporter(kind, obj, item)
        if obj is not None:
            first = reports[0].pk
            if action == HIDE:
                _tell_authors(kind, obj, "hidden", dedupe=f"report:{first}:hidden")
            elif was_hidden_automatically:
                _tell_authors(kind, obj, "restored", dedupe=f"report:{first}:restored")
    report_resolved.send(sender=Report, reports=reports, action=action, by=by)
    return reports


# --- The queue -------------------------------------------------------------------


@dataclass
class Case:
    """The open reports on one object, as a reviewer sees them."""

    kind: object
    object_id: int
    obj: object
    reports: list = field(default_factory=list)

    @property
    def first(self):
        return self.reports[0]

    @property
    def title(self):
        return self.kind.title(self.obj) if self.obj is not None else ""

    @property
    def url(self):
        return self.kind.url(self.obj) if self.obj is not None else ""

    @property
    def excerpt(self):
        return self.kind.excerpt(self.obj) if self.obj is not None else ""

    @property
    def is_hidden(self):
        return self.obj is not None and self.kind.is_hidden(self.obj)

    @property
    def auto_hidden(self):
        return any(report.auto_hidden for report in self.reports)


def reviewable_reports(user, status=Status.OPEN):
    """The reports ``user`` reviews (one query's queryset)."""
    if registry.roles.reviews_all(user):
        return Report.objects.filter(status=status)
    condition = Q(pk__in=[])
    for kind in registry.kinds():
        objects = kind.reviewable(user)
        if objects is None:
            condition |= Q(kind=kind.key)
        else:
            condition |= Q(kind=kind.key, object_id__in=objects.values("pk"))
    return Report.objects.filter(condition, status=status)


def open_count(user) -> int:
    return reviewable_reports(user).values("kind", "object_id").distinct().count()


def cases(user) -> list[Case]:
    """Open reports ``user`` reviews, grouped by object, oldest report first."""
    found: dict[tuple, Case] = {}
    reports = reviewable_reports(user).select_related("reporter").order_by("created_at", "pk")
    for report in reports:
        key = (report.kind, report.object_id)
        if key not in found:
            found[key] = Case(registry.get(report.kind), report.object_id, None)
        found[key].reports.append(report)
    by_kind: dict[str, list[int]] = {}
    for kind_key, object_id in found:
        by_kind.setdefault(kind_key, []).append(object_id)
    for kind_key, ids in by_kind.items():
        kind = registry.get(kind_key)
        objects = kind.get_many(ids) if kind else {}
        for object_id in ids:
            found[(kind_key, object_id)].obj = objects.get(object_id)
    return list(found.values())


# --- E-mails ---------------------------------------------------------------------


def _send(user, template, context, dedupe):
    if not (user.email and user.is_active):
        return
    language = user_language(user)
    with translation.override(language):
        context = {**context, "name": user.get_full_name() or user.get_username()}
        subject, body, html_body = render_email(f"reports/emails/{template}", context, language)
    queue_email([user.email], subject, body, html_body=html_body, dedupe_key=dedupe)


def _tell_reporter(kind, obj, report):
    context = {
        "kind_label": kind.label if kind else "",
        "title": kind.title(obj) if obj is not None else "",
        "report": report,
        "hidden": report.status == Status.HIDDEN,
    }
    _send(report.reporter, "outcome_reporter", context, f"report:{report.pk}:outcome")


def _tell_authors(kind, obj, event, *, dedupe):
    for author in kind.authors(obj):
        context = {
            "event": event,
            "kind_label": kind.label,
            "title": kind.title(obj),
            "url": site_address.absolute_url(kind.url(obj)),
        }
        _send(author, f"author_{event}", context, f"{dedupe}:{author.pk}")


# --- A hidden flag for kinds without one of their own ----------------------------


def flag_hidden(kind_key, object_id, by=None):
    HiddenObject.objects.get_or_create(
        kind=kind_key, object_id=object_id, defaults={"hidden_by": by}
    )


def unflag_hidden(kind_key, object_id):
    HiddenObject.objects.filter(kind=kind_key, object_id=object_id).delete()


def is_flagged_hidden(kind_key, object_id) -> bool:
    return HiddenObject.objects.filter(kind=kind_key, object_id=object_id).exists()


def hidden_flag(kind_key, outer="pk"):
    """An ``Exists`` to annotate a queryset of ``kind_key``'s model with: hidden by the flag?"""
    return Exists(HiddenObject.objects.filter(kind=kind_key, object_id=OuterRef(outer)))


def flagged_hidden():
    """What is hidden by the flag, newest first, each with ``kind``, ``obj``, ``title``, ``url``."""
    rows = list(HiddenObject.objects.order_by("-hidden_at", "-pk"))
    for row in rows:
        row.kind_class = registry.get(row.kind)
        row.obj = row.kind_class.get(row.object_id) if row.kind_class else None
        row.title = row.kind_class.title(row.obj) if row.obj is not None else ""
        row.url = row.kind_class.url(row.obj) if row.obj is not None else ""
    return rows


def restore(hidden, *, by) -> None:
    """Show again what ``hidden`` (a HiddenObject) keeps hidden; tell its authors."""
    kind = registry.get(hidden.kind)
    obj = kind.get(hidden.object_id) if kind else None
    with transaction.atomic():
        deleted, _rows = HiddenObject.objects.filter(pk=hidden.pk).delete()
        if deleted and obj is not None:
            kind.unhide(obj, by=by)
            _tell_authors(kind, obj, "restored", dedupe=f"hidden:{hidden.pk}:restored")
