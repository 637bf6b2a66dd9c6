"""Personal data held by the account itself and by the layers below privacy.

cms, search and home cannot import privacy (they are below it), so their
fields are declared here; so are the third-party models we know hold
personal data: Django's user and sessions, allauth's addresses and second
factors.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cms.models import OutboundEmail
from privacy import registry
from privacy.models import DeletionRequest
from privacy.services import scrub_account, session_store, sessions_of

OUTBOX_DAYS = 90

User = get_user_model()

# --- The account (auth.User and allauth) ---------------------------------

registry.register(
    User,
    ["username", "first_name", "last_name", "email", "password", "last_login", "date_joined"],
    purpose=_("ログインと、フォーラムなどでの氏名の表示"),
)
registry.register(
    User, ["groups", "user_permissions"], purpose=_("会員・事務局などの役割による権限")
)
registry.register("account.EmailAddress", ["user", "email"], purpose=_("ログインとメールの送信"))
registry.register(
    "mfa.Authenticator",
    ["user", "data", "created_at", "last_used_at"],
    purpose=_("2段階認証（秘密の値は開示しません）"),
)
registry.register(
    "sessions.Session",
    ["session_data"],
    retention=registry.Retention(
        _("ログインの有効期限まで。期限切れのものは毎日消去します。"), days=0, since="expiry"
    ),
    purpose=_("ログインの状態"),
)
registry.register(
    OutboundEmail,
    ["to", "subject", "body", "html_body", "reply_to"],
    retention=registry.Retention(
        _("送信から90日。その後は毎日の処理で消去します。"), days=OUTBOX_DAYS, since="sent"
    ),
    purpose=_("サイトから送るメールの送信記録"),
)
registry.not_personal(
    OutboundEmail, ["from_email"], reason="the site's own sender address (DEFAULT_FROM_EMAIL)"
)
registry.not_personal(
    "cms.Heartbeat", ["name"], reason='the name of a periodic job ("beat"), not a person'
)
registry.register(
    DeletionRequest,
    ["user", "name", "email", "reason", "decided_by"],
    purpose=_("削除の申し出の受付と確認（氏名・メールアドレスは対応後に消去します）"),
)
registry.not_personal(
    "home.SiteSettings",
    ["network_name", "secretariat_name", "address", "phone", "email"],
    reason="the secretariat office's public contact details, not a person's",
)

# --- 開示 ------------------------------------------------------------------


@registry.exporter(
    "account",
    _("アカウント"),
    labels={
        "last_name": _("姓"),
        "first_name": _("名"),
        "email": _("メールアドレス"),
        "date_joined": _("登録日時"),
        "last_login": _("最後のログイン"),
        "is_active": _("有効"),
        "groups": _("役割のグループ"),
    },
    order=10,
)
def export_account(user):
    return [
        {
            "last_name": user.last_name,
            "first_name": user.first_name,
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "is_active": user.is_active,
            "groups": [group.name for group in user.groups.order_by("name")],
        }
    ]


@registry.exporter(
    "email_addresses",
    _("登録しているメールアドレス"),
    labels={"email": _("メールアドレス"), "verified": _("確認済み"), "primary": _("主なアドレス")},
    order=11,
)
def export_email_addresses(user):
    from allauth.account.models import EmailAddress

    return list(
        EmailAddress.objects.filter(user=user).order_by("pk").values("email", "verified", "primary")
    )


@registry.exporter(
    "authenticators",
    _("2段階認証"),
    labels={"type": _("種類"), "created_at": _("設定日時"), "last_used_at": _("最後に使った日時")},
    order=12,
)
def export_authenticators(user):
    """The kind and dates only: the secrets and codes never leave the database."""
    from allauth.mfa.models import Authenticator

    return [
        {
            "type": authenticator.get_type_display(),
            "created_at": authenticator.created_at,
            "last_used_at": authenticator.last_used_at,
        }
        for authenticator in Authenticator.objects.filter(user=user).order_by("pk")
    ]


@registry.exporter("sessions", _("ログイン中の端末"), labels={"count": _("件数")}, order=13)
def export_sessions(user):
    return [{"count": len(sessions_of(user))}]


@registry.exporter(
    "emails",
    _("サイトから送ったメール"),
    labels={"created_at": _("作成日時"), "sent_at": _("送信日時"), "subject": _("件名")},
    order=90,
)
def export_emails(user):
    return [
        {"created_at": email.created_at, "sent_at": email.sent_at, "subject": email.subject}
        for email in outbox_for(user)
    ]


@registry.exporter(
    "deletion_requests",
    _("削除の申し出"),
    labels={"requested_at": _("申出日時"), "status": _("状態"), "decided_at": _("対応日時")},
    order=95,
)
def export_deletion_requests(user):
    return [
        {
            "requested_at": deletion.requested_at,
            "status": deletion.get_status_display(),
            "decided_at": deletion.decided_at,
        }
        for deletion in DeletionRequest.objects.filter(user=user).order_by("pk")
    ]


def outbox_for(user):
    """Outbox rows addressed to the user's addresses (matched exactly, ignoring case)."""
    addresses = user_addresses(user)
    if not addresses:
        return []
    rows = OutboundEmail.objects.none()
    for address in addresses:
        rows = rows | OutboundEmail.objects.filter(to__icontains=address)
    return [
        email
        for email in rows.distinct().order_by("created_at", "pk")
        if addresses & {str(recipient).lower() for recipient in email.to}
    ]


def user_addresses(user):
    from allauth.account.models import EmailAddress

    addresses = {user.email.lower()} if user.email else set()
    addresses |= {
        address.lower()
        for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    return addresses


# --- 削除 ------------------------------------------------------------------


@registry.eraser(order=900)
def erase_outbox(user):
    """Sent e-mails to the person go; a shared one keeps its other recipients only."""
    addresses = user_addresses(user)
    for email in outbox_for(user):
        if email.sent_at is None:
            continue
        others = [recipient for recipient in email.to if str(recipient).lower() not in addresses]
        if others:
            email.to = others
            email.save(update_fields=["to"])
        else:
            email.delete()


@registry.eraser(order=1000)
def erase_account(user):
    scrub_account(user)


# --- Retention -------------------------------------------------------------


@registry.purger(
    "sessions",
    retention=registry.Retention(_("期限切れのログイン"), days=0, since="expiry"),
)
def purge_sessions(now, dry_run=False):
    from django.contrib.sessions.models import Session

    expired = Session.objects.filter(expire_date__lt=now)
    count = expired.count()
    if not dry_run:
        # What manage.py clearsessions does, for whichever session engine is set.
        session_store().clear_expired()
    return count


@registry.purger(
    "outbox",
    retention=registry.Retention(
        _("送信済みのメールは送信から90日"), days=OUTBOX_DAYS, since="sent"
    ),
)
def purge_outbox(now, dry_run=False):
    old = OutboundEmail.objects.filter(sent_at__lt=now - timedelta(days=OUTBOX_DAYS))
    if dry_run:
        return old.count()
    deleted, _rows = old.delete()
    return deleted


# --- Wagtail pages (third party) ------------------------------------------

registry.register(
    "wagtailcore.Page",
    ["owner", "locked_by"],
    purpose=_("ページを作成した人・編集中の人（取組事例は団体のものとして残ります）"),
)


registry.register(
    "wagtailusers.UserProfile",
    ["user", "avatar", "preferred_language", "current_time_zone"],
    purpose=_("管理画面の表示設定と画像"),
)


@registry.eraser(order=800)
def erase_page_ownership(user):
    from wagtail.models import Page
    from wagtail.users.models import UserProfile

    Page.objects.filter(owner=user).update(owner=None)
    Page.objects.filter(locked_by=user).update(locked_by=None, locked=False, locked_at=None)
    for profile in UserProfile.objects.filter(user=user):
        if profile.avatar:
            profile.avatar.delete(save=False)
        profile.delete()


# --- Wagtail's and other libraries' records of who did what ----------------

AUDIT_RECORD = registry.Retention(
    _(
        "編集・操作の記録として保存します。削除の申し出の後は、氏名もメールアドレスもない"
        "アカウントを指すだけになります。"
    ),
)

registry.register("wagtailcore.Revision", ["user"], retention=AUDIT_RECORD, purpose=_("編集履歴"))
registry.register(
    "wagtailcore.PageLogEntry", ["user"], retention=AUDIT_RECORD, purpose=_("操作の記録")
)
registry.register(
    "wagtailcore.ModelLogEntry", ["user"], retention=AUDIT_RECORD, purpose=_("操作の記録")
)
registry.register(
    "wagtailcore.WorkflowState", ["requested_by"], retention=AUDIT_RECORD, purpose=_("承認の依頼")
)
registry.register(
    "wagtailcore.TaskState", ["finished_by"], retention=AUDIT_RECORD, purpose=_("承認の記録")
)
registry.register(
    "wagtailcore.Comment",
    ["user", "resolved_by"],
    retention=AUDIT_RECORD,
    purpose=_("編集コメント"),
)
registry.register(
    "wagtailcore.CommentReply", ["user"], retention=AUDIT_RECORD, purpose=_("編集コメント")
)
registry.register(
    "wagtail_localize.StringTranslation",
    ["last_translated_by"],
    retention=AUDIT_RECORD,
    purpose=_("翻訳した人"),
)
registry.register(
    "wagtail_localize.SegmentOverride",
    ["last_translated_by"],
    retention=AUDIT_RECORD,
    purpose=_("翻訳した人"),
)
registry.register("wagtailcore.PageSubscription", ["user"], purpose=_("ページのコメント通知"))
registry.register("wagtailadmin.EditingSession", ["user"], purpose=_("同時編集の表示"))
registry.register("wagtailadmin.FormState", ["user"], purpose=_("管理画面の入力途中の内容"))
registry.register("wagtailcore.APIToken", ["user", "name"], purpose=_("APIの利用"))
registry.register(
    "wagtaildocs.Document", ["uploaded_by_user"], purpose=_("文書をアップロードした人")
)
registry.register(
    "wagtailimages.Image", ["uploaded_by_user"], purpose=_("画像をアップロードした人")
)
registry.register(
    "wagtailcore.UploadedFile", ["uploaded_by_user"], purpose=_("アップロード途中のファイル")
)
registry.register("account.EmailConfirmation", ["email_address"], purpose=_("メールアドレスの確認"))
for label, names in {
    "wagtailcore.Site": ["site_name"],
    "wagtailcore.Collection": ["name"],
    "wagtailcore.Workflow": ["name"],
    "wagtailcore.Task": ["name"],
    "wagtail_localize.StringTranslation": ["tool_name"],
    "taggit.Tag": ["name"],
    "forum.Forum": ["name"],
    "auth.Permission": ["name"],
    "auth.Group": ["name"],
}.items():
    registry.not_personal(label, names, reason="the name of a thing, not of a person")


@registry.eraser(order=850)
def erase_admin_traces(user):
    """Working state goes; files stay with the site, without their uploader."""
    from django.apps import apps

    from wagtail.admin.models import EditingSession
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import PageSubscription, UploadedFile

    EditingSession.objects.filter(user=user).delete()
    PageSubscription.objects.filter(user=user).delete()
    UploadedFile.objects.filter(uploaded_by_user=user).update(uploaded_by_user=None)
    get_document_model().objects.filter(uploaded_by_user=user).update(uploaded_by_user=None)
    get_image_model().objects.filter(uploaded_by_user=user).update(uploaded_by_user=None)
    for model_label in ("wagtailadmin.FormState", "wagtailcore.APIToken"):
        apps.get_model(model_label).objects.filter(user=user).delete()
