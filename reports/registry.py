"""What may be reported: each app declares its own kinds; this app knows none.

Like ``search_kinds.py`` for the site search, an app declares its reportable
kinds in its own ``report_kinds.py``, imported once by ``ReportsConfig.ready()``
(``autodiscover_modules``)::

    from reports.registry import ReportKind, register

    @register
    class PostKind(ReportKind):
        key = "forum_post"
        label = _("フォーラムの投稿")
        model = Post
        auto_hide = True

        def authors(self, obj): ...
        def can_see(self, user, obj): ...
        def can_review(self, user, obj): ...
        def reviewable(self, user): ...
        def hide(self, obj, by): ...
        def unhide(self, obj, by): ...

Who may report at all (members) and who reviews everything (the secretariat)
are the membership app's rules: it sets them with ``set_roles`` (the reports
app sits below it and cannot ask it). Until then nobody may report.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet

_kinds: dict[str, ReportKind] = {}


def _nobody(user) -> bool:
    return False


class Roles:
    may_report: Callable = staticmethod(_nobody)  # a member, who may report anything they see
    reviews_all: Callable = staticmethod(_nobody)  # the secretariat


roles = Roles()


def set_roles(*, may_report, reviews_all) -> None:
    roles.may_report = may_report
    roles.reviews_all = reviews_all


class ReportKind:
    key: str = ""
    label = ""
    model: type | None = None
    # Hide the object by itself, pending review, once this many members report it.
    auto_hide: bool = False

    def get(self, pk):
        """The object ``pk``, or None."""
        return self.model._default_manager.filter(pk=pk).first()

    def get_many(self, pks) -> dict:
        """The objects ``pks`` by pk (one query)."""
        return self.model._default_manager.in_bulk(pks)

    def title(self, obj) -> str:
        return str(obj)

    def url(self, obj) -> str:
        """Its page (a path), for reviewers and e-mails."""
        return obj.get_absolute_url()

    def excerpt(self, obj) -> str:
        """A line of its text for the review queue (plain text)."""
        return ""

    def authors(self, obj) -> list:
        """The accounts told about reports' outcomes, and who may not report it."""
        raise NotImplementedError

    def is_own(self, user, obj) -> bool:
        """Is ``obj`` the user's own content (which they may not report)?"""
        return any(author.pk == user.pk for author in self.authors(obj))

    def can_see(self, user, obj) -> bool:
        """May ``user`` see the object now (so report it)?"""
        raise NotImplementedError

    def can_review(self, user, obj) -> bool:
        """May ``user`` hide the object or dismiss its reports?"""
        return roles.reviews_all(user)

    def reviewable(self, user) -> QuerySet | None:
        """The objects whose reports ``user`` reviews: a queryset, None for all of them."""
        return None if roles.reviews_all(user) else self.model._default_manager.none()

    def reviews_any(self, user) -> bool:
        """Does ``user`` review some of these objects (so has a review queue)?"""
        return roles.reviews_all(user)

    def is_hidden(self, obj) -> bool:
        raise NotImplementedError

    def hide(self, obj, by) -> None:
        raise NotImplementedError

    def unhide(self, obj, by) -> None:
        """Show again an object hidden automatically whose reports were dismissed."""
        raise NotImplementedError

    def __repr__(self):
        return f"<{type(self).__name__} {self.key}>"


def register(kind_class):
    """Register a kind (a class decorator); a key registered twice is an error."""
    kind = kind_class()
    if not kind.key or kind.model is None:
        raise ValueError(f"{kind_class.__name__} needs a key and a model")
    if kind.key in _kinds and type(_kinds[kind.key]) is not kind_class:
        raise ValueError(f"A report kind {kind.key!r} is already registered")
    _kinds[kind.key] = kind
    return kind_class


def kinds() -> list[ReportKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.key)


def get(key: str) -> ReportKind | None:
    return _kinds.get(key)
