"""Write-ups (取組事例) written from the front end: revisions as the submitting user.

The submitter has no Wagtail admin access; everything they save becomes a page
revision of a ``PracticePage`` under the write-up index. A new write-up is
created not live; a published one stays live as it is until the secretariat
approves the revision in Wagtail's workflow.
"""

import html
import re
import uuid

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail.documents import get_document_model
from wagtail.models import Collection, WorkflowState
from wagtail.users.models import UserProfile

import nh3

from cms.slugs import slug_for, unique_slug
from organisations.services.manage import store_image
from practices.models import (
    PracticeActivity,
    PracticeAttachment,
    PracticeIndexPage,
    PracticePage,
    PracticePartner,
    PracticePhoto,
    PracticeResult,
    PracticeTarget,
)

TEXT_FIELDS = ("purpose", "beneficiaries", "content", "outreach", "qualitative_results")

STATE_DRAFT = "draft"
STATE_IN_REVIEW = "in_review"
STATE_NEEDS_CHANGES = "needs_changes"
STATE_LIVE = "live"
STATE_LIVE_IN_REVIEW = "live_in_review"
STATE_LABELS = {
    STATE_DRAFT: _("下書き"),
    STATE_IN_REVIEW: _("審査中"),
    STATE_NEEDS_CHANGES: _("修正依頼"),
    STATE_LIVE: _("公開中"),
    STATE_LIVE_IN_REVIEW: _("公開中（改訂審査中）"),
}


def text_to_html(text):
    """Plain text → <p> per blank-line-separated paragraph, <br> per line break.

    Members type plain text: any markup in it is dropped (script and style with
    their content), the rest is escaped by nh3.
    """
    text = nh3.clean((text or "").replace("\r\n", "\n"), tags=set()).strip()
    if not text:
        return ""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join("<p>" + "<br>".join(p.split("\n")) + "</p>" for p in paragraphs)


def html_to_text(value):
    """The reverse of text_to_html, for filling the form from a revision."""
    value = str(value or "")
    value = re.sub(r"<br\s*/?>", "\n", value)
    value = re.sub(r"</p>\s*<p[^>]*>", "\n\n", value)
    value = re.sub(r"</li>\s*<li[^>]*>", "\n", value)
    value = re.sub(r"<[^>]+>", "", value)
    return html.unescape(value).strip()


ATTACHMENT_COLLECTION_NAME = "取組事例の添付資料"


def attachment_collection():
    """The collection members' attachments are filed in.

    Its documents are served only once the write-up that holds them is
    published (practices.access.can_download_practice_attachment, checked
    by the before_serve_document hook in organisations.wagtail_hooks).
    """
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=ATTACHMENT_COLLECTION_NAME).first()
    return collection or root.add_child(name=ATTACHMENT_COLLECTION_NAME)


def is_practice_attachment(document):
    return document.collection.name == ATTACHMENT_COLLECTION_NAME


def store_document(upload, *, title, by):
    """Save an upload (already validated by the form) as a Wagtail document.

    The file is stored under a random name: the uploaded name may hold
    personal data or path tricks; the title is what people see.
    """
    extension = upload.name.rsplit(".", 1)[-1].lower()
    upload.name = f"{uuid.uuid4().hex}.{extension}"
    document = get_document_model()(
        title=title[:255], file=upload, collection=attachment_collection(), uploaded_by_user=by
    )
    document._set_document_file_metadata()
    document.save()
    return document


def index_page():
    return PracticeIndexPage.objects.first()


def practices_of(organisation):
    return PracticePage.objects.filter(organisation=organisation).order_by(
        "-latest_revision_created_at", "-pk"
    )


def state_of(page):
    workflow_state = page.current_workflow_state
    if workflow_state and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return STATE_NEEDS_CHANGES
    in_review = bool(workflow_state and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS)
    if page.live:
        return STATE_LIVE_IN_REVIEW if in_review else STATE_LIVE
    return STATE_IN_REVIEW if in_review else STATE_DRAFT


def is_locked_for_editing(page):
    """In review, a write-up cannot be changed from the front end.

    Wagtail publishes the latest revision on approval, so an edit made while
    the secretariat reviews would go live unseen. The submitter may withdraw
    the submission (withdraw_from_review) and edit again; when changes were
    requested the form is open and 審査に提出 resumes the review.
    """
    return state_of(page) in (STATE_IN_REVIEW, STATE_LIVE_IN_REVIEW)


@transaction.atomic
def withdraw_from_review(page, user):
    """Cancel the review in progress (or awaiting changes); False when there is none."""
    workflow_state = PracticePage.objects.get(pk=page.pk).current_workflow_state
    if workflow_state is None or workflow_state.status not in (
        WorkflowState.STATUS_IN_PROGRESS,
        WorkflowState.STATUS_NEEDS_CHANGES,
    ):
        return False
    workflow_state.cancel(user=user)
    return True


def review_comment(page):
    """The reviewer's comment when changes were requested, else ""."""
    workflow_state = page.current_workflow_state
    if not workflow_state or workflow_state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return ""
    task_state = workflow_state.current_task_state
    return task_state.comment if task_state else ""


def _apply(page, data, user=None):
    page.title = data["title"]
    page.summary = data["summary"]
    page.year = data["year"]
    page.areas_municipalities = data["areas_municipalities"]
    for name in TEXT_FIELDS:
        setattr(page, name, text_to_html(data[name]))
    page.areas_prefectures = list(data["areas_prefectures"])
    page.activities = [
        PracticeActivity(activity_type_id=pk, is_main=main, sort_order=i)
        for i, (pk, main) in enumerate(data["activities"].items())
    ]
    page.targets = [
        PracticeTarget(target_group_id=pk, is_main=main, sort_order=i)
        for i, (pk, main) in enumerate(data["targets"].items())
    ]
    page.partners = [
        PracticePartner(organisation=p["organisation"], name=p["name"], sort_order=i)
        for i, p in enumerate(data.get("partners", []))
    ]
    if "photos" in data:
        photos = []
        for i, photo in enumerate(data["photos"]):
            image = photo["image"]
            if image is None:
                image = store_image(photo["upload"], title=photo["alt_text"], by=user)
            photos.append(
                PracticePhoto(
                    image=image, alt_text=photo["alt_text"], caption=photo["caption"], sort_order=i
                )
            )
        page.photos = photos
    if "attachments" in data:
        attachments = []
        for i, attachment in enumerate(data["attachments"]):
            document = attachment["document"]
            if document is None:
                document = store_document(attachment["upload"], title=attachment["title"], by=user)
            attachments.append(
                PracticeAttachment(document=document, title=attachment["title"], sort_order=i)
            )
        page.attachments = attachments
    page.results = [
        PracticeResult(
            label=r["label"],
            value=r["value"],
            unit=r["unit"],
            period=r.get("period", ""),
            sort_order=i,
        )
        for i, r in enumerate(data["results"])
    ]


@transaction.atomic
def save_practice(organisation, user, data, page=None):
    """Create (page=None) or revise a write-up of ``organisation``; returns the page."""
    if page is None:
        page = PracticePage(
            organisation=organisation,
            slug=unique_slug(
                slug_for(data["title"], fallback="practice"),
                lambda slug: PracticePage.objects.filter(slug=slug).exists(),
            ),
            live=False,
        )
        _apply(page, data, user)
        index_page().add_child(instance=page)
        page.save_revision(user=user)
        return page
    draft = page.get_latest_revision_as_object()
    draft.organisation = organisation  # never from the form
    _apply(draft, data, user)
    draft.save_revision(user=user)
    return page


@transaction.atomic
def submit_for_review(page, user):
    """Start (or resume after changes were requested) the page's moderation workflow."""
    page = PracticePage.objects.get(pk=page.pk)
    _mute_wagtail_notifications(user)
    workflow_state = page.current_workflow_state
    if workflow_state is None:
        workflow = page.get_workflow()
        if workflow is None:
            return False
        workflow.start(page, user)
    elif workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        workflow_state.resume(user)
    return True


def _mute_wagtail_notifications(user):
    """Members without admin access get our Japanese e-mails (practices.receivers).

    Wagtail's own approved/rejected notifications would reach them too, in
    English, outside the outbox and linking to an admin they cannot open.
    """
    if user.has_perm("wagtailadmin.access_admin"):
        return
    profile = UserProfile.get_for_user(user)
    if profile.approved_notifications or profile.rejected_notifications:
        profile.approved_notifications = False
        profile.rejected_notifications = False
        profile.save(update_fields=["approved_notifications", "rejected_notifications"])
