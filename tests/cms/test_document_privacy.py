"""A document follows the restricted pages that use it (cms/privacy.py, issue 15).

Wagtail protects documents by collection only: a members-only page's PDF
downloaded for anyone. Now a document that only restricted pages use (the
reference index says which) is served to the readers of one of those pages
and to admin users; signed-out visitors are sent to sign in, signed-in
others get a 404, as on the page. A public live page using it too makes it
public. Restricted pages themselves send visitors to allauth's sign-in page
and answer signed-in outsiders with a 404 rather than a sign-in loop.
"""

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import override_settings

from wagtail.models import Collection, Locale, Page, PageViewRestriction
from wagtail.rich_text import RichText

import pytest

from home.models import ReportDocument
from tests.conftest import point_default_site_at_home
from tests.home.factories import (
    PDF_BYTES,
    DocumentFactory,
    ReportIndexPageFactory,
    ReportPageFactory,
    StandardPageFactory,
)
from tests.organisations.factories import UserFactory
from tests.worlds import per_test_fixtures

SECRET = b"docsecret42"

pytestmark = pytest.mark.django_db


def linking(document, text="資料"):
    """A body whose paragraph links ``document`` (a rich-text document link)."""
    return [("paragraph", RichText(f'<p><a linktype="document" id="{document.pk}">{text}</a></p>'))]


def restrict(page, group):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    return restriction


def make_document(name, collection=None):
    return DocumentFactory(
        title=name,
        file=ContentFile(PDF_BYTES.replace(b"%%EOF", b"%" + SECRET + b"\n%%EOF"), name=name),
        collection=collection or Collection.get_first_root_node(),
    )


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    path = tmp_path_factory.mktemp("document-privacy")
    with override_settings(MEDIA_ROOT=path):
        yield path


@pytest.fixture(autouse=True)
def _media_root(settings, media):
    settings.MEDIA_ROOT = media


@pytest.fixture(scope="module")
def world(module_db, media):
    home = point_default_site_at_home()
    group = Group.objects.create(name="読者")
    reports_collection = Collection.get_first_root_node().add_child(name="報告書")

    # A report whose PDF is attached (ReportDocument), in its own collection.
    reports = ReportIndexPageFactory(parent=home)
    report_pdf = make_document("report.pdf", reports_collection)
    report = ReportPageFactory(parent=reports, slug="private-report")
    ReportDocument.objects.create(page=report, document=report_pdf)
    report.save_revision().publish()
    restrict(report, group)

    # A document linked from a restricted page's rich text, and one linked from
    # a restricted page and a public one, and one no page uses.
    linked = make_document("linked.pdf")
    shared = make_document("shared.pdf")
    unused = make_document("unused.pdf")
    private = StandardPageFactory(
        parent=home, slug="private", body=linking(linked) + linking(shared)
    )
    restrict(private, group)
    public = StandardPageFactory(parent=home, slug="public", body=linking(shared))

    # Inherited: the page using it is public itself, below a restricted section.
    section = StandardPageFactory(parent=home, slug="section")
    restrict(section, group)
    inherited = make_document("inherited.pdf")
    StandardPageFactory(parent=section, slug="child", body=linking(inherited))

    # Only a translation uses it (its restriction mirrored from the original).
    translated = make_document("translated.pdf")
    english = private.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True
    )
    english.slug = "private-en"
    english.body = linking(translated)
    english.save_revision().publish()

    reader = UserFactory(username="reader")
    reader.groups.add(group)
    return {
        "group": group,
        "report": report,
        "report_pdf": report_pdf,
        "linked": linked,
        "shared": shared,
        "unused": unused,
        "inherited": inherited,
        "translated": translated,
        "private": private,
        "public": public,
        "section": section,
        "reader": reader,
        "outsider": UserFactory(username="outsider-d"),
        "editor": UserFactory(username="editor-d", groups=["Editors"]),
        "superuser": UserFactory(username="root-d", is_superuser=True),
    }


globals().update(
    per_test_fixtures(
        "world", ["report_pdf", "linked", "shared", "unused", "inherited", "translated", "reader"]
    )
)


def fresh_page(name):
    """The world's page ``name`` read afresh (a deep copy of a page copies its block tree)."""

    @pytest.fixture
    def fixture(db, world):
        return Page.objects.get(pk=world[name].pk).specific

    return fixture


report = fresh_page("report")
public = fresh_page("public")
section = fresh_page("section")


@pytest.fixture
def sign_in(client, world):
    def as_(name):
        client.logout()
        if name != "anonymous":
            client.force_login(type(world[name]).objects.get(pk=world[name].pk))
        return client

    return as_


def download(client, document):
    response = client.get(document.url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, body


PRIVATE_DOCUMENTS = ["report_pdf", "linked", "inherited", "translated"]


@pytest.mark.parametrize("name", PRIVATE_DOCUMENTS)
def test_anonymous_is_sent_to_sign_in(sign_in, world, name):
    document = world[name]
    response, body = download(sign_in("anonymous"), document)
    assert SECRET not in body
    assert response.status_code == 302
    assert response["Location"].startswith(f"/accounts/login/?next={document.url}")
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("name", PRIVATE_DOCUMENTS)
def test_signed_in_outsider_gets_not_found(sign_in, world, name):
    response, body = download(sign_in("outsider"), world[name])
    assert response.status_code == 404
    assert SECRET not in body


@pytest.mark.parametrize("persona", ["reader", "editor", "superuser"])
@pytest.mark.parametrize("name", PRIVATE_DOCUMENTS)
def test_readers_and_admin_users_download(sign_in, world, persona, name):
    response, body = download(sign_in(persona), world[name])
    assert response.status_code == 200
    assert SECRET in body


@pytest.mark.parametrize("name", ["shared", "unused"])
@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_documents_a_public_page_or_no_page_uses_stay_public(sign_in, world, persona, name):
    response, body = download(sign_in(persona), world[name])
    assert response.status_code == 200
    assert SECRET in body


def test_unpublishing_the_public_page_makes_the_shared_document_private(sign_in, shared, public):
    public.unpublish()
    response, body = download(sign_in("anonymous"), shared)
    assert response.status_code == 302 and SECRET not in body


def test_lifting_the_restriction_makes_the_document_public(sign_in, report, report_pdf):
    PageViewRestriction.objects.filter(page=report).delete()
    response, body = download(sign_in("anonymous"), report_pdf)
    assert response.status_code == 200 and SECRET in body


def test_a_page_made_private_later_takes_its_document_with_it(sign_in, world, shared, public):
    restrict(public, world["group"])
    response, body = download(sign_in("outsider"), shared)
    assert response.status_code == 404 and SECRET not in body


# --- The pages themselves ----------------------------------------------------


def test_restricted_page_sends_anonymous_visitors_to_allauth(client, report):
    response = client.get(report.url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={report.url}"
    assert client.get(response["Location"]).status_code == 200


def test_restricted_translation_sends_to_the_sign_in_page_in_its_language(client, world):
    response = client.get("/en/private-en/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=/en/private-en/")


def test_signed_in_outsider_gets_not_found_not_a_sign_in_loop(sign_in, report, section):
    client = sign_in("outsider")
    for url in (report.url, section.url, section.url + "child/", "/en/private-en/"):
        assert client.get(url).status_code == 404, url


def test_reader_reads_the_pages(sign_in, report, section):
    client = sign_in("reader")
    for url in (report.url, section.url + "child/", "/en/private-en/"):
        assert client.get(url).status_code == 200, url
