"""Links made outside a request name the site's configured address, never localhost."""

from django.core.management import call_command
from django.test import override_settings

from wagtail.models import Site

import pytest

from cms.site_address import absolute_url, sync_default_site

pytestmark = pytest.mark.django_db

ADDRESS = "https://tsunagari.example.jp"


@override_settings(WAGTAILADMIN_BASE_URL=ADDRESS + "/")
def test_absolute_url_joins_one_slash():
    assert absolute_url("/join/confirm/abc/") == ADDRESS + "/join/confirm/abc/"
    assert absolute_url("join/") == ADDRESS + "/join/"


@override_settings(WAGTAILADMIN_BASE_URL=ADDRESS)
def test_the_default_site_follows_the_setting(home_page):
    """Wagtail's Site starts as localhost:80, so page URLs in e-mails said http://localhost/."""
    Site.objects.filter(pk=home_page.get_site().pk).update(hostname="localhost", port=80)
    sync_default_site()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("tsunagari.example.jp", 443)
    assert type(home_page).objects.get(pk=home_page.pk).get_full_url() == ADDRESS + "/"


@override_settings(WAGTAILADMIN_BASE_URL="http://127.0.0.1:8000")
def test_migrate_syncs_it(home_page):
    call_command("migrate", "cms", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)


@override_settings(WAGTAILADMIN_BASE_URL=ADDRESS)
def test_a_moved_address_makes_kept_pages_out_of_date(home_page):
    """The Site is updated without a signal: the page cache's version moves by hand."""
    from cms import page_cache

    Site.objects.filter(pk=home_page.get_site().pk).update(hostname="localhost", port=80)
    before = page_cache.current_version()
    sync_default_site()
    moved = page_cache.current_version()
    assert moved != before
    sync_default_site()  # already in step: the kept pages stay
    assert page_cache.current_version() == moved
