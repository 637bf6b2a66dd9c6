"""The site's one public address, WAGTAILADMIN_BASE_URL, and everything built on it.

Links in e-mails are made where no request exists (Celery jobs, signals), and
Wagtail makes a page's full URL from the default Site's hostname and port.
Both follow the one setting: ``absolute_url`` for the links we write, and
``sync_default_site`` (run after every ``migrate``) for the Site record, which
Wagtail creates as ``localhost:80``, so that page URLs in e-mails, sitemaps
and ``hreflang`` links name the address the site is really served on.
"""

from urllib.parse import urljoin, urlsplit

from django.conf import settings


def base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(path):
    """``/join/confirm/…`` → ``https://tsunagari.example.jp/join/confirm/…``."""
    return urljoin(base_url() + "/", str(path).lstrip("/"))


def site_host_and_port():
    parts = urlsplit(base_url())
    default_port = 443 if parts.scheme == "https" else 80
    return parts.hostname or "localhost", parts.port or default_port


def sync_default_site(**kwargs):
    """Give the default Site the configured address (a post_migrate receiver)."""
    from wagtail.models import Site

    from cms import page_cache

    hostname, port = site_host_and_port()
    moved = (
        Site.objects.filter(is_default_site=True)
        .exclude(hostname=hostname, port=port)
        .update(hostname=hostname, port=port)
    )
    Site.clear_site_root_paths_cache()
    if moved:
        # No signal from update(): kept pages name the old address (hreflang).
        page_cache.content_changed()
