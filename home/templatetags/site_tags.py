"""Template tags for the public site's chrome: navigation, breadcrumbs, section links.

The header, footer, feed link and the home page's "一覧へ" links all need the
site root's children. They are fetched once per request, in one query, and
kept on the request (see ``site_structure``), so a page costs the same number
of queries however many of these tags it uses. With a cache every process
shares (``page_cache.fragments_enabled()``: Redis, even where whole pages are
not cached), each process also keeps the structure per site, language and
page-cache version: any change of a page bumps the version, so the menus are
rebuilt on the next request after a publish, and cost no query before it.
"""

from dataclasses import dataclass, field
from functools import cache

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail.models import Page, PageViewRestriction, Site, get_page_models

from cms import i18n, page_cache
from home.models import StandardPage

register = template.Library()


@cache
def section_models():
    """The editorial indexes a template can ask for by name with {% section_index %}.

    Each index page model names its own section in ``site_section`` ("news",
    "reports", "events" in the events app), so this module imports none of
    the apps that own them.
    """
    return {
        model.site_section: model for model in get_page_models() if vars(model).get("site_section")
    }


@dataclass
class SiteStructure:
    root: Page | None = None
    children: list[Page] = field(default_factory=list)
    # (page in the reader's language, the Japanese page it stands for)
    menu: list[tuple[Page, Page]] = field(default_factory=list)
    sections: dict[str, Page] = field(default_factory=dict)
    standard_pages: list[Page] = field(default_factory=list)


def site_structure(request):
    """The site root and its live children without view restrictions, once per request.

    Restricted sections (members-only, password-protected) are left out of the
    navigation and footer for everyone: their titles are not for anonymous
    visitors, and they are reached from the members' own pages.

    The structure is the Japanese tree's; each page is then replaced by the one
    the reader of the active language should reach (``cms.i18n.pages_in_language``:
    its translation, or the Japanese page under the reader's prefix), one more
    query outside Japanese.
    """
    if request is None:
        return SiteStructure()
    cached = getattr(request, "_site_structure", None)
    if cached is not None:
        return cached
    site = Site.find_for_request(request)  # cached on the request, root page joined
    key = None
    if site is not None and page_cache.fragments_enabled():
        key = (site.pk, translation.get_language(), page_cache.version_for(request))
        cached = _structures.get(key)
        if cached is not None:
            request._site_structure = cached
            return cached
    structure = _build_structure(site)
    if key is not None:
        if len(_structures) > 64:  # old versions
            _structures.clear()
        _structures[key] = structure
    request._site_structure = structure
    return structure


# {(site id, language, page-cache version): SiteStructure}, in this process.
_structures: dict = {}


def _build_structure(site):
    structure = SiteStructure()
    if site is not None:
        children = list(
            site.root_page.get_children()
            .live()
            .exclude(Exists(PageViewRestriction.objects.filter(page_id=OuterRef("pk"))))
        )
        sections = section_models()
        content_types = ContentType.objects.get_for_models(
            StandardPage, *sections.values()
        )  # served from ContentType's process-wide cache after the first call
        section_by_type = {content_types[model].pk: name for name, model in sections.items()}
        standard_type = content_types[StandardPage].pk
        # The specific class (for {% routablepageurl %}) without another query.
        children = [
            child.specific_deferred if child.content_type_id in section_by_type else child
            for child in children
        ]
        structure.root, *structure.children = i18n.pages_in_language([site.root_page, *children])
        for original, child in zip(children, structure.children, strict=True):
            if original.show_in_menus:
                structure.menu.append((child, original))
            name = section_by_type.get(original.content_type_id)
            if name and name not in structure.sections:
                structure.sections[name] = child
            elif original.content_type_id == standard_type:
                structure.standard_pages.append(child)
    return structure


def _aria_current(item, current):
    """Return "page" for the current page, "true" for the section it is in, else None."""
    if not isinstance(current, Page) or not current.path:
        return None
    if current.pk == item.pk:
        return "page"
    if current.path.startswith(item.path):
        return "true"
    return None


def app_sections():
    """Sections served by Django views rather than pages: (label, url)."""
    return [
        (_("相談窓口をさがす"), reverse("support:finder")),
        (_("会員団体"), reverse("organisations:list")),
        (_("分科会"), reverse("subcommittees:list")),
        (_("検索"), reverse("search")),
    ]


@register.inclusion_tag("includes/primary_navigation.html", takes_context=True)
def primary_navigation(context):
    """The home page's children with "show in menus" ticked, for header navigation.

    Renders a disclosure (<details>) menu for narrow screens and a plain list
    for wide ones; CSS shows one of the two, so no JavaScript is needed.
    """
    request = context.get("request")
    structure = site_structure(request)
    current = context.get("page")
    items = [
        (item, _aria_current(item, current) or _aria_current(original, current))
        for item, original in structure.menu
    ]
    path = request.path if request else ""
    sections = [
        (label, url, "page" if path == url else ("true" if path.startswith(url) else ""))
        for label, url in app_sections()
    ]
    return {
        "items": items,
        "sections": sections,
        "root": structure.root,
        "root_current": _aria_current(structure.root, current) == "page"
        if structure.root
        else False,
        "request": context.get("request"),
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None):
    """Links from the home page down to the current page's parent; nothing on the home page.

    In the reader's language: a translated page's ancestors are translations
    already; a Japanese page shown as the fallback gets its ancestors'
    translations or their fallback URLs under the reader's prefix.
    """
    request = context.get("request")
    page = page or context.get("page")
    structure = site_structure(request)
    root = structure.root
    ancestors = []
    if isinstance(page, Page) and root is not None and (page.depth or 0) > root.depth:
        if page.depth == root.depth + 1:
            ancestors = [root]  # no query for the common case
        else:
            ancestors = list(Page.objects.ancestor_of(page).filter(depth__gt=root.depth))
            ancestors = [root, *i18n.pages_in_language(ancestors)]
    return {"ancestors": ancestors, "page": page, "request": request}


@register.simple_tag(takes_context=True)
def section_index(context, name):
    """The live index page of a section ("news", "events" or "reports"), or None."""
    if name not in section_models():
        raise template.TemplateSyntaxError(
            f"section_index: unknown section {name!r}; use one of {sorted(section_models())}"
        )
    return site_structure(context.get("request")).sections.get(name)


@register.simple_tag(takes_context=True)
def footer_pages(context):
    """The standard pages directly below the home page (about, privacy policy, …)."""
    return site_structure(context.get("request")).standard_pages


@register.simple_tag(takes_context=True)
def site_root(context):
    """The current site's home page (already loaded with the site)."""
    return site_structure(context.get("request")).root


@register.simple_tag
def page_description(page):
    """The page's description for <meta name="description">: the first of its
    search description, summary, intro or purpose that it has and is not empty.

    A tag rather than ``{% firstof page.summary page.intro … %}``: each field a
    page type lacks made the template engine call dir() on the page.
    """
    for name in ("search_description", "summary", "intro", "purpose"):
        value = getattr(page, name, "")
        if value:
            return value
    return ""


@register.simple_tag
def elided_page_range(page_obj, on_each_side=2, on_ends=1):
    """Page numbers around the current one, with "…" gaps, for pagination links."""
    return list(
        page_obj.paginator.get_elided_page_range(
            page_obj.number, on_each_side=on_each_side, on_ends=on_ends
        )
    )


@register.simple_tag
def attached_documents(report):
    """A report's documents with their files: the prefetched ones, else in one query."""
    if "documents" in getattr(report, "_prefetched_objects_cache", {}):
        return report.documents.all()
    return report.documents.select_related("document")


@register.filter
def file_type(document):
    """A document's format as people name it: "PDF", "XLSX"."""
    extension = getattr(document, "file_extension", "") or ""
    return extension.upper()


@register.filter
def file_size(document):
    """A document's size as "850 B", "123 KB", "1.4 MB"; empty when unknown.

    Uses the size Wagtail stores with the document. Documents saved without it
    (created in code rather than uploaded) get it measured once from storage and
    stored, as Wagtail's own ``get_file_size`` does.
    """
    size = getattr(document, "file_size", None)
    if size is None and hasattr(document, "get_file_size"):
        size = document.get_file_size()  # None if the file is missing
    if size is None:
        return ""
    return human_size(size)


def human_size(size):
    size = int(size)
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"
