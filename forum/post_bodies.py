"""A post as every reader of its forum sees it, kept; only its tools are the reader's.

A topic's page shows each post's subject, poster, text, attachments and
edits the same to every reader who may download the forum's files (or to
every reader who may not), and adds the reader's own tools (edit, delete,
report). ``bodies`` gives each post's shared part (the main column and the
poster's column), kept per post, language and site under the page cache's
version (any save of a post, its topic, its poster, their profile or the
forum's permissions moves it), so a member's page renders only the tools.
Posts whose part is not kept get their attachments and profiles in two
queries, then are rendered and kept together. Without a shared cache
(``page_cache.fragments_enabled``) every part is rendered.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils.safestring import mark_safe

from cms import page_cache

MAIN = "forum_conversation/partials/post_main.html"
SIDE = "forum_conversation/partials/post_side.html"


def bodies(context, posts) -> list[tuple]:
    """(post, main column HTML, poster column HTML) for each of ``posts``, in order."""
    posts = list(posts)
    request = context["request"]
    may_download = request.forum_permission_handler.can_download_files(
        context["forum"], request.user
    )
    kept, keys = {}, {}
    if page_cache.fragments_enabled() and not getattr(request, "is_preview", False):
        keys = {
            post.pk: page_cache.fragment_key(request, "post-body", post.pk, may_download)
            for post in posts
        }
        kept = page_cache.cache().get_many(list(keys.values()))
    missing = [post for post in posts if keys.get(post.pk) not in kept]
    if missing:
        prefetch_related_objects(missing, "attachments", "poster__forum_profile")
        engine = context.template.engine
        main, side = engine.get_template(MAIN), engine.get_template(SIDE)
        fresh = {}
        for post in missing:
            with context.push(post=post, user_can_download_files=may_download):
                fresh[post.pk] = (main.render(context), side.render(context))
        if keys:
            page_cache.cache().set_many(
                {keys[pk]: parts for pk, parts in fresh.items()}, settings.PAGE_CACHE_TIMEOUT
            )
        kept.update({keys.get(pk, pk): parts for pk, parts in fresh.items()})
    found = []
    for post in posts:
        main_html, side_html = kept[keys.get(post.pk, post.pk)]
        found.append((post, mark_safe(main_html), mark_safe(side_html)))  # noqa: S308
    return found
