from django import forms
from django.utils.translation import gettext_lazy as _


class DeletionRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("理由（任意）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("事務局が対応の参考にします。書かなくてもかまいません。"),
    )
    understood = forms.BooleanField(
        label=_(
            "削除するとこのアカウントではログインできなくなり、元に戻せないことを理解しました。"
        ),
        error_messages={"required": _("確認のチェックを入れてください。")},
    )
