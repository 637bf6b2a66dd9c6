"""``{% easy_japanese_check page %}``: the Easy Japanese warnings in the page editor."""

from django import template

from cms.translation import easy_check

register = template.Library()


@register.inclusion_tag("cms/admin/easy_check.html")
def easy_japanese_check(page):
    """Warnings for an Easy Japanese page (``cms.translation.easy_check``); nothing for others."""
    if page is None or not page.pk or not easy_check.is_easy_japanese(page):
        return {"report": None}
    report = easy_check.check(easy_check.page_text(page))
    return {"report": report, "limit": easy_check.MAX_SENTENCE}
