"""Builds the demo site's pages and accounts, one small step per part of it.

Each step looks things up before it makes them — pages by slug under their
parent, users by username, documents by title in their collection — and only
creates what is missing, so a second run changes nothing. Existing pages are
left as they are (an editor may have changed them), except a page that has
never been edited: the home page straight from its migration. With
``refresh=True`` every demo page, document, account and setting is brought
back to the demo content, and a page gets a new published revision only if
something in it differs.

The texts come from ``demo/data/pages.yaml`` and ``accounts.yaml`` through
``demo.content``. To add a part of the pages, write an ``ensure_<part>(run)``
function and append it to ``STEPS``; organisations, write-ups and
subcommittees have modules of their own, run after this by ``load_demo``.
"""

import datetime
import io
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.models import Collection, Page, PageViewRestriction, Site
from wagtail.utils.file import hash_filelike

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from cms.dates import fiscal_year_label
from organisations.services.audience import members_group

from . import content
from .files import DemoDataError
from .pdf import build_pdf
from .site_models import (
    EventIndexPage,
    EventPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ReportDocument,
    ReportIndexPage,
    ReportPage,
    ReportType,
    SiteSettings,
    StandardPage,
)
from .stream import to_stream

CREATED, UPDATED, FOUND = "created", "updated", "found"

# Summary rows, in the order they are printed.
USERS = "ユーザー / users"
SITE = "サイト設定 / site settings"
PAGES = "ページ / pages"
REPORTS = "報告書 / reports"
DOCUMENTS = "PDF文書 / documents"
EVENTS = "イベント / events"
NEWS = "お知らせ / news"

SECTION_MODELS = {
    "standard": StandardPage,
    "news": NewsIndexPage,
    "events": EventIndexPage,
    "reports": ReportIndexPage,
}


@dataclass(frozen=True)
class AccountRow:
    username: str
    email: str  # the sign-in name: members and staff sign in with their e-mail address
    password: str
    role: str
    role_en: str


@dataclass
class DemoRun:
    """What one run knows and has done so far; every step reads and extends it."""

    refresh: bool
    now: datetime.datetime
    counts: dict[str, Counter] = field(default_factory=dict)
    accounts: list[AccountRow] = field(default_factory=list)
    owner: object = None  # the superuser who owns and publishes the demo content
    two_factor_code: str = ""  # the code that passes the second factor, when there is one
    site: Site | None = None
    home: HomePage | None = None
    collection: Collection | None = None

    @property
    def today(self) -> datetime.date:
        return timezone.localdate(self.now)

    @property
    def changed_anything(self) -> bool:
        return any(row[CREATED] or row[UPDATED] for row in self.counts.values())

    def record(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += 1

    def child(self, parent: Page, slug: str) -> Page | None:
        return parent.get_children().filter(slug=slug).first()

    def page_id(self, path: str) -> int:
        """The id of the page at ``path`` (slugs below the home page, e.g. "events/forum")."""
        page = self.home
        for slug in path.strip("/").split("/"):
            page = self.child(page, slug)
            if page is None:
                raise DemoDataError(
                    f"The demo content links to /{path}/, which has not been created yet: "
                    "create the target earlier in STEPS or in the sections of pages.yaml."
                )
        return page.pk


# --- Users and site ----------------------------------------------------------


def ensure_users(run: DemoRun) -> None:
    user_model = get_user_model()
    password = _DemoPassword()
    for account in content.ACCOUNTS:
        groups = [_group(name) for name in account.groups]
        user = user_model.objects.filter(username=account.username).first()
        shown = content.DEMO_PASSWORD
        if user is None:
            user = user_model(
                username=account.username,
                email=account.email,
                first_name=account.first_name,
                last_name=account.last_name,
                is_superuser=account.superuser,
                is_staff=account.superuser,
            )
            password.validate(user)
            user.password = password.encoded()
            user.save()
            user.groups.set(groups)
            outcome = CREATED
        else:
            outcome = FOUND
            missing = [group for group in groups if not user.groups.filter(pk=group.pk).exists()]
            if missing:
                user.groups.add(*missing)
                outcome = UPDATED
            if not password.matches(user):
                if run.refresh:
                    user.password = password.encoded()
                    user.save(update_fields=["password"])
                    outcome = UPDATED
                else:
                    shown = "（変更済み / changed: --refresh で再設定）"
        if _ensure_sign_in(run, user, account) and outcome == FOUND:
            outcome = UPDATED
        run.record(USERS, outcome)
        run.accounts.append(
            AccountRow(user.username, account.email, shown, account.role, account.role_en)
        )
        if account.superuser and run.owner is None:
            run.owner = user
    if run.owner is None:
        raise DemoDataError("accounts.yaml needs a superuser to own the demo pages.")


class _DemoPassword:
    """The demo password, hashed at most once per run.

    Password hashing is deliberately slow (about a second here), and all demo
    accounts share one published password, so they share one hash too: a
    second account with the same stored hash is known to match without
    hashing again.
    """

    def __init__(self):
        self._encoded = None

    def validate(self, user) -> None:
        try:
            validate_password(content.DEMO_PASSWORD, user)
        except ValidationError as error:
            raise DemoDataError(f"The demo password is rejected: {error.messages}") from error

    def encoded(self) -> str:
        if self._encoded is None:
            self._encoded = make_password(content.DEMO_PASSWORD)
        return self._encoded

    def matches(self, user) -> bool:
        if self._encoded is not None and user.password == self._encoded:
            return True
        if check_password(content.DEMO_PASSWORD, user.password):
            self._encoded = user.password
            return True
        return False


def _ensure_sign_in(run: DemoRun, user, account: content.DemoAccount) -> bool:
    """What signing in needs: a verified e-mail address and, for staff, a TOTP device.

    Sign-in goes through django-allauth with mandatory e-mail verification,
    and the admin stays closed to staff without a second factor. A device
    with a random secret is added only when DEBUG is on and the settings
    define the insecure bypass code (cms.settings.dev), which is then the
    code to type. Otherwise staff enrol their own authenticator app on their
    first visit to the admin, as real staff do.
    """
    changed = False
    _, created = EmailAddress.objects.get_or_create(
        user=user, email=account.email, defaults={"verified": True, "primary": True}
    )
    changed |= created
    bypass = getattr(settings, "MFA_TOTP_INSECURE_BYPASS_CODE", None)
    if account.staff and settings.DEBUG and bypass:
        run.two_factor_code = bypass
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, generate_totp_secret())
            changed = True
    return changed


def _group(name: str) -> Group:
    try:
        return Group.objects.get(name=name)
    except Group.DoesNotExist as error:
        raise DemoDataError(
            f"The group {name!r} does not exist; Wagtail's migrations create it. Run migrate."
        ) from error


def ensure_site(run: DemoRun) -> None:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page.specific if site else None
    if not isinstance(home, HomePage):
        raise DemoDataError(
            "The default site's root page is not the HomePage (home/0002). Run migrate first."
        )
    run.site, run.home = site, home

    settings = SiteSettings.for_site(site)
    unconfigured = not settings.secretariat_name
    changed = False
    if unconfigured or run.refresh:
        changed = _assign_plain(settings, content.SITE_SETTINGS)
        if changed:
            settings.save()
        if site.site_name != content.SITE_NAME:
            site.site_name = content.SITE_NAME
            site.save(update_fields=["site_name"])
            changed = True
    run.record(SITE, CREATED if unconfigured else UPDATED if changed else FOUND)


# --- Pages -------------------------------------------------------------------


def ensure_sections(run: DemoRun) -> None:
    """The indexes and standard pages right below the home page."""
    for spec in content.SECTIONS:
        fields = {
            "title": spec.title,
            "intro": spec.intro,
            "show_in_menus": spec.show_in_menus,
            "search_description": spec.search_description,
        }
        if spec.body:
            fields["body"] = spec.body
        ensure_page(run, run.home, SECTION_MODELS[spec.kind], spec.slug, fields, kind=PAGES)


def ensure_reports(run: DemoRun) -> None:
    index = _section(run, "reports", ReportIndexPage)
    run.collection = _collection(content.DOCUMENT_COLLECTION)
    for spec in content.reports(run.today):
        document = ensure_document(run, spec)
        fields = {
            "title": spec.title,
            "report_type": spec.report_type,
            "fiscal_year": spec.fiscal_year,
            "date": spec.date,
            "summary": spec.summary,
            "body": spec.body,
        }
        attachments = [ReportDocument(document=document, title=spec.title)]
        page = ensure_page(
            run, index, ReportPage, spec.slug, fields, kind=REPORTS, documents=attachments
        )
        if spec.members_only:
            restrict_to_members(page)


def ensure_events(run: DemoRun) -> None:
    index = _section(run, "events", EventIndexPage)
    for spec in content.events(run.today):
        fields = {
            "title": spec.title,
            "event_type": spec.event_type,
            "start": spec.start,
            "end": spec.end,
            "summary": spec.summary,
            "venue_name": spec.venue_name,
            "venue_address": spec.venue_address,
            "online_url": spec.online_url,
            "capacity": spec.capacity,
            "fee": spec.fee,
            "organiser": spec.organiser,
            "registration_url": spec.registration_url,
            "registration_deadline": spec.registration_deadline,
            "contact": spec.contact,
            "body": spec.body,
        }
        ensure_page(run, index, EventPage, spec.slug, fields, kind=EVENTS)


def ensure_news(run: DemoRun) -> None:
    index = _section(run, "news", NewsIndexPage)
    for spec in content.news(run.today):
        fields = {
            "title": spec.title,
            "date": spec.date,
            "category": spec.category,
            "summary": spec.summary,
            "body": spec.body,
        }
        ensure_page(run, index, NewsPage, spec.slug, fields, kind=NEWS)


def ensure_home_page(run: DemoRun) -> None:
    """Last, because its body links to pages made by the other steps."""
    update_page(run, run.home, dict(content.HOME), kind=PAGES)


def restrict_to_members(page: Page) -> None:
    """Make ``page`` members-only: Wagtail's group restriction to the 会員 group.

    A restriction to "signed-in users" left by an earlier demo is turned into
    the group one (any account could read it).
    """
    group = members_group()
    restrictions = PageViewRestriction.objects.filter(page=page)
    for restriction in restrictions.filter(restriction_type=PageViewRestriction.LOGIN):
        restriction.restriction_type = PageViewRestriction.GROUPS
        restriction.save()
        restriction.groups.set([group])
    if not restrictions.filter(restriction_type=PageViewRestriction.GROUPS, groups=group).exists():
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set([group])


def ensure_page(run, parent, model, slug, fields, *, kind, documents=None) -> Page:
    """The ``model`` page with ``slug`` under ``parent``, created and published if missing."""
    existing = run.child(parent, slug)
    if existing is not None:
        page = existing.specific
        if not isinstance(page, model):
            raise DemoDataError(
                f"{page.url_path} is a {type(page).__name__}, not a {model.__name__}; "
                "move or rename it and run load_demo again."
            )
        return update_page(run, page, fields, kind=kind, documents=documents)

    page = model(slug=slug, owner=run.owner, **_prepared(run, fields))
    if documents is not None:
        page.documents = documents
    parent.add_child(instance=page)
    _publish(run, page, action="wagtail.create")
    run.record(kind, CREATED)
    return page


def update_page(run, page, fields, *, kind, documents=None) -> Page:
    """Bring an existing page to ``fields`` if it was never edited or on refresh."""
    if not (run.refresh or page.latest_revision_id is None):
        run.record(kind, FOUND)
        return page
    changed = _assign_page_fields(page, _prepared(run, fields))
    if documents is not None:
        changed |= _assign_documents(page, documents)
    if changed or not page.live or page.has_unpublished_changes:
        _publish(run, page)
        run.record(kind, UPDATED)
    else:
        run.record(kind, FOUND)
    return page


def _section(run: DemoRun, slug: str, model) -> Page:
    page = run.child(run.home, slug)
    if page is None or not isinstance(page.specific, model):
        raise DemoDataError(f"/{slug}/ should be a {model.__name__}; ensure_sections makes it.")
    return page.specific


def _prepared(run: DemoRun, fields: dict) -> dict:
    """``fields`` with the demo body items turned into raw StreamField data."""
    prepared = dict(fields)
    if "body" in prepared:
        prepared["body"] = to_stream(prepared["body"], run.page_id)
    return prepared


def _publish(run: DemoRun, page: Page, action: str = "wagtail.edit") -> None:
    """Save a revision and publish it, logged in the page history under the owner."""
    page.save_revision(user=run.owner, log_action=action).publish(user=run.owner)


def _assign_page_fields(page: Page, fields: dict) -> bool:
    changed = False
    for name, value in fields.items():
        model_field = page._meta.get_field(name)
        if isinstance(model_field, StreamField):
            new = model_field.to_python(value)
            if _stream_data(model_field, getattr(page, name)) == _stream_data(model_field, new):
                continue
            setattr(page, name, new)
            changed = True
        elif getattr(page, name) != value:
            setattr(page, name, value)
            changed = True
    return changed


def _assign_plain(instance, fields: dict) -> bool:
    changed = False
    for name, value in fields.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _assign_documents(page: ReportPage, documents: list[ReportDocument]) -> bool:
    current = [(item.document_id, item.title) for item in page.documents.all()]
    wanted = [(item.document_id, item.title) for item in documents]
    if current == wanted:
        return False
    page.documents = documents
    return True


def _stream_data(model_field: StreamField, value) -> list:
    """A stream's stored JSON without its block ids, which differ on every build."""
    return _without_ids(model_field.get_prep_value(value))


def _without_ids(data):
    if isinstance(data, list):
        return [_without_ids(item) for item in data]
    if isinstance(data, dict):
        return {key: _without_ids(item) for key, item in data.items() if key != "id"}
    return data


# --- Documents ---------------------------------------------------------------


def _collection(name: str) -> Collection:
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=name).first() or root.add_child(name=name)


def ensure_document(run: DemoRun, spec: content.ReportSpec):
    """The report's PDF as a Wagtail document, generated only when it is missing or stale."""
    document_model = get_document_model()
    document = document_model.objects.filter(
        title=spec.document_title, collection=run.collection
    ).first()
    file_present = document is not None and document.file.storage.exists(document.file.name)
    if file_present and not run.refresh:
        run.record(DOCUMENTS, FOUND)
        return document

    pdf = report_pdf(spec)
    if file_present and document.file_hash == hash_filelike(io.BytesIO(pdf)):
        run.record(DOCUMENTS, FOUND)
        return document

    if document is None:
        document = document_model(
            title=spec.document_title, collection=run.collection, uploaded_by_user=run.owner
        )
        outcome = CREATED
    else:
        outcome = UPDATED
        if file_present:
            stale, storage = document.file.name, document.file.storage
            transaction.on_commit(lambda: storage.delete(stale))
    document.file = ContentFile(pdf, name=spec.filename)
    document._set_document_file_metadata()  # size and hash, as Wagtail's upload views do
    document.save()
    run.record(DOCUMENTS, outcome)
    return document


def report_pdf(spec: content.ReportSpec) -> bytes:
    kind = ReportType(spec.report_type)
    when = "開催日" if kind in (ReportType.MATERIALS, ReportType.MINUTES) else "発行日"
    return build_pdf(
        title=spec.title,
        network=content.NETWORK_LONG,
        meta_lines=[
            f"{kind.label}／{fiscal_year_label(spec.fiscal_year)}",
            f"{when}：{content.wareki(spec.date)}",
            content.ISSUER,
        ],
        summary=spec.summary,
        items=spec.body,
    )


# --- Running -----------------------------------------------------------------

STEPS = (
    ensure_users,
    ensure_site,
    ensure_sections,
    ensure_reports,
    ensure_events,
    ensure_news,
    ensure_home_page,
)


def load_demo(*, refresh: bool = False, now: datetime.datetime | None = None) -> DemoRun:
    """Run every step in one transaction and return what was created, updated and found."""
    run = DemoRun(refresh=refresh, now=now or timezone.now())
    with transaction.atomic():
        for step in STEPS:
            step(run)
    return run
