"""Demo member organisations and their accounts, from ``demo/data/organisations.yaml``.

``ensure_organisations(stdout)`` adds about fifteen fictional member
organisations — most in 愛媛県, a few in neighbouring prefectures — with
varied legal forms, both tiers, ★/☆ activity types and target groups, contact
details at every visibility level, and for each an admin account (some also a
member of staff). It looks organisations up by slug and accounts by username,
so running it again creates nothing new and changes nothing an admin edited.

The synthetic organisations of the benchmarks are in ``demo.synthetic``.
"""

import datetime
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone

from wagtail.images import get_image_model

from allauth.account.models import EmailAddress

from cms.logs import quiet_loggers

from .content import DEMO_PASSWORD
from .files import read, text
from .printing import pad, width
from .site_models import (
    ActivityType,
    Membership,
    Organisation,
    OrganisationActivity,
    OrganisationPhoto,
    OrganisationRole,
    OrganisationStatus,
    OrganisationTarget,
    Prefecture,
    TargetGroup,
)

VISIBLE_FIELDS = ("street_address", "contact_name", "phone", "email")


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    name_kana: str
    legal_form: str
    tier: str
    prefecture: str  # its name, e.g. 愛媛県
    municipality: str
    postcode: str
    street_address: str
    representative: str
    founded_on: datetime.date | None
    staff_count: int | None
    contact_name: str
    phone: str
    message: str
    description: str
    activities: tuple[tuple[str, bool], ...]  # (activity type, is main ★)
    targets: tuple[tuple[str, bool], ...]
    areas_prefectures: tuple[str, ...] = ()
    areas_municipalities: str = ""
    website: str = ""
    # Who may read each contact field: (street, contact name, phone, e-mail).
    visibility: tuple[str, str, str, str] = ("public", "members", "members", "members")
    has_staff: bool = False
    logo_colour: str = ""  # a simple generated logo in this colour, if set
    photos: tuple[tuple[str, str, str], ...] = ()  # (colour, alt text, caption)
    status: str = OrganisationStatus.ACTIVE

    @property
    def admin_username(self):
        return f"org-admin-{self.slug}"

    @property
    def staff_username(self):
        return f"org-staff-{self.slug}"

    @property
    def contact_email(self):
        return f"contact-{self.slug}@example.org"


def main_and_other(row) -> tuple[tuple[str, bool], ...]:
    """``{main: [...], other: [...]}`` as (name, is main) pairs, ★ first."""
    row = row or {}
    return tuple((name, True) for name in row.get("main") or ()) + tuple(
        (name, False) for name in row.get("other") or ()
    )


def _organisation(row) -> DemoOrganisation:
    visibility = {**dict.fromkeys(VISIBLE_FIELDS, "members"), "street_address": "public"}
    visibility.update(row.get("visibility") or {})
    return DemoOrganisation(
        slug=text(row["slug"]),
        name=text(row["name"]),
        name_kana=text(row["name_kana"]),
        legal_form=text(row["legal_form"]),
        tier=text(row["tier"]),
        status=text(row.get("status") or OrganisationStatus.ACTIVE),
        prefecture=text(row["prefecture"]),
        municipality=text(row["municipality"]),
        postcode=text(row.get("postcode")),
        street_address=text(row.get("street_address")),
        representative=text(row.get("representative")),
        founded_on=row.get("founded_on"),
        staff_count=row.get("staff_count"),
        contact_name=text(row.get("contact_name")),
        phone=text(row.get("phone")),
        website=text(row.get("website")),
        message=text(row.get("message")),
        description=text(row.get("description")),
        activities=main_and_other(row.get("activities")),
        targets=main_and_other(row.get("targets")),
        areas_prefectures=tuple(row.get("areas_prefectures") or ()),
        areas_municipalities=text(row.get("areas_municipalities")),
        visibility=tuple(visibility[name] for name in VISIBLE_FIELDS),
        has_staff=bool(row.get("staff_account", False)),
        logo_colour=text(row.get("logo_colour")),
        photos=tuple(
            (text(photo["colour"]), text(photo["alt_text"]), text(photo.get("caption")))
            for photo in row.get("photos") or ()
        ),
    )


ORGANISATIONS = tuple(_organisation(row) for row in read("organisations.yaml")["organisations"])


@dataclass
class OrganisationsRun:
    created: int = 0
    found: int = 0
    accounts_created: int = 0
    # (username, e-mail, password, role, role in English), as load_demo prints them
    accounts: list[tuple[str, str, str, str, str]] = field(default_factory=list)


def ensure_organisations(stdout=None):
    """Create the demo organisations and their accounts that are missing; print a summary."""
    run = OrganisationsRun()
    password = _PasswordHash()
    with quiet_loggers(), transaction.atomic():
        for demo in ORGANISATIONS:
            organisation = Organisation.objects.filter(slug=demo.slug).first()
            if organisation is None:
                organisation = _create_organisation(demo)
                run.created += 1
            else:
                run.found += 1
            run.accounts_created += _ensure_account(
                organisation, demo.admin_username, OrganisationRole.ADMIN, password
            )
            if demo.has_staff:
                run.accounts_created += _ensure_account(
                    organisation, demo.staff_username, OrganisationRole.STAFF, password
                )
    first = ORGANISATIONS[0]
    run.accounts = [
        (
            first.admin_username,
            _email(first.admin_username),
            DEMO_PASSWORD,
            f"団体管理者（{first.name}）",
            "organisation admin: edits the profile, manages staff",
        ),
        (
            first.staff_username,
            _email(first.staff_username),
            DEMO_PASSWORD,
            f"団体スタッフ（{first.name}）",
            "member: sees members-only contact details",
        ),
    ]
    if stdout is not None:
        _report(run, stdout)
    return run


def _create_organisation(demo):
    street_vis, name_vis, phone_vis, email_vis = demo.visibility
    today = timezone.localdate()
    organisation = Organisation.objects.create(
        slug=demo.slug,
        name=demo.name,
        name_kana=demo.name_kana,
        legal_form=demo.legal_form,
        tier=demo.tier,
        status=demo.status,
        representative=demo.representative,
        founded_on=demo.founded_on,
        staff_count=demo.staff_count,
        postcode=demo.postcode,
        prefecture=Prefecture.objects.get(name=demo.prefecture),
        municipality=demo.municipality,
        street_address=demo.street_address,
        street_address_visibility=street_vis,
        website=demo.website,
        contact_name=demo.contact_name,
        contact_name_visibility=name_vis,
        phone=demo.phone,
        phone_visibility=phone_vis,
        email=demo.contact_email,
        email_visibility=email_vis,
        message=demo.message,
        description=demo.description,
        areas_municipalities=demo.areas_municipalities,
        joined_on=today - datetime.timedelta(days=400),
        left_on=today - datetime.timedelta(days=30)
        if demo.status != OrganisationStatus.ACTIVE
        else None,
    )
    organisation.areas_prefectures.set(Prefecture.objects.filter(name__in=demo.areas_prefectures))
    activity_types = {item.name: item for item in ActivityType.objects.all()}
    target_groups = {item.name: item for item in TargetGroup.objects.all()}
    OrganisationActivity.objects.bulk_create(
        OrganisationActivity(
            organisation=organisation, activity_type=activity_types[name], is_main=is_main
        )
        for name, is_main in demo.activities
    )
    OrganisationTarget.objects.bulk_create(
        OrganisationTarget(
            organisation=organisation, target_group=target_groups[name], is_main=is_main
        )
        for name, is_main in demo.targets
    )
    if demo.logo_colour:
        organisation.logo = _make_image(
            f"{demo.name} ロゴ", demo.logo_colour, (240, 240), round_=True
        )
        organisation.logo_alt_text = f"{demo.name}のロゴ"
        organisation.save(update_fields=["logo", "logo_alt_text"])
    for order, (colour, alt_text, caption) in enumerate(demo.photos):
        OrganisationPhoto.objects.create(
            organisation=organisation,
            image=_make_image(f"{demo.name} 写真{order + 1}", colour, (960, 640)),
            alt_text=alt_text,
            caption=caption,
            sort_order=order,
        )
    return organisation


def _email(username):
    return f"{username}@example.org"


def _ensure_account(organisation, username, role, password):
    """The account and its membership; returns 1 if the account was created."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    created = user is None
    if created:
        user = user_model(username=username, email=_email(username), password=password.encoded())
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    if not Membership.objects.filter(user=user).exists():
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return int(created)


class _PasswordHash:
    """The demo password hashed once per run (hashing is deliberately slow)."""

    def __init__(self):
        self._encoded = None

    def encoded(self):
        if self._encoded is None:
            self._encoded = make_password(DEMO_PASSWORD)
        return self._encoded


def _make_image(title, colour, size, round_=False):
    """A plain generated picture (a coloured shape), so the demo needs no image files."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    width, height = size
    picture = PILImage.new("RGB", size, "#ffffff" if round_ else colour)
    draw = ImageDraw.Draw(picture)
    if round_:
        draw.ellipse((16, 16, width - 16, height - 16), fill=colour)
        draw.ellipse((width // 3, height // 3, width * 2 // 3, height * 2 // 3), fill="#ffffff")
    else:
        for step in range(6):
            inset = step * min(width, height) // 14
            shade = 255 - step * 18
            draw.rectangle(
                (inset, inset, width - inset, height - inset),
                outline=(shade, shade, shade),
                width=3,
            )
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    image_model = get_image_model()
    image = image_model(title=title)
    slug = "".join(c for c in colour if c.isalnum())
    image.file = ImageFile(buffer, name=f"demo-{slug}-{width}x{height}.png")
    image.save()
    return image


def _report(run, stdout):
    """Print the summary in load_demo's style (each line ends in a newline, so a
    command's OutputWrapper and a plain stream print the same)."""

    def line(text=""):
        stdout.write(f"{text}\n")

    line()
    line("会員団体 / member organisations")
    line(
        f"  作成 created {run.created:>2}   既存 found {run.found:>2}   "
        f"アカウント作成 accounts created {run.accounts_created:>2}"
    )
    line()
    line("  メールアドレスとパスワードでログインします。 / Sign in with the e-mail and password:")
    rows = [("ユーザー名 / username", "メール / e-mail", "パスワード / password", "役割 / role")]
    rows += [account[:4] for account in run.accounts]
    widths = [max(width(row[column]) for row in rows) + 2 for column in range(3)]
    for index, row in enumerate(rows):
        cells = (pad(cell, size) for cell, size in zip(row[:3], widths, strict=True))
        line("  " + "".join(cells) + row[3])
        if index:
            line("  " + " " * sum(widths) + f"({run.accounts[index - 1][4]})")
    line(
        "  他の団体の管理者も org-admin-<slug>@example.org（同じパスワード） / "
        "every organisation has an admin org-admin-<slug>@example.org, same password"
    )
