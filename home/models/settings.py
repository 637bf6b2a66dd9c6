import copy

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The secretariat's contact details, shown in every page footer."""

    network_name = models.CharField(_("ネットワーク名"), max_length=100, default="つながりネット")
    secretariat_name = models.CharField(
        _("事務局名"),
        max_length=200,
        blank=True,
        help_text=_("例：○○県 福祉部 地域福祉課 孤独・孤立対策担当"),
    )
    address = models.CharField(_("所在地"), max_length=255, blank=True)
    phone = models.CharField(_("電話番号"), max_length=30, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    office_hours = models.CharField(
        _("受付時間"), max_length=100, blank=True, help_text=_("例：平日 9:00〜17:00")
    )
    footer_note = models.CharField(_("フッターの一言"), max_length=255, blank=True)

    panels = [
        FieldPanel("network_name"),
        MultiFieldPanel(
            [
                FieldPanel("secretariat_name"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("office_hours"),
            ],
            heading=_("事務局の連絡先"),
        ),
        FieldPanel("footer_note"),
    ]

    class Meta:
        verbose_name = _("サイト設定")

    @classmethod
    def for_site(cls, site):
        """The site's settings, read once per page-cache version in this process
        (every page's title and footer show them; a save bumps the version).
        A copy each time: no request sees another's changes to it."""
        from cms import page_cache

        if site is None:
            return super().for_site(site)
        kept = page_cache.memo(
            ("site-settings", site.pk), lambda: super(SiteSettings, cls).for_site(site)
        )
        return copy.copy(kept)
