"""Helpers for the write-up tests (tests/practices/test_*.py and the tests that use write-ups)."""

import io
import itertools

from django.core.files.images import ImageFile

from wagtail.images import get_image_model

from organisations.models import ActivityType, Prefecture, TargetGroup
from practices.models import (
    PracticeActivity,
    PracticeIndexPage,
    PracticePage,
    PracticePartner,
    PracticePhoto,
    PracticeResult,
    PracticeTarget,
)

_slugs = itertools.count(1)


def make_image(title="写真", colour="#88aacc"):
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), colour).save(buffer, "PNG")
    image = get_image_model()(title=title)
    image.file = ImageFile(buffer, name=f"practice-{next(_slugs)}.png")
    image.save()
    return image


def make_practice(
    index,
    organisation,
    *,
    title="認知症カフェ「ひだまり」",
    slug=None,
    activities=(("交流の場の提供", True),),
    targets=(("高齢者", True),),
    prefectures=("38",),
    year=2024,
    photo=False,
    partners=(),
    results=(("参加者", "延べ120", "人"),),
    publish=True,
    user=None,
    **fields,
):
    """A write-up under ``index``, published through a revision (unless publish=False)."""
    page = PracticePage(
        title=title,
        slug=slug or f"practice-{next(_slugs)}",
        organisation=organisation,
        year=year,
        summary=fields.pop("summary", "地域の高齢者が気軽に集まれる場です。"),
        purpose=fields.pop("purpose", "<p>孤立を防ぐ。</p>"),
        beneficiaries=fields.pop("beneficiaries", "<p>地域の高齢者</p>"),
        content=fields.pop("content", "<p>毎月1回のカフェ。</p>"),
        live=False,
        **fields,
    )
    page.areas_prefectures = list(Prefecture.objects.filter(code__in=prefectures))
    page.activities = [
        PracticeActivity(activity_type=ActivityType.objects.get(name=name), is_main=main)
        for name, main in activities
    ]
    page.targets = [
        PracticeTarget(target_group=TargetGroup.objects.get(name=name), is_main=main)
        for name, main in targets
    ]
    page.partners = [
        PracticePartner(organisation=p, name="")
        if not isinstance(p, str)
        else PracticePartner(name=p)
        for p in partners
    ]
    page.results = [PracticeResult(label=a, value=b, unit=c) for a, b, c in results]
    if photo:
        page.photos = [PracticePhoto(image=make_image(), alt_text="集まった参加者", caption="")]
    index.add_child(instance=page)
    if publish:
        page.save_revision(user=user).publish(user=user)
        page.refresh_from_db()
    return page


def make_index(home_page):
    """/practices/ under the home page."""
    index = PracticeIndexPage(title="取組事例", slug="practices", intro="会員団体の取組です。")
    home_page.add_child(instance=index)
    return index
