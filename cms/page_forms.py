"""The admin form of every page: a Japanese title gets a readable slug.

With ``WAGTAIL_ALLOW_UNICODE_SLUGS = False`` Wagtail's editor derives the
slug from the title in the browser and keeps only Latin letters, so a
Japanese title left the slug empty and the save failed with its only error
on the hidden プロモート tab. An empty slug is now filled on the server from
the title, by the rule pages, write-ups and organisations share
(cms/slugs.py), made unique among the page's siblings. A slug the editor
typed is kept as typed.
"""

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
            lambda slug: not Page._slug_is_available(slug, parent_page, instance),
        )
        return data


def use_for_every_page_model():
    """Called in cms's ready(): page models that keep Wagtail's default form get this one."""
    from wagtail.models import get_page_models

    for model in get_page_models():
        # Each model's own attribute: wagtail.admin's ready() sets Page's later.
        if model is not Page and model.__dict__.get("base_form_class") is None:
            model.base_form_class = SlugFromTitlePageForm
