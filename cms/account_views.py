"""The signed-in person's own name: what the forum and e-mails call them.

The forum shows a poster's family and given name (forum/names.py); an account
made without them showed as 「名前未登録の会員」 with no way to change it.
``/accounts/name/`` sits beside the password and two-factor pages, and so
does ``/accounts/language/``: the language of every e-mail the site sends the
member (cms.mail.user_language).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from wagtail.users.models import UserProfile

from cms.mail import chosen_language
from cms.text import normalise_text


class NameForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["last_name", "first_name"]
        labels = {"last_name": gettext_lazy("姓"), "first_name": gettext_lazy("名")}
        help_texts = {
            "last_name": gettext_lazy(
                "フォーラムの投稿やお知らせメールに「姓 名」の順で表示されます。"
            ),
        }
        widgets = {
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["last_name"].required = True
        self.fields["last_name"].error_messages["required"] = _("姓を入力してください。")

    def clean_last_name(self):
        return normalise_text(self.cleaned_data["last_name"])

    def clean_first_name(self):
        return normalise_text(self.cleaned_data["first_name"])


@never_cache
@login_required
def change_name(request):
    form = NameForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("名前を変更しました。"))
        next_url = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(next_url)
        return redirect("account_name")
    return render(request, "account/name.html", {"form": form, "next": request.GET.get("next", "")})


class LanguageForm(forms.Form):
    """The one language of everything the site sends the member (e-mails included)."""

    language = forms.ChoiceField(
        label=gettext_lazy("言語"),
        # Each language in its own name (日本語, English, Tiếng Việt ...), as
        # the site's language switcher shows them.
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "このサイトから届くメール（申込み・審査・フォーラムのお知らせなど）は、"
            "この言語で送られます。"
        ),
        error_messages={
            "required": gettext_lazy("言語を選んでください。"),
            "invalid_choice": gettext_lazy("選べる言語の中から選んでください。"),
        },
    )


@never_cache
@login_required
def change_language(request):
    profile = UserProfile.get_for_user(request.user)
    initial = {"language": chosen_language(request.user) or translation.get_language()}
    form = LanguageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])
        # The page comes back in the language chosen, under its prefix.
        with translation.override(language):
            messages.success(request, _("言語を変更しました。"))
            url = reverse("account_language")
        return redirect(url)
    return render(request, "account/language.html", {"form": form})
