"""Signal receivers of the organisations app (connected in OrganisationsConfig.ready).

Write-ups (取組事例) reviewed in Wagtail's workflow: when the secretariat requests
changes, or approves and publishes, the person who submitted it is e-mailed
through the outbox (cms.mail), once per task state / revision.
"""

from django.urls import reverse

from wagtail.signals import task_rejected, workflow_approved

from cms import site_address
from cms.mail import queue_email, render_email_for


def _practice_and_submitter(workflow_state):
    from practices.models import PracticePage

    page = workflow_state.content_object
    if not isinstance(page, PracticePage):
        page = getattr(page, "specific", page)
    if not isinstance(page, PracticePage):
        return None, None
    submitter = workflow_state.requested_by
    if submitter is None or not submitter.email:
        return page, None
    return page, submitter


_absolute = site_address.absolute_url


def on_task_rejected(sender, instance, user=None, **kwargs):
    """Changes requested: e-mail the submitter with the reviewer's comment."""
    page, submitter = _practice_and_submitter(instance.workflow_state)
    if submitter is None:
        return
    title = page.get_latest_revision_as_object().title

    def context():
        return {
            "title": title,
            "organisation_name": page.organisation.name,
            "comment": instance.comment,
            "edit_url": _absolute(
                reverse("my_organisation:practice_edit", kwargs={"page_id": page.pk})
            ),
        }

    subject, body, html_body = render_email_for(
        submitter, "practices/emails/changes_requested", context
    )
    queue_email(
        [submitter.email],
        subject,
        body,
        html_body=html_body,
        dedupe_key=f"practice:{page.pk}:task-state:{instance.pk}:rejected",
    )


def on_workflow_approved(sender, instance, user=None, **kwargs):
    """Approved and published: tell the submitter."""
    page, submitter = _practice_and_submitter(instance)
    if submitter is None:
        return
    page.refresh_from_db()

    def context():
        return {
            "title": page.title,
            "organisation_name": page.organisation.name,
            "page_url": _absolute(page.get_url()),
            "list_url": _absolute(reverse("my_organisation:practice_list")),
        }

    subject, body, html_body = render_email_for(submitter, "practices/emails/published", context)
    queue_email(
        [submitter.email],
        subject,
        body,
        html_body=html_body,
        dedupe_key=f"practice:{page.pk}:workflow-state:{instance.pk}:published",
    )


def connect():
    task_rejected.connect(on_task_rejected, dispatch_uid="practices.task_rejected")
    workflow_approved.connect(on_workflow_approved, dispatch_uid="practices.workflow_approved")
