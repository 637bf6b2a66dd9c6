"""A few days of a network's activity on top of the demo site, for the drills.

Run inside the site's process (``manage.py shell -c "from ops import activity; activity.run()"``):
forum replies by members (which queue notification e-mails), membership
applications (which queue the secretariat's e-mail), machine translations of
published pages, an uploaded image, and e-mails queued while the broker is
down, so the outbox holds unsent rows as it would in production.
"""

import io

from django.db import transaction


def forum_posts(count):
    from machina.apps.forum_conversation.models import Post, Topic

    topics = list(Topic.objects.filter(approved=True).order_by("pk")[:5])
    made = 0
    for index in range(count):
        topic = topics[index % len(topics)]
        poster = topic.poster
        with transaction.atomic():
            Post.objects.create(
                topic=topic,
                poster=poster,
                subject=f"Re: {topic.subject}",
                content=f"訓練用の返信 {index + 1}：来月の打ち合わせは公民館で行います。",
                approved=True,
            )
        made += 1
    return made


def applications(count):
    from organisations.choices import ApplicationStatus, LegalForm
    from organisations.models import ActivityType, Application, Prefecture, TargetGroup
    from organisations.services.applications import notify_secretariat

    prefecture = Prefecture.objects.get(code="38")
    for index in range(count):
        with transaction.atomic():
            application = Application.objects.create(
                status=ApplicationStatus.SUBMITTED,
                name=f"訓練みらい子ども食堂{index + 1}",
                name_kana="クンレンミライコドモショクドウ",
                legal_form=LegalForm.VOLUNTARY,
                representative="代表 田中 三郎",
                postcode="796-0001",
                prefecture=prefecture,
                municipality="八幡浜市",
                street_address="2-3-4",
                activity_summary="毎週土曜日に子ども食堂を開き、地域の高齢者も招いています。",
                applicant_name="田中 三郎",
                applicant_name_kana="タナカ サブロウ",
                applicant_email=f"drill-applicant{index + 1}@example.org",
                applicant_phone="0894-11-2222",
                recommender="八幡浜市",
                declares_no_antisocial_ties=True,
                agrees_to_publication=True,
            )
            application.main_activity_types.add(*ActivityType.objects.all()[:1])
            application.main_target_groups.add(*TargetGroup.objects.all()[:1])
            notify_secretariat(application)
    return count


def translations(count):
    from wagtail.models import Locale, Page

    from cms.translation.models import AutoTranslateMode
    from cms.translation.services import translate_page

    japanese = Locale.objects.get(language_code="ja")
    pages = Page.objects.live().filter(locale=japanese, depth__gte=3).order_by("path")
    made = 0
    for page in pages:
        if made == count:
            break
        if page.get_translations().filter(locale__language_code="en").exists():
            continue
        translate_page(page, "en", AutoTranslateMode.PUBLISH)
        made += 1
    return made


def image():
    from django.core.files.images import ImageFile

    from wagtail.images import get_image_model

    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 200), "#2a6f97").save(buffer, "PNG")
    Image = get_image_model()
    picture = Image(title="訓練用の画像")
    picture.file.save("drill.png", ImageFile(buffer, name="drill.png"), save=False)
    picture.save()
    picture.get_rendition("fill-160x100")
    return 1


def queued_emails(count):
    from cms.mail import queue_email

    for index in range(count):
        with transaction.atomic():
            queue_email(
                [f"drill-member{index + 1}@example.org"],
                f"【つながりネット】訓練のお知らせ {index + 1}",
                "訓練用のメールです。",
                dedupe_key=f"drill:{index + 1}",
            )
    return count


def run(posts=12, apps=4, pages=3, emails=6):
    import logging

    from cms.models import OutboundEmail

    logging.disable(logging.WARNING)  # the broker is down on purpose: no warnings
    figures = {
        "forum posts": forum_posts(posts),
        "applications": applications(apps),
        "machine translations": translations(pages),
        "images": image(),
        "e-mails queued": queued_emails(emails),
    }
    figures["outbox rows unsent"] = OutboundEmail.objects.filter(sent_at__isnull=True).count()
    print("activity:", ", ".join(f"{name} {value}" for name, value in figures.items()))
