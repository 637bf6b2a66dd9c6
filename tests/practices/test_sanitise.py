"""Rich text in a write-up is cleaned on the server, however it is saved; plain text is escaped."""

import pytest

from cms.sanitise import sanitise_rich_text
from practices.models import RICH_TEXT_FIELDS, PracticePage

from .helpers import make_index, make_practice

pytestmark = pytest.mark.django_db

EVIL = (
    '<p style="color:red" onclick="x()">本文<script>alert(1)</script>'
    '<img src=x onerror="alert(2)"><iframe src="https://evil.example/"></iframe>'
    '<a href="javascript:alert(3)">危険</a> <a href="https://example.org/">安全</a></p>'
)


@pytest.fixture
def practice_index(home_page):
    return make_index(home_page)


def assert_clean(html):
    for bad in ("<script", "onerror", "onclick", "javascript:", "<iframe", "style=", "<img"):
        assert bad not in html, (bad, html)


def test_sanitiser_allow_list():
    cleaned = sanitise_rich_text(EVIL)
    assert_clean(cleaned)
    assert '<a href="https://example.org/" rel="nofollow noopener ugc">安全</a>' in cleaned
    assert "本文" in cleaned
    assert sanitise_rich_text('<a href="mailto:a@example.org">m</a>').startswith(
        '<a href="mailto:a@example.org"'
    )
    assert sanitise_rich_text(None) == ""


def test_every_rich_text_field_is_cleaned_on_save(practice_index, org_a):
    page = make_practice(practice_index, org_a, **dict.fromkeys(RICH_TEXT_FIELDS, EVIL))
    stored = PracticePage.objects.get(pk=page.pk)
    for name in RICH_TEXT_FIELDS:
        assert_clean(getattr(stored, name))
        assert "本文" in getattr(stored, name)


def test_a_revision_with_dirty_content_is_cleaned_when_published(practice_index, org_a):
    page = make_practice(practice_index, org_a)
    revision = page.save_revision()
    # A revision written some other way (an import, a bug in a form) ...
    revision.content = {**revision.content, **dict.fromkeys(RICH_TEXT_FIELDS, EVIL)}
    revision.save()
    revision.publish()
    stored = PracticePage.objects.get(pk=page.pk)
    for name in RICH_TEXT_FIELDS:
        assert_clean(getattr(stored, name))


def test_dirty_text_is_cleaned_again_when_shown(client, practice_index, org_a):
    page = make_practice(practice_index, org_a)
    # Bypass clean() entirely: the template must still not print it.
    PracticePage.objects.filter(pk=page.pk).update(purpose=EVIL, outreach=EVIL)
    html = client.get(page.url).content.decode()
    assert "alert(" not in html
    assert "<iframe" not in html
    assert "javascript:" not in html


def test_plain_text_fields_are_escaped(client, practice_index, org_a, org_b):
    xss = '<script>alert("x")</script>'
    page = make_practice(
        practice_index,
        org_a,
        title=f"取組{xss}",
        summary=f"概要{xss}",
        areas_municipalities=f"八幡浜市{xss}",
        partners=[f"団体{xss}"],
        results=((f"参加者{xss}", f"120{xss}", "人"),),
    )
    for url in (page.url, practice_index.url, org_a.get_absolute_url()):
        html = client.get(url).content.decode()
        assert xss not in html, url
        assert "&lt;script&gt;" in html, url
