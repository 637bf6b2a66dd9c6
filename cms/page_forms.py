"""The admin form of every page: a Japanese title gets a readable slug.

With ``WAGTAIL_ALLOW_UNICODE_SLUGS = False`` Wagtail's editor derives the
slug from the title in the browser and keeps only Latin letters, so a
Japanese title left the slug empty and the save failed with its only error
on the hidden プロモート tab. An empty slug is now filled on the server from
the title, by the rule pages, write-ups and organisations share
(cms/slugs.py), made unique among the page's siblings. A slug the editor
typed is kept as typed.

A page at the top of a language's tree whose slug is a path the site's own
views answer (``/support/``, ``/join/``, ``/search/``…) could never be
opened: the URL resolver reaches those views before Wagtail's. Such a slug is
refused with an error on the field, and never made from a title.
"""

from django import forms
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from cms.slugs import slug_for, unique_slug


class SlugFromTitlePageForm(WagtailAdminPageForm):
    def __init__(self, data=None, files=None, parent_page=None, *args, **kwargs):
        if data is not None and parent_page is not None:
            data = self._with_slug(data, parent_page, kwargs.get("instance"), kwargs.get("prefix"))
        super().__init__(data, files, parent_page, *args, **kwargs)

    @staticmethod
    def _with_slug(data, parent_page, instance, prefix):
        slug_key = f"{prefix}-slug" if prefix else "slug"
        title = (data.get(f"{prefix}-title" if prefix else "title") or "").strip()
        if (data.get(slug_key) or "").strip() or not title:
            return data
        data = data.copy()
        data[slug_key] = unique_slug(
            slug_for(title, fallback="page"),
            lambda slug: (
                not Page._slug_is_available(slug, parent_page, instance)
                or taken_by_the_site(slug, parent_page)
            ),
        )
        return data

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if slug and taken_by_the_site(slug, self.parent_page):
            raise forms.ValidationError(
                _("/%(slug)s/ はサイトの機能が使っているURLです。別のURL用の名前にしてください。"),
                params={"slug": slug},
            )
        return slug


def taken_by_the_site(slug, parent_page):
    """Whether a child of ``parent_page`` with this slug would be hidden by one of our views.

    Only the top of a language's tree (the home pages, depth 2) puts its
    children at ``/<slug>/``, where the site's own URL patterns come first.
    """
    if parent_page is None or parent_page.depth != 2:
        return False
    try:
        match = resolve(f"/{slug}/")
    except Resolver404:
        return False
    return match.url_name != "wagtail_serve"


def use_for_every_page_model():
    """Called in cms's ready(): page models that keep Wagtail's default form get this one."""
    from wagtail.models import get_page_models

    for model in get_page_models():
        # Each model's own attribute: wagtail.admin's ready() sets Page's later.
        if model is not Page and model.__dict__.get("base_form_class") is None:
            model.base_form_class = SlugFromTitlePageForm
