"""Rank the evaluation queries with the site's real search backend.

Builds a throw-away test database (SQLite by default, PostgreSQL with
DATABASE_URL=postgres://…), stores each evaluation document as a
``StandardPage`` (title = document title, intro = its text) so that
modelsearch indexes it through ``search.backends.database``, and returns
a ranking function. The database is dropped when the process exits.
"""

from __future__ import annotations

import atexit


def database_ranker():
    from django.db import connection
    from django.test.utils import setup_test_environment

    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from bench.search_eval.corpus import documents
    from home.models import StandardPage

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    atexit.register(connection.creation.destroy_test_db, old_name, verbosity=0)

    root = Page.get_first_root_node()
    for document in documents():
        page = StandardPage(
            title=document.title[:255] or document.id,
            slug=document.id,
            intro=document.body,
            body=[],
        )
        root.add_child(instance=page)
    backend = get_search_backend()
    backend.refresh_indexes()

    def rank(query: str) -> list[str]:
        results = backend.search(query, StandardPage, operator="or")[:10]
        return [page.slug for page in results]

    return rank
