"""Who may see write-ups (取組事例) and their attachments: the one place these rules live.

Who may *write* them is a membership rule and stays with the memberships
(organisations.access.can_edit_practices, Membership.can_write_practices).
"""

from organisations.access import can_edit_practices, can_view_organisation
from organisations.models import Membership
from practices.models import PracticeAttachment, PracticePage


def can_view_practice(user, practice):
    """A write-up's public page: only while its organisation is an active member.

    Wagtail decides the rest (live, view restrictions); the secretariat also
    sees the write-ups of suspended or departed organisations, as their profiles.
    """
    return can_view_organisation(user, practice.organisation)


def can_download_practice_attachment(user, document):
    """A write-up's attachment (in the 取組事例の添付資料 collection).

    Anyone, once a listed (live, public, active organisation) write-up holds
    it; before that only the people who review write-ups (Wagtail admin users)
    and those who may write the uploading organisation's write-ups. A draft's
    attachments, or a revision's new ones, stay private until approval.
    """
    if PracticeAttachment.objects.filter(
        document=document, page__in=PracticePage.objects.listed()
    ).exists():
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    if user.has_perm("wagtailadmin.access_admin"):
        return True
    uploader = (
        Membership.objects.select_related("organisation")
        .filter(user_id=document.uploaded_by_user_id)
        .first()
    )
    return bool(uploader and can_edit_practices(user, uploader.organisation))
