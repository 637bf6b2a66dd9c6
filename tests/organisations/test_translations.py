"""Translations of a profile's message and description (OrganisationTranslation).

Who may write them (the organisation's admin, the secretariat), the machine
translation the secretariat starts (organisations.tasks, the built-in
translator), bad input, and what the public profile shows in each language.
"""

from django.urls import reverse as django_reverse
from django.utils import translation

import pytest

from organisations.choices import OrganisationStatus
from organisations.models import OrganisationTranslation
from organisations.models.translations import source_digest
from organisations.services import translations as services
from organisations.tasks import machine_translate_profile

from .factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def reverse(*args, **kwargs):
    """Unprefixed URLs, whatever language the last request left active."""
    with translation.override("ja"):
        return django_reverse(*args, **kwargs)


# The notices, by their markup (their wording is the reader's language's).
FALLBACK = '<div class="translation-notice" role="note"'
MACHINE = '<div class="translation-notice translation-notice--machine"'
OUTDATED = '<div class="translation-notice translation-notice--outdated"'


def edit_url(organisation, language="en"):
    return reverse("my_organisation:translation_edit", args=[organisation.pk, language])


def machine_url(organisation, language="en"):
    return reverse("my_organisation:translation_machine", args=[organisation.pk, language])


def profile_url(organisation, language="en"):
    path = reverse("organisations:detail", kwargs={"slug": organisation.slug})
    return path if language == "ja" else f"/{language}{path}"


def translate(organisation, language="en", **fields):
    fields.setdefault("message", "We run places where neighbours meet.")
    fields.setdefault("description", "")
    return OrganisationTranslation.objects.create(
        organisation=organisation,
        language=language,
        source_digest=source_digest(organisation),
        **fields,
    )


# --- writing a translation -----------------------------------------------------


def test_admin_writes_a_translation_and_the_profile_shows_it(client, org_a, org_a_admin):
    org_a.description = "2010年に設立しました。"
    org_a.save()
    client.force_login(org_a_admin)
    response = client.post(
        edit_url(org_a),
        {"message": "We run places where neighbours meet.", "description": "Since 2010."},
    )
    assert response.status_code == 302
    translation = OrganisationTranslation.objects.get(organisation=org_a, language="en")
    assert (translation.message, translation.description) == (
        "We run places where neighbours meet.",
        "Since 2010.",
    )
    assert not translation.machine_translated
    assert not translation.is_outdated
    assert translation.updated_by == org_a_admin

    client.logout()
    html = client.get(profile_url(org_a)).content.decode()
    assert "We run places where neighbours meet." in html
    assert "Since 2010." in html
    assert org_a.message not in html  # not the Japanese
    assert FALLBACK not in html and MACHINE not in html and OUTDATED not in html


def test_the_profile_edit_page_links_to_the_translations(client, org_a, org_a_admin):
    client.force_login(org_a_admin)
    html = client.get(reverse("my_organisation:edit_profile")).content.decode()
    assert reverse("my_organisation:translations", args=[org_a.pk]) in html
    listing = client.get(reverse("my_organisation:translations", args=[org_a.pk]))
    page = listing.content.decode()
    for code in ("ja-x-easy", "en", "zh-hans", "vi", "ne"):
        assert edit_url(org_a, code) in page
    assert edit_url(org_a, "ja") not in page


def test_the_secretariat_edits_any_organisation(client, org_a, secretariat):
    client.force_login(secretariat)
    response = client.post(edit_url(org_a, "vi"), {"message": "Xin chào", "description": ""})
    assert response.status_code == 302
    assert OrganisationTranslation.objects.get(organisation=org_a, language="vi").message == (
        "Xin chào"
    )


def test_editing_replaces_and_clears_the_machine_flag(client, org_a, org_a_admin):
    translate(org_a, machine_translated=True, translator="builtin", message="[en] 古い")
    client.force_login(org_a_admin)
    client.post(edit_url(org_a), {"message": "Checked by a person.", "description": ""})
    translation = OrganisationTranslation.objects.get(organisation=org_a, language="en")
    assert translation.message == "Checked by a person."
    assert not translation.machine_translated
    assert OrganisationTranslation.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [("org_a_staff", 403), ("org_b_admin", 404), ("outsider", 404)],
)
def test_others_are_refused_and_nothing_changes(as_persona, org_a, persona, status):
    existing = translate(org_a, message="Original translation")
    client = as_persona(persona)
    for url in (edit_url(org_a), reverse("my_organisation:translations", args=[org_a.pk])):
        assert client.get(url).status_code == status
    response = client.post(edit_url(org_a), {"message": "Hijacked", "description": ""})
    assert response.status_code == status
    existing.refresh_from_db()
    assert existing.message == "Original translation"


def test_anonymous_is_sent_to_sign_in(client, org_a):
    response = client.post(edit_url(org_a), {"message": "Hijacked"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not OrganisationTranslation.objects.exists()


def test_an_admin_cannot_reach_another_organisation_by_its_id(client, org_a, org_b, org_b_admin):
    """ID swap: org B's admin changing the id in the URL to org A's gets a 404."""
    client.force_login(org_b_admin)
    assert client.get(edit_url(org_b)).status_code == 200
    assert client.get(edit_url(org_a)).status_code == 404
    assert client.get(edit_url(org_a).replace(str(org_a.pk), "999999")).status_code == 404
    assert not OrganisationTranslation.objects.filter(organisation=org_a).exists()


def test_the_admin_of_a_suspended_organisation_is_refused(client, org_a, org_a_admin):
    org_a.status = OrganisationStatus.SUSPENDED
    org_a.save()
    client.force_login(org_a_admin)
    assert client.get(edit_url(org_a)).status_code == 403


# --- bad input -------------------------------------------------------------------


def test_empty_translation_is_refused_with_a_clear_error(client, org_a, org_a_admin):
    existing = translate(org_a, message="Kept")
    client.force_login(org_a_admin)
    response = client.post(edit_url(org_a), {"message": "  ", "description": ""})
    assert response.status_code == 200
    assert "メッセージか団体の紹介の少なくとも一方を入力してください。" in response.content.decode()
    existing.refresh_from_db()
    assert existing.message == "Kept"


def test_too_long_text_is_refused_and_what_was_typed_is_kept(client, org_a, org_a_admin):
    client.force_login(org_a_admin)
    long_message = "a" * 3001
    response = client.post(
        edit_url(org_a), {"message": long_message, "description": "Fine description"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "manage-error-summary" in html
    assert "Fine description" in html  # the typed text comes back in the form
    assert long_message in html
    assert not OrganisationTranslation.objects.exists()


@pytest.mark.parametrize("language", ["ja", "xx", "EN", "en-us"])
def test_unknown_or_japanese_language_is_not_found(client, org_a, org_a_admin, language):
    client.force_login(org_a_admin)
    assert client.get(edit_url(org_a, language)).status_code == 404
    response = client.post(edit_url(org_a, language), {"message": "x"})
    assert response.status_code == 404
    assert not OrganisationTranslation.objects.exists()


def test_full_width_and_markup_are_kept_as_typed_and_escaped(client, org_a, org_a_admin):
    client.force_login(org_a_admin)
    typed = "欢迎！（周一至周五）<script>alert(1)</script>"
    client.post(edit_url(org_a, "zh-hans"), {"message": typed, "description": ""})
    assert OrganisationTranslation.objects.get().message == typed
    client.logout()
    html = client.get(profile_url(org_a, "zh-hans")).content.decode()
    assert "欢迎！（周一至周五）&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


# --- machine translation ------------------------------------------------------------


def test_the_secretariat_machine_translates(
    client, org_a, secretariat, django_capture_on_commit_callbacks
):
    org_a.description = "子ども食堂を運営しています。\n毎週土曜日です。"
    org_a.save()
    client.force_login(secretariat)
    html = client.get(edit_url(org_a)).content.decode()
    assert machine_url(org_a) in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(machine_url(org_a), {"confirm": "on"})
    assert response.status_code == 302
    translation = OrganisationTranslation.objects.get(organisation=org_a, language="en")
    assert translation.machine_translated
    assert translation.translator == "builtin"
    assert translation.message == "[en] 地域の居場所づくりに取り組んでいます。"
    assert translation.description == "[en] 子ども食堂を運営しています。\n毎週土曜日です。"
    assert not translation.is_outdated

    client.logout()
    html = client.get(profile_url(org_a)).content.decode()
    assert MACHINE in html
    assert f'href="{profile_url(org_a, "ja")}" hreflang="ja"' in html
    assert "[en] 地域の居場所づくりに取り組んでいます。" in html


def test_unconfirmed_machine_translation_does_nothing(client, org_a, secretariat):
    client.force_login(secretariat)
    response = client.post(machine_url(org_a), {})
    assert response.status_code == 400
    assert "確認のチェックを入れてください。" in response.content.decode()
    assert not OrganisationTranslation.objects.exists()


def test_organisation_admins_cannot_start_a_machine_translation(
    client, org_a, org_a_admin, django_capture_on_commit_callbacks
):
    client.force_login(org_a_admin)
    assert machine_url(org_a) not in client.get(edit_url(org_a)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(machine_url(org_a), {"confirm": "on"}).status_code == 404
    assert not OrganisationTranslation.objects.exists()


def test_easy_japanese_is_not_machine_translated(
    client, org_a, secretariat, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    assert (
        machine_url(org_a, "ja-x-easy")
        not in client.get(edit_url(org_a, "ja-x-easy")).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(machine_url(org_a, "ja-x-easy"), {"confirm": "on"})
    assert not OrganisationTranslation.objects.exists()


def test_a_failing_translator_leaves_the_translation_and_tells_the_secretariat(
    org_a, secretariat, monkeypatch
):
    from cms.models import OutboundEmail
    from cms.translation.translators import BuiltinTranslator, TranslatorError

    existing = translate(org_a, message="Person's translation")

    def fail(self, texts, target):
        raise TranslatorError("timed out")

    monkeypatch.setattr(BuiltinTranslator, "_translate", fail)
    machine_translate_profile.delay(org_a.pk, "en", secretariat.pk)
    existing.refresh_from_db()
    assert existing.message == "Person's translation"
    assert not existing.machine_translated
    mail = OutboundEmail.objects.get()
    assert mail.to == [secretariat.email]
    assert "timed out" in mail.body


def test_the_japanese_changing_during_a_machine_run_is_not_overwritten(org_a, monkeypatch):
    from cms.translation import services as translation_services

    real = translation_services.translate_plain_texts

    def edit_meanwhile(texts, language, translator=None):
        result = real(texts, language, translator)
        type(org_a).objects.filter(pk=org_a.pk).update(message="新しいメッセージ")
        return result

    monkeypatch.setattr(services, "translate_plain_texts", edit_meanwhile)
    assert services.machine_translate(org_a.pk, "en") is None
    assert not OrganisationTranslation.objects.exists()


def test_plain_texts_survive_the_html_round_trip():
    from cms.translation.services import translate_plain_texts

    texts = ["a < b & c\n二行目", "", "<b>太字</b>"]
    assert translate_plain_texts(texts, "vi") == [
        "[vi] a < b & c\n二行目",
        "",
        "[vi] <b>太字</b>",
    ]


# --- the public profile ------------------------------------------------------------


def test_untranslated_profile_shows_japanese_with_the_notice(client, org_a):
    html = client.get(profile_url(org_a, "vi")).content.decode()
    assert FALLBACK in html
    assert f'lang="ja">{org_a.message}' in html


def test_japanese_profile_has_no_notice(client, org_a):
    translate(org_a)
    html = client.get(profile_url(org_a, "ja")).content.decode()
    assert org_a.message in html
    assert FALLBACK not in html and MACHINE not in html
    assert "We run places" not in html


def test_a_profile_without_text_has_no_notice(client):
    organisation = OrganisationFactory(message="", description="")
    html = client.get(profile_url(organisation, "en")).content.decode()
    assert FALLBACK not in html


def test_outdated_translation_is_flagged(client, org_a):
    translation = translate(org_a)
    org_a.message = "メッセージを書き直しました。"
    org_a.save()
    translation.refresh_from_db()
    assert translation.is_outdated
    html = client.get(profile_url(org_a)).content.decode()
    assert OUTDATED in html
    assert "We run places where neighbours meet." in html
    # The organisation sees it in its list too.
    admin = MembershipFactory(organisation=org_a, role="admin").user
    client.force_login(admin)
    listing = client.get(reverse("my_organisation:translations", args=[org_a.pk]))
    assert "日本語が更新されています" in listing.content.decode()


def test_a_field_missing_in_the_translation_falls_back_to_japanese(client, org_a):
    org_a.description = "日本語の紹介文です。"
    org_a.save()
    translate(org_a, message="English message", description="")
    html = client.get(profile_url(org_a)).content.decode()
    assert "English message" in html
    assert 'lang="ja"><p>日本語の紹介文です。</p>' in html


def test_a_suspended_organisations_translation_is_not_public(client, org_a):
    translate(org_a)
    org_a.status = OrganisationStatus.SUSPENDED
    org_a.save()
    assert client.get(profile_url(org_a)).status_code == 404


def test_profile_queries_do_not_depend_on_the_number_of_translations(
    client, org_a, django_assert_max_num_queries
):
    client.get(profile_url(org_a))  # warm caches (site, settings)
    with django_assert_max_num_queries(40) as few:
        client.get(profile_url(org_a))
    for code in ("en", "vi", "ko", "th", "ne", "es"):
        translate(org_a, code, message=f"{code} message")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(profile_url(org_a))
    assert "en message" in response.content.decode()


def test_the_register_in_the_admin_links_to_the_translations(client, org_a, secretariat):
    client.force_login(secretariat)
    html = client.get(reverse("organisation_register:edit", args=[org_a.pk])).content.decode()
    assert reverse("my_organisation:translations", args=[org_a.pk]) in html
