"""Wagtail admin: 相談窓口の取込み, the prefecture's CSV/Excel list in two steps.

Upload a file: the import engine's dry run (``support.importer.check_windows``)
shows the windows it would add, those that exist already, and every problem
by line and column in Japanese. Once the file is clean, 「取り込む」 imports
it (checked once more, all or nothing). Between the two requests the file
travels in the page itself, signed with the site's key (``django.core.signing``,
compressed, valid for an hour), so nothing is kept on a server's disk or in
the database, and it works whichever web server answers. Only those who may
add windows (the 事務局 group) get here.
"""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from organisations.forms.register import RegisterUploadForm
from support import importer

SIGNING_SALT = "support.admin_import"
MAX_AGE = 60 * 60


class WindowUploadForm(RegisterUploadForm):
    """The register's upload checks (type, size, content matches the name), for windows."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("相談窓口の一覧ファイル")
        self.fields["file"].help_text = _(
            "CSV（UTF-8 または Shift_JIS）か Excel（.xlsx）、5MBまで。"
            "1行目は項目名（窓口の名前、URL用の名前 など）にしてください。"
        )


class WindowImportView(WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("相談窓口の取込み")
    header_icon = "upload"
    template_name = "support/admin/import.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("support.add_window"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=WindowUploadForm()))

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self.commit(request)
        form = WindowUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        content, filename = form.cleaned_data["content"], form.cleaned_data["file"].name
        report, _plans = importer.check_windows(content, filename)
        token = None
        if report.is_clean and report.to_create:
            token = signing.dumps(
                {"name": filename, "content": content.hex()}, salt=SIGNING_SALT, compress=True
            )
        return self.render_to_response(
            self.get_context_data(form=WindowUploadForm(), report=report, filename=filename,
                                  token=token)
        )  # fmt: skip

    def commit(self, request):
        try:
            data = signing.loads(request.POST["token"], salt=SIGNING_SALT, max_age=MAX_AGE)
        except signing.BadSignature:
            message = _("確認から時間がたちました。もう一度ファイルを選んでください。")
            messages.error(request, message)
            return redirect("support_windows_import")
        try:
            report = importer.import_windows(bytes.fromhex(data["content"]), data["name"])
        except importer.ImportFailed as error:
            messages.error(request, str(error))
            return redirect("support_windows_import")
        if not report.committed:
            messages.error(request, _("問題があるため、何も取り込みませんでした。"))
            return redirect("support_windows_import")
        messages.success(
            request,
            _("%(count)s件の相談窓口を取り込みました。") % {"count": len(report.to_create)},
        )
        return redirect("support_windows:index")

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=importer.COLUMNS, **kwargs)
