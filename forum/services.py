"""Forum services that are not about permissions (see permissions.py)."""

from django.db import transaction

from machina.core.db.models import get_model

from cms import page_cache
from forum.markup import render

Forum = get_model("forum", "Forum")
ForumProfile = get_model("forum_member", "ForumProfile")
Post = get_model("forum_conversation", "Post")

# model → (markdown field, stored HTML field)
MARKUP_FIELDS = (
    (Post, "content", "_content_rendered"),
    (ForumProfile, "signature", "_signature_rendered"),
    (Forum, "description", "_description_rendered"),
)


def rerender_markup(batch_size=500) -> dict[str, int]:
    """Re-render the stored HTML of every markup field; returns changed rows per model."""
    counts = {}
    for model, source, target in MARKUP_FIELDS:
        changed = 0
        queryset = model._default_manager.order_by("pk").values_list("pk", source, target)
        with transaction.atomic():
            pending = []
            for pk, raw, stored in queryset.iterator(chunk_size=batch_size):
                html = render(raw) if raw else ""
                if html != (stored or ""):
                    pending.append(model(pk=pk, **{target: html}))
                if len(pending) >= batch_size:
                    changed += _save(model, target, pending)
            changed += _save(model, target, pending)
            if changed:
                # QuerySet.update() sends no signal: pages keep the old HTML.
                page_cache.content_changed()
        counts[model._meta.label] = changed
    return counts


def _save(model, field, rows):
    count = len(rows)
    for row in rows:
        model._default_manager.filter(pk=row.pk).update(**{field: getattr(row, field)})
    rows.clear()
    return count
