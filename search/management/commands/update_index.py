"""``manage.py update_index``: modelsearch's rebuild, with progress per model.

modelsearch prints a dot per chunk and one total per index; on ten thousand
documents of Japanese text (Sudachi analysis, seconds per thousand) that says
little. This prints, per model, how many objects it will index, then after
each chunk how far it is and how fast it goes, and the model's total at the
end. For the site search's own kinds (``search.indexed``) it also removes
the entries of objects that are no longer to be found (a suspended
organisation, a post put back into moderation): modelsearch's rebuild only
removes the entries of deleted objects.
"""

from __future__ import annotations

import time

from modelsearch.backends import get_search_backend
from modelsearch.index import get_indexed_models
from modelsearch.management.commands import rebuild_modelsearch_index as base

from search.indexed import SEARCH_MODELS


class Command(base.Command):
    help = "Rebuild the search index, showing progress per model."

    def update_backend(self, backend_name, schema_only=False, chunk_size=base.DEFAULT_CHUNK_SIZE):
        self.write(f"Updating backend: {backend_name}")
        backend = get_search_backend(backend_name)
        if not backend.rebuilder_class:
            self.write(f"Backend '{backend_name}' doesn't require rebuilding")
            return
        grouped = base.group_models_by_index(backend, get_indexed_models()).items()
        if not grouped:
            self.write(f"{backend_name}: No indices to rebuild")
        for index, models in grouped:
            self.write(f"{backend_name}: Rebuilding index {index}")
            rebuilder = backend.rebuilder_class(index)
            index = rebuilder.start()
            for model in models:
                index.add_model(model)
            total = 0
            if not schema_only:
                for model in models:
                    total += self.index_model(backend_name, index, model, chunk_size)
                    self.remove_hidden(backend, model)
            rebuilder.finish()
            self.write(f"{backend_name}: indexed {total} objects")
            self.analyse(backend)

    def analyse(self, backend) -> None:
        """Fresh planner statistics for the index tables after a rebuild (PostgreSQL).

        Until autovacuum gets to a freshly filled table, PostgreSQL takes a
        full-text match for one row and joins it in a nested loop: 1.2 s
        instead of 0.15 s for a common word over 10,000 documents
        (bench/search_speed.py). The postings are also vacuumed when the
        command runs outside a transaction: ranking then reads their index
        alone (an index-only scan), 40 ms less on a common query.
        """
        from django.db import connections, router

        from modelsearch.conf import get_app_config

        from search.models import IndexedDocument, Posting

        IndexEntry = get_app_config().get_model("IndexEntry")
        connection = connections[router.db_for_write(IndexEntry)]
        if connection.vendor != "postgresql":
            return
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(f'ANALYZE "{IndexEntry._meta.db_table}"')
            for model in (Posting, IndexedDocument):
                cursor.execute(f'{command} "{model._meta.db_table}"')
        self.write(f"analysed {IndexEntry._meta.db_table}")

    def index_model(self, backend_name, index, model, chunk_size) -> int:
        name = f"{backend_name}: {model._meta.label}"
        queryset = model.get_indexed_objects().order_by("pk")
        expected = queryset.count()
        self.write(f"{name}: {expected} objects")
        done = 0
        started = time.monotonic()
        for chunk in self.queryset_chunks(queryset, chunk_size):
            index.add_items(model, chunk)
            done += len(chunk)
            elapsed = time.monotonic() - started
            rate = done / elapsed if elapsed else 0
            share = done * 100 // expected if expected else 100
            self.write(f"{name}: {done}/{expected} ({share}%), {rate:.0f} objects/s")
            self.stdout.flush()
        self.write(f"{name}: {done} indexed in {time.monotonic() - started:.1f} s")
        return done

    def remove_hidden(self, backend, model) -> None:
        """Remove the entries of our kinds' objects that exist but are not indexed."""
        if model not in SEARCH_MODELS.values():
            return
        hidden = model._default_manager.exclude(pk__in=model.get_indexed_objects().values("pk"))
        for pk in hidden.values_list("pk", flat=True).iterator():
            backend.delete(model(pk=pk))
