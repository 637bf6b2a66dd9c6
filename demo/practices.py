"""Demo good-practice write-ups (取組事例), from ``demo/data/practices.yaml``.

``ensure_practices(stdout)`` adds the write-up index (/practices/) under the
home page and about ten write-ups, each published through a revision by its
organisation's admin account (see ``demo.organisations``). It looks
write-ups up by slug, so running it again creates nothing new and leaves
edited write-ups alone.
"""

import io
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction

from wagtail.images import get_image_model

from cms.logs import quiet_loggers

from .files import html_paragraphs, read, text
from .organisations import main_and_other
from .site_models import (
    ActivityType,
    HomePage,
    Organisation,
    PracticeActivity,
    PracticeIndexPage,
    PracticePage,
    PracticePartner,
    PracticePhoto,
    PracticeResult,
    PracticeTarget,
    Prefecture,
    TargetGroup,
)

_DATA = read("practices.yaml")


@dataclass(frozen=True)
class DemoPractice:
    slug: str
    organisation: str  # demo organisation slug
    title: str
    year: int
    summary: str
    activities: tuple[tuple[str, bool], ...]
    targets: tuple[tuple[str, bool], ...]
    prefectures: tuple[str, ...]  # names, e.g. 愛媛県
    municipalities: str
    purpose: str  # rich text (HTML paragraphs), as are the next four
    beneficiaries: str
    content: str
    outreach: str
    qualitative: str
    results: tuple[tuple[str, str, str], ...]  # (label, value, unit)
    partners: tuple[str, ...]  # "slug:<demo org slug>" for members, else a name
    photo: tuple[str, str, str]  # (colour, alt text, caption)


def _partner(row) -> str:
    return f"slug:{row['member']}" if "member" in row else text(row["name"])


def _practice(row) -> DemoPractice:
    photo = row["photo"]
    return DemoPractice(
        slug=text(row["slug"]),
        organisation=text(row["organisation"]),
        title=text(row["title"]),
        year=int(row["year"]),
        summary=text(row["summary"]),
        activities=main_and_other(row.get("activities")),
        targets=main_and_other(row.get("targets")),
        prefectures=tuple(row.get("prefectures") or ()),
        municipalities=text(row.get("municipalities")),
        purpose=html_paragraphs(row.get("purpose")),
        beneficiaries=html_paragraphs(row.get("beneficiaries")),
        content=html_paragraphs(row.get("content")),
        outreach=html_paragraphs(row.get("outreach")),
        qualitative=html_paragraphs(row.get("qualitative_results")),
        results=tuple(
            (text(result["label"]), str(result["value"]), text(result.get("unit")))
            for result in row.get("results") or ()
        ),
        partners=tuple(_partner(partner) for partner in row.get("partners") or ()),
        photo=(text(photo["colour"]), text(photo["alt_text"]), text(photo.get("caption"))),
    )


PRACTICES = tuple(_practice(row) for row in _DATA["practices"])


def _image(title, colour):
    from PIL import Image as PILImage
    from PIL import ImageDraw

    picture = PILImage.new("RGB", (800, 600), colour)
    draw = ImageDraw.Draw(picture)
    for step in range(5):
        inset = 40 + step * 40
        draw.rounded_rectangle(
            (inset, inset, 800 - inset, 600 - inset), radius=24, outline="#ffffff", width=4
        )
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    image = get_image_model()(title=title)
    image.file = ImageFile(buffer, name=f"demo-practice-{colour.lstrip('#')}.png")
    image.save()
    return image


def _index():
    home = HomePage.objects.order_by("depth").first()
    if home is None:
        return None, False
    index = PracticeIndexPage.objects.first()
    if index is not None:
        return index, False
    index = PracticeIndexPage(
        title=text(_DATA["index"]["title"]),
        slug="practices",
        show_in_menus=True,
        intro=text(_DATA["index"]["intro"]),
    )
    home.add_child(instance=index)
    return index, True


def ensure_practices(stdout=None):
    """Create the missing write-up index and demo write-ups; return (created, found)."""
    created = found = 0
    with quiet_loggers(), transaction.atomic():
        index, _ = _index()
        if index is None:
            return 0, 0
        organisations = {o.slug: o for o in Organisation.objects.all()}
        activity_types = {a.name: a for a in ActivityType.objects.all()}
        target_groups = {t.name: t for t in TargetGroup.objects.all()}
        prefectures = {p.name: p for p in Prefecture.objects.all()}
        users = get_user_model().objects
        for demo in PRACTICES:
            organisation = organisations.get(demo.organisation)
            if organisation is None:
                continue
            if PracticePage.objects.filter(slug=demo.slug).exists():
                found += 1
                continue
            _create(
                demo,
                index,
                organisation,
                organisations,
                activity_types,
                target_groups,
                prefectures,
                users.filter(username=f"org-admin-{demo.organisation}").first(),
            )
            created += 1
    if stdout is not None:
        stdout.write(
            f"  取組事例 / write-ups        作成 created {created:>2}   既存 found {found:>2}"
        )
    return created, found


def _create(
    demo, index, organisation, organisations, activity_types, target_groups, prefectures, user
):
    page = PracticePage(
        title=demo.title,
        slug=demo.slug,
        organisation=organisation,
        year=demo.year,
        summary=demo.summary,
        areas_municipalities=demo.municipalities,
        purpose=demo.purpose,
        beneficiaries=demo.beneficiaries,
        content=demo.content,
        outreach=demo.outreach,
        qualitative_results=demo.qualitative,
        live=False,
        owner=user,
    )
    page.areas_prefectures = [prefectures[name] for name in demo.prefectures]
    page.activities = [
        PracticeActivity(activity_type=activity_types[name], is_main=main)
        for name, main in demo.activities
    ]
    page.targets = [
        PracticeTarget(target_group=target_groups[name], is_main=main)
        for name, main in demo.targets
    ]
    partners = []
    for partner in demo.partners:
        if partner.startswith("slug:"):
            member = organisations.get(partner.removeprefix("slug:"))
            if member is not None:
                partners.append(PracticePartner(organisation=member, name=""))
        else:
            partners.append(PracticePartner(name=partner))
    page.partners = partners
    page.results = [PracticeResult(label=a, value=b, unit=c) for a, b, c in demo.results]
    colour, alt_text, caption = demo.photo
    page.photos = [
        PracticePhoto(image=_image(demo.title, colour), alt_text=alt_text, caption=caption)
    ]
    index.add_child(instance=page)
    # Written by the organisation's admin; published as if the secretariat had
    # approved it (the admin has no publish permission of their own).
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user, skip_permission_checks=True)
    return page
