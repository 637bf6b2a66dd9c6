"""The admin's own parts of cms, and privacy at serve time.

- the dashboard's 確認待ち panel (rows registered in cms/waiting.py);
- the names of the audit log's account events (cms.audit) in Site history;
- restricted pages and the documents they use (cms/privacy.py);
- admin boundaries that Wagtail leaves to its views' POST handlers.
"""

from django.http import Http404
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogFormatter
from wagtail.wagtail_hooks import require_wagtail_login

from cms import audit, privacy, waiting


class WaitingPanel(Component):
    name = "waiting"
    order = 50
    template_name = "cms/admin/waiting_panel.html"

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context=None):
        return {"rows": self.rows}


@hooks.register("construct_homepage_panels")
def add_waiting_panel(request, panels):
    rows = waiting.rows_for(request.user)
    if rows:
        panels.insert(0, WaitingPanel(rows))


AUTHENTICATOR_KINDS = {
    "totp": _("認証アプリ"),
    "recovery_codes": _("リカバリーコード"),
    "webauthn": _("セキュリティキー"),
}


def authenticator_kind(log_entry):
    kind = (log_entry.data or {}).get("authenticator_type", "")
    return AUTHENTICATOR_KINDS.get(kind, kind)


@hooks.register("register_log_actions")
def register_account_actions(actions):
    @actions.register_action(audit.SIGNED_IN)
    class SignedIn(LogFormatter):
        label = _("サインイン")

        def format_message(self, log_entry):
            return audit.with_ip(_("サインインしました"), log_entry)

    @actions.register_action(audit.SIGN_IN_FAILED)
    class SignInFailed(LogFormatter):
        label = _("サインインの失敗")

        def format_message(self, log_entry):
            if log_entry.object_id == str(audit.UNKNOWN_ACCOUNT_ID):
                message = _("登録のないメールアドレスでのサインインに失敗しました")
            else:
                message = _("サインインに失敗しました（パスワードの誤りなど）")
            return audit.with_ip(message, log_entry)

    @actions.register_action(audit.AUTHENTICATOR_ADDED)
    class AuthenticatorAdded(LogFormatter):
        label = _("2段階認証の追加")

        def format_message(self, log_entry):
            message = _("2段階認証（%(kind)s）を追加しました") % {
                "kind": authenticator_kind(log_entry)
            }
            return audit.with_ip(message, log_entry)

    @actions.register_action(audit.AUTHENTICATOR_REMOVED)
    class AuthenticatorRemoved(LogFormatter):
        label = _("2段階認証の削除")

        def format_message(self, log_entry):
            message = _("2段階認証（%(kind)s）を削除しました") % {
                "kind": authenticator_kind(log_entry)
            }
            return audit.with_ip(message, log_entry)

    @actions.register_action(audit.AUTHENTICATOR_RESET)
    class AuthenticatorReset(LogFormatter):
        label = _("2段階認証の再発行")

        def format_message(self, log_entry):
            message = _("2段階認証（%(kind)s）を作り直しました") % {
                "kind": authenticator_kind(log_entry)
            }
            return audit.with_ip(message, log_entry)

    @actions.register_action(audit.ADMIN_ACCESS_REFUSED)
    class AdminAccessRefused(LogFormatter):
        label = _("管理画面へのアクセス拒否")

        def format_message(self, log_entry):
            message = _("管理画面（%(path)s）へのアクセスを拒否しました") % {
                "path": (log_entry.data or {}).get("path", "")
            }
            return audit.with_ip(message, log_entry)


@hooks.register("before_serve_page")
def signed_in_non_readers_get_not_found(page, request, serve_args, serve_kwargs):
    """A signed-in reader the page's groups exclude: 404, not a sign-in loop."""
    if privacy.refused_signed_in(page, request):
        raise Http404


@hooks.register("before_serve_document")
def documents_follow_their_pages(document, request):
    """A document only restricted pages use is served to their readers only.

    Signed-out visitors are sent to sign in, like the page's; signed-in ones
    who may not read any of the pages get the 404 the page gives them.
    """
    if privacy.may_download(document, request):
        return None
    if request.user.is_authenticated:
        raise Http404
    response = require_wagtail_login(next=request.get_full_path())
    add_never_cache_headers(response)
    return response


@hooks.register("before_move_page")
def refuse_move_confirmation_without_move_permission(request, page, destination):
    """The move confirmation answers only those who may make that move.

    Wagtail's confirmation page checked the permission only when posted, so
    an editor who may not move pages was still shown it (and the move page
    refused them). Same rule as the move itself (MovePageAction).
    """
    if not page.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)
    return None


@hooks.register("register_admin_viewset")
def register_background_work():
    """送信メール and 失敗した処理, under バックグラウンド処理 (cms/admin_background.py)."""
    from cms.admin_background import BackgroundViewSetGroup

    return BackgroundViewSetGroup()
