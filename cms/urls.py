from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern as wagtail_serve_pattern

from machina import urls as machina_urls

from cms import account_views, i18n, i18n_sitemaps
from cms.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Everyone signs in through django-allauth, so the second factor applies
    # to the admin too; Wagtail's own login form is not reachable.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # One sitemap per language with hreflang alternates (cms/i18n_sitemaps.py).
    path("sitemap.xml", i18n_sitemaps.index, name="sitemap"),
    path("sitemap-<section>.xml", i18n_sitemaps.language_sitemap, name="sitemap_language"),
]

if settings.SERVE_MEDIA_IMAGES:
    # Only image files are served from MEDIA_ROOT; documents always go through
    # Wagtail's document view (WAGTAILDOCS_SERVE_METHOD = "serve_view") so
    # their privacy settings apply. With S3 storage this is switched off.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>(original_images|images)/.+)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# Japanese at "/" with no prefix; other languages under their code.
urlpatterns += i18n_patterns(
    path("accounts/name/", account_views.change_name, name="account_name"),
    path("accounts/language/", account_views.change_language, name="account_language"),
    # The member's own data (開示・削除); before allauth's URLs, under its prefix.
    path("accounts/my-data/", include("privacy.urls")),
    path("accounts/", include("allauth.urls")),
    path("join/", include("organisations.urls.join")),
    path("organisations/", include("organisations.urls.directory")),
    path("my-organisation/", include("organisations.urls.manage")),
    path("subcommittees/", include("subcommittees.urls")),
    path("events/", include("events.urls")),
    path("search/", include("search.urls")),
    path("support/", include("support.urls")),
    path("exchange/", include("exchange.urls")),
    path("moderation/", include("reports.urls")),
    # Our replacements for machina's leaky views come first (forum/urls.py).
    path("forum/", include("forum.urls")),
    path("forum/", include(machina_urls)),
    # Wagtail's page view with the fallback to the Japanese page (cms/i18n.py);
    # same pattern and name as Wagtail's, which stays for its other URLs.
    re_path(wagtail_serve_pattern, i18n.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
