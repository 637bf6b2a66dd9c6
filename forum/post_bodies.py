"""A post as every reader of its forum sees it, kept; only its tools are the reader's.

A topic's page shows each post's subject, poster, text, attachments and
edits the same to every reader who may download the forum's files (or to
every reader who may not), and adds the reader's own tools (edit, delete,
report). ``bodies`` gives each post's shared part (the main column and the
poster's column), kept per post, language and site under the page cache's
version (any save of a post, its topic, its poster, their profile or the
forum's permissions moves it), so a member's page renders only the tools.
Posts whose part is not kept get their posters, organisations, editors,
attachments and profiles (``PARTS_READ``, what the view's query did not
bring), then are rendered and kept together. Without a shared cache
(``page_cache.fragments_enabled``) every part is rendered.
"""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.utils.safestring import mark_safe

from cms import page_cache

MAIN = "forum_conversation/partials/post_main.html"
SIDE = "forum_conversation/partials/post_side.html"
# What a post's part shows besides the post: read only for posts rendered.
PARTS_READ = (
    "poster__membership__organisation",
    "updated_by",
    "attachments",
    "poster__forum_profile",
)


def bodies(context, posts) -> list[tuple]:
    """(post, main column HTML, poster column HTML) for each of ``posts``, in order."""
    posts = list(posts)
    request = context["request"]
    may_download = request.forum_permission_handler.can_download_files(
        context["forum"], request.user
    )
    by_pk = {post.pk: post for post in posts}

    def build(missing):
        missing = [by_pk[pk] for pk in missing]
        # What the view's query did not bring (none of it when parts are kept).
        prefetch_related_objects(missing, *PARTS_READ)
        engine = context.template.engine
        main, side = engine.get_template(MAIN), engine.get_template(SIDE)
        built = {}
        for post in missing:
            with context.push(post=post, user_can_download_files=may_download):
                built[post.pk] = (main.render(context), side.render(context))
        return built

    kept = page_cache.kept_each(request, by_pk, build, "post-body", may_download)
    return [
        (post, mark_safe(kept[post.pk][0]), mark_safe(kept[post.pk][1]))  # noqa: S308
        for post in posts
    ]
