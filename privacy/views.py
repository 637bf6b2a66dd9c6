"""The member's own data (わたしのデータ): the readable page, the JSON download, deletion.

Every view answers for the signed-in person only: there is no id in any URL.
"""

import datetime
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from allauth.account.decorators import reauthentication_required

from privacy import services
from privacy.forms import DeletionRequestForm


def display_value(value):
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return gettext("はい") if value else gettext("いいえ")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, list):
        return "、".join(display_value(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder, indent=1)
    return str(value)


def readable_sections(data):
    sections = []
    for section in data["sections"]:
        labels = section["labels"]
        rows = [
            [(labels.get(key, key), display_value(value)) for key, value in row.items()]
            for row in section["rows"]
        ]
        sections.append({"key": section["key"], "title": section["title"], "rows": rows})
    return sections


def _context(request, **extra):
    return {
        "pending": services.pending_request(request.user),
        "blocked": services.blocking_reasons(request.user),
        **extra,
    }


@never_cache
@login_required
def my_data(request):
    data = services.export_data(request.user)
    return render(
        request,
        "privacy/my_data.html",
        _context(request, sections=readable_sections(data), generated_at=data["generated_at"]),
    )


@never_cache
@login_required
def download(request):
    data = services.export_data(request.user)
    content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    stamp = timezone.localtime(data["generated_at"]).strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@login_required
@reauthentication_required(allow_get=True)
def request_deletion(request):
    """Asking for deletion needs the password again (allauth's re-authentication)."""
    if services.pending_request(request.user) is not None:
        return redirect("privacy:my_data")
    form = DeletionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_deletion(
                request.user, reason=form.cleaned_data["reason"], language=request.LANGUAGE_CODE
            )
        except services.DeletionBlocked:
            pass  # the page lists the reasons (blocking_reasons) instead of the form
        else:
            messages.success(
                request,
                _(
                    "削除の申し出を受け付けました。事務局が確認して削除したら、メールでお知らせします。"
                ),
            )
            return redirect("privacy:my_data")
    return render(request, "privacy/request_deletion.html", _context(request, form=form))


@require_POST
@login_required
def cancel_deletion(request):
    if services.cancel_request(request.user):
        messages.success(request, _("削除の申し出を取り下げました。"))
    return redirect("privacy:my_data")
